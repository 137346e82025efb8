"""`procure identity ...`: the identity service's operator commands."""
from __future__ import annotations

import click


@click.group()
def identity() -> None:
    """Operator commands of the identity service (they read the same PROCURE_* settings)."""


@identity.group()
def audit() -> None:
    """The hash-chained audit log of security events."""


@audit.command("verify")
def verify_audit() -> None:
    """Walk the audit chain from its first link; exit 1 naming the first broken link, 2 if it cannot be read."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from procure.config import DatabaseSettings, load_settings
    from procure.database import create_engine
    from services.identity.adapters.audit_log import AuditLog
    from services.identity.domain.audit import verify_chain

    # Only the database: verifying needs neither the keys nor the bus.
    settings = load_settings(DatabaseSettings)
    engine = create_engine(settings.service_database_url("identity"), poolclass=sa.NullPool)
    try:
        with Session(engine) as session:
            verdict = verify_chain(AuditLog(session).links())
    except sa.exc.OperationalError as error:
        click.echo(f"cannot verify: the identity database is unreachable ({error.orig})", err=True)
        raise SystemExit(2) from None
    finally:
        engine.dispose()
    if verdict.intact:
        click.echo(f"intact: {verdict.links} links")
        return
    click.echo(f"broken at link {verdict.first_broken_link}: {verdict.reason} "
               f"({verdict.links} links before it hold)")
    raise SystemExit(1)
