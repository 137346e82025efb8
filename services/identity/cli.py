"""`procure identity ...`: the identity service's operator commands."""
from __future__ import annotations

import click


@click.group()
def identity() -> None:
    """Operator commands of the identity service (they read the same PROCURE_* settings)."""


@identity.group("platform-admin")
def platform_admin() -> None:
    """The people who administer the platform for the region."""


@platform_admin.command("create")
@click.option("--email", required=True, help="The administrator's e-mail address (their login).")
@click.option("--name", required=True, help="The administrator's name.")
@click.option("--organisation-name", default="Platform operator", show_default=True,
              help="Name of the region's operator organisation, if it does not exist yet.")
@click.option("--country", default="EU", show_default=True, help="Country of the operator organisation.")
@click.password_option(envvar="PROCURE_ADMIN_PASSWORD", help="Prompted for, or read from PROCURE_ADMIN_PASSWORD.")
def create_platform_admin(email: str, name: str, organisation_name: str, country: str, password: str) -> None:
    """Create the region's operator organisation (if missing) and a platform administrator in it."""
    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    from procure.config import DatabaseSettings, load_settings
    from procure.database import create_engine
    from procure.errors import ProcureError
    from services.identity.service.platform import CreatePlatformAdmin, create_platform_admin as create
    from services.identity.service.unit_of_work import IdentityUnitOfWork

    settings = load_settings(DatabaseSettings)
    engine = create_engine(settings.service_database_url("identity"), poolclass=sa.NullPool)
    uow = IdentityUnitOfWork(sessionmaker(engine), exchange="identity.events", source="procure/identity")
    command = CreatePlatformAdmin(email=email, name=name, password=password,
                                  organisation_name=organisation_name, country=country)
    try:
        organisation, user = create(command, uow)
    except ProcureError as error:
        problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in (error.errors or {}).items())
        click.echo(f"refused: {error.detail} {problems}".strip(), err=True)
        raise SystemExit(1) from None
    finally:
        engine.dispose()
    click.echo(f"platform administrator {user.email} ({user.id}) in organisation {organisation.id}")


@identity.group()
def audit() -> None:
    """The hash-chained audit log of security events."""


@audit.command("verify")
def verify_audit() -> None:
    """Walk the audit chain from its first link; exit 1 naming the first broken link, 2 if it cannot be read."""
    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    from procure.config import DatabaseSettings, load_settings
    from procure.database import create_engine
    from services.identity.service.audit import verify_audit_chain
    from services.identity.service.unit_of_work import IdentityUnitOfWork

    # Only the database: verifying needs neither the keys nor the bus.
    settings = load_settings(DatabaseSettings)
    engine = create_engine(settings.service_database_url("identity"), poolclass=sa.NullPool)
    uow = IdentityUnitOfWork(sessionmaker(engine), exchange="identity.events", source="procure/identity")
    try:
        verdict = verify_audit_chain(uow)
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
