"""`procure identity ...`: the identity service's operator commands."""
from __future__ import annotations

import click


@click.group()
def identity() -> None:
    """Operator commands of the identity service (they read the same PROCURE_* settings)."""
