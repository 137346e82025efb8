"""The real identity app on its own PostgreSQL database, and tokens for any persona.

`identity_client` talks to the real routes, handlers and tables; `mint` signs an access
token with the app's own signing key for whatever organisation and roles a test needs,
so persona tests need not walk through registration and invitations first.
"""
from __future__ import annotations

import time
import uuid

import pytest

from procure.migrations import migrate
from services.identity.adapters.signing_keys import generate_key_file


@pytest.fixture(scope="session")
def identity_settings(postgres_url, database_prefix, amqp_url, tmp_path_factory):
    from services.identity.config import IdentitySettings
    keys = tmp_path_factory.mktemp("identity-keys")
    generate_key_file(keys)
    settings = IdentitySettings(
        database_url=postgres_url, database_prefix=f"{database_prefix}own_", amqp_url=amqp_url,
        issuer="https://region.example", jwks_url="http://identity.invalid/.well-known/jwks.json",
        signing_keys_dir=keys, log_format="text")
    migrate("identity", settings.service_database_url("identity"))
    return settings


@pytest.fixture(scope="session")
def identity_app(identity_settings):
    from opentelemetry.sdk.trace import TracerProvider

    from services.identity.app import create_app
    return create_app(identity_settings, tracer_provider=TracerProvider())


@pytest.fixture
def identity_client(identity_app):
    return identity_app.test_client()


@pytest.fixture(scope="session")
def identity_wiring(identity_app):
    return identity_app.extensions["procure.identity"]


@pytest.fixture(scope="session")
def mint(identity_wiring, identity_settings):
    """mint(roles=..., organisation=..., subject=...) -> an `Authorization` header value."""
    def token(*, roles=(), organisation: uuid.UUID | str | None = None, subject: str | None = None,
              scope: str = "api", **claims) -> str:
        now = int(time.time())
        body = {"iss": identity_settings.issuer, "aud": identity_settings.audience,
                "sub": subject or str(uuid.uuid4()), "roles": list(roles), "scope": scope,
                "iat": now, "exp": now + 900, "jti": str(uuid.uuid4()), **claims}
        if organisation is not None:
            body["org"] = str(organisation)
        return f"Bearer {identity_wiring.signing_keys.sign(body)}"
    return token
