"""The `procure` command line: run the suite, one part of it, migrations, keys, benchmarks."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from procure.components import GATEWAY, SERVICES

PARTS = click.Choice([GATEWAY, *SERVICES])


class _WithServiceCommands(click.Group):
    """Adds each service's own command group (`procure identity ...`), imported only when asked for."""

    SERVICE_GROUPS = {"identity": "services.identity.cli:identity", "codes": "services.notices.cli:codes"}

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *self.SERVICE_GROUPS])

    def get_command(self, ctx, name):
        if name in self.SERVICE_GROUPS:
            import importlib
            module, _, attribute = self.SERVICE_GROUPS[name].partition(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_WithServiceCommands)
def main() -> None:
    """Procure: a region's e-procurement suite."""


@main.command()
@click.option("--data-dir", type=click.Path(path_type=Path), default=Path(".procure"), show_default=True,
              envvar="PROCURE_DATA_DIR", help="Where the suite keeps its data between runs.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True, help="The gateway's port.")
def up(data_dir: Path, host: str, port: int) -> None:
    """Start the whole suite on embedded defaults; Ctrl-C stops it."""
    from procure.telemetry import configure_logging
    from procure.up import run_up
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.resolve() / "run"))
    configure_logging(os.environ.get("PROCURE_LOG_LEVEL", "WARNING"), os.environ.get("PROCURE_LOG_FORMAT", "text"))
    run_up(data_dir, host=host, port=port, announce=lambda line: click.echo(line, err=False))


@main.command()
@click.argument("services", nargs=-1, type=click.Choice(SERVICES))
def migrate(services: tuple[str, ...]) -> None:
    """Create each service's database if needed and apply its migrations (all services by default)."""
    from procure.config import DatabaseSettings, load_settings
    from procure.migrations import migrate as migrate_service
    settings = load_settings(DatabaseSettings)
    for name in services or SERVICES:
        migrate_service(name, settings.service_database_url(name))
        click.echo(f"{name}: migrated")


@main.command()
@click.argument("part", type=PARTS)
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--threads", type=int, default=8, show_default=True)
def serve(part: str, bind: str, workers: int, threads: int) -> None:
    """Serve one part over HTTP under gunicorn, as in production."""
    from procure.components import wsgi_target
    command = [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads), wsgi_target(part)]
    os.execv(sys.executable, command)


@main.command()
@click.argument("service", type=click.Choice(SERVICES))
def worker(service: str) -> None:
    """Run a service's outbox relay and event consumers until SIGINT or SIGTERM."""
    from procure.components import worker_factory
    from procure.telemetry import configure_logging
    configure_logging(os.environ.get("PROCURE_LOG_LEVEL", "INFO"), os.environ.get("PROCURE_LOG_FORMAT", "json"))
    worker_factory(service)().run_until_signalled()


@main.group()
def keys() -> None:
    """The identity service's token signing keys."""


@keys.command("generate")
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True,
              help="The directory PROCURE_SIGNING_KEYS_DIR points to.")
def generate_key(directory: Path) -> None:
    """Add a signing key that signs at once (first setup); to replace a key in use, rotate instead."""
    from services.identity.adapters.signing_keys import generate_key_file
    click.echo(generate_key_file(directory))


@keys.command("rotate")
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True,
              help="The directory PROCURE_SIGNING_KEYS_DIR points to.")
@click.option("--publish-ahead", type=click.IntRange(min=0), default=600, show_default=True, metavar="SECONDS",
              help="How long the new key is published before it signs; longer than any verifier "
                   "caches the key set (the JWKS is served with max-age=300).")
@click.option("--retire-after", type=click.IntRange(min=0), default=3900, show_default=True, metavar="SECONDS",
              help="Remove keys that stopped signing this long ago; longer than the longest access-token "
                   "lifetime (at most 3600) plus clock leeway.")
def rotate_key(directory: Path, publish_ahead: int, retire_after: int) -> None:
    """Add a key that signs once every verifier can know it; retire keys whose last tokens have expired."""
    from datetime import timedelta

    from services.identity.adapters.signing_keys import rotate_keys
    rotation = rotate_keys(directory, publish_ahead=timedelta(seconds=publish_ahead),
                           retire_after=timedelta(seconds=retire_after))
    click.echo(f"published {rotation.new_kid}; it signs from {rotation.activates_at.isoformat()}")
    if rotation.signing_until_then:
        click.echo(f"{rotation.signing_until_then} signs until then and verifies until retired")
    for kid in rotation.retired:
        click.echo(f"retired {kid}")
    _record_rotation(rotation)


def _record_rotation(rotation) -> None:
    """In the identity audit log when this machine reaches its database; the keys have changed either way."""
    if not os.environ.get("PROCURE_DATABASE_URL"):
        click.echo("not recorded in the audit log: PROCURE_DATABASE_URL is not set")
        return
    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    from procure.config import DatabaseSettings, load_settings
    from procure.database import create_engine
    from services.identity.service.audit import record_key_rotation
    from services.identity.service.clock import utc_now
    from services.identity.service.unit_of_work import IdentityUnitOfWork
    engine = create_engine(load_settings(DatabaseSettings).service_database_url("identity"), poolclass=sa.NullPool)
    uow = IdentityUnitOfWork(sessionmaker(engine), exchange="identity.events", source="procure/identity")
    try:
        record_key_rotation(rotation.new_kid, rotation.activates_at, rotation.signing_until_then,
                            rotation.retired, uow, utc_now())
        click.echo("recorded in the audit log")
    except sa.exc.SQLAlchemyError as error:
        click.echo(f"not recorded in the audit log: {type(error).__name__}", err=True)
    finally:
        engine.dispose()


@main.command()
@click.option("--full", is_flag=True, help="Full-size runs instead of the quick ones.")
def bench(full: bool) -> None:
    """Run every benchmark in bench/ and print one table of their figures."""
    raise SystemExit(subprocess.call([sys.executable, "-m", "bench", *([] if full else ["--quick"])]))


if __name__ == "__main__":
    main()
