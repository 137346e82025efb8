"""The real documents app on its own migrated database and a bucket of its own on the real S3 server."""
from __future__ import annotations

import secrets

import pytest

from procure.migrations import migrate
from tests.services.notices.fakes import AUDIENCE, ISSUER, TokenIssuer


@pytest.fixture(scope="session")
def issuer() -> TokenIssuer:
    return TokenIssuer()


@pytest.fixture(scope="session")
def documents_settings(postgres_url, database_prefix, amqp_url, s3_server):
    from services.documents.config import DocumentsSettings
    settings = DocumentsSettings(
        database_url=postgres_url, database_prefix=f"{database_prefix}doc_", amqp_url=amqp_url,
        issuer=ISSUER, audience=AUDIENCE, jwks_url="http://identity.invalid/.well-known/jwks.json",
        log_format="text", s3_endpoint=s3_server.endpoint, s3_access_key=s3_server.access_key,
        s3_secret_key=s3_server.secret_key, s3_secure=False, s3_bucket=f"documents-{secrets.token_hex(4)}",
        multipart_threshold_bytes=6 * 1024 * 1024, multipart_part_bytes=5 * 1024 * 1024)
    migrate("documents", settings.service_database_url("documents"))
    from procure.storage import storage_from_settings
    storage_from_settings(settings).ensure_bucket(settings.s3_bucket)
    return settings


@pytest.fixture(scope="session")
def documents_app(documents_settings, issuer):
    from opentelemetry.sdk.trace import TracerProvider

    from services.documents.app import create_app
    return create_app(documents_settings, tracer_provider=TracerProvider(), verifier=issuer.verifier())


@pytest.fixture
def documents_client(documents_app):
    return documents_app.test_client()
