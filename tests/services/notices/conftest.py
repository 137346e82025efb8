"""The real notices app on its own migrated PostgreSQL database, and tokens for any persona.

`notices_app` runs the real routes, handlers, rules and tables; its verifier trusts `issuer`,
which signs a token for whatever organisation and roles a test needs.
"""
from __future__ import annotations

import pytest

from procure.migrations import migrate
from tests.services.notices.fakes import AUDIENCE, ISSUER, TokenIssuer


@pytest.fixture(scope="session")
def issuer() -> TokenIssuer:
    return TokenIssuer()


@pytest.fixture(scope="session")
def notices_settings(postgres_url, database_prefix, amqp_url):
    from services.notices.config import NoticesSettings
    settings = NoticesSettings(
        database_url=postgres_url, database_prefix=f"{database_prefix}ntc_", amqp_url=amqp_url,
        issuer=ISSUER, audience=AUDIENCE, jwks_url="http://identity.invalid/.well-known/jwks.json",
        log_format="text")
    migrate("notices", settings.service_database_url("notices"))
    return settings


@pytest.fixture(scope="session")
def notices_app(notices_settings, issuer):
    from opentelemetry.sdk.trace import TracerProvider

    from services.notices.app import create_app
    return create_app(notices_settings, tracer_provider=TracerProvider(), verifier=issuer.verifier())


@pytest.fixture
def notices_client(notices_app):
    return notices_app.test_client()


@pytest.fixture
def notices_clock(notices_app):
    """Sets the app's clock for one test: `notices_clock.now = ...`, `notices_clock.advance(days=1)`."""
    from datetime import datetime, timezone

    from tests.services.notices.fakes import FixedClock
    wiring = notices_app.extensions["procure.notices"]
    previous, wiring.clock = wiring.clock, FixedClock(datetime.now(timezone.utc).replace(microsecond=0))
    yield wiring.clock
    wiring.clock = previous
