"""`procure codes ...`: load official CPV and NUTS code lists into the notices service's label store."""
from __future__ import annotations

from pathlib import Path

import click


@click.group()
def codes() -> None:
    """CPV and NUTS labels in every language (they read the same PROCURE_* settings as the service)."""


def _unit_of_work():
    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    from procure.config import DatabaseSettings, load_settings
    from procure.database import create_engine
    from services.notices.service.unit_of_work import NoticesUnitOfWork
    engine = create_engine(load_settings(DatabaseSettings).service_database_url("notices"), poolclass=sa.NullPool)
    return engine, NoticesUnitOfWork(sessionmaker(engine), exchange="notices.events", source="procure/notices")


@codes.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_codes(file: Path) -> None:
    """Load a Genericode CPV or NUTS list with every language it carries; importing again updates it."""
    from procure.errors import ProcureError
    from services.notices.service.codes import import_code_list
    engine, uow = _unit_of_work()
    try:
        report = import_code_list(file, uow)
    except ProcureError as error:
        click.echo(f"refused: {error.detail}", err=True)
        raise SystemExit(1) from None
    finally:
        engine.dispose()
    click.echo(f"{report.code_list.value}: {report.codes} codes, {report.labels} labels in "
               f"{len(report.languages)} languages ({', '.join(sorted(report.languages))})")
    if report.unknown_codes:
        click.echo(f"skipped {len(report.unknown_codes)} codes not in the {report.code_list.value} list: "
                   f"{', '.join(report.unknown_codes[:10])}", err=True)
    if report.other_languages:
        click.echo(f"skipped columns of languages other than the EU official ones: "
                   f"{', '.join(sorted(report.other_languages))}", err=True)


@codes.command("status")
def status() -> None:
    """How many labels each list has in each language."""
    from services.notices.service.codes import ensure_shipped_labels, label_counts
    engine, uow = _unit_of_work()
    try:
        ensure_shipped_labels(uow)
        counts = label_counts(uow)
    finally:
        engine.dispose()
    for code_list, language, count in counts:
        click.echo(f"{code_list}\t{language}\t{count}")
