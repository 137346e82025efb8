"""A running identity service takes a rotated key directory up without a restart, and drops no token."""
from __future__ import annotations

import time
import uuid
from datetime import timedelta

import jwt
import pytest
from click.testing import CliRunner

from procure.cli import main as procure

from services.identity.adapters import signing_keys
from services.identity.adapters.signing_keys import generate_key_file, rotate_keys

pytestmark = pytest.mark.integration


@pytest.fixture
def service(identity_settings, tmp_path, monkeypatch):
    from opentelemetry.sdk.trace import TracerProvider

    from services.identity.app import create_app
    monkeypatch.setattr(signing_keys, "RECHECK_SECONDS", 0.0)  # notice the change at once instead of within 5 s
    generate_key_file(tmp_path)
    settings = identity_settings.model_copy(update={"signing_keys_dir": tmp_path})
    return create_app(settings, tracer_provider=TracerProvider())


def auditor_token(app) -> str:
    wiring = app.extensions["procure.identity"]
    now = int(time.time())
    return wiring.signing_keys.sign({
        "iss": wiring.settings.issuer, "aud": wiring.settings.audience, "sub": str(uuid.uuid4()),
        "org": str(uuid.uuid4()), "roles": ["auditor"], "scope": "api", "iat": now, "exp": now + 900,
        "jti": str(uuid.uuid4())})


def published_kids(client) -> list[str]:
    return [jwk["kid"] for jwk in client.get("/.well-known/jwks.json").json["keys"]]


def accepted(client, token: str) -> bool:
    response = client.get("/v1/identity/audit/events?limit=1", headers={"Authorization": f"Bearer {token}"})
    return response.status_code == 200


def test_a_running_service_publishes_then_signs_with_a_rotated_key_and_keeps_accepting_old_tokens(service, tmp_path):
    client = service.test_client()
    before = auditor_token(service)

    rotation = rotate_keys(tmp_path, publish_ahead=timedelta(seconds=1), retire_after=timedelta(hours=1))
    published = published_kids(client)
    during_lead = auditor_token(service)
    time.sleep(1.1)
    after = auditor_token(service)

    assert rotation.new_kid in published
    assert jwt.get_unverified_header(during_lead)["kid"] == jwt.get_unverified_header(before)["kid"]
    assert jwt.get_unverified_header(after)["kid"] == rotation.new_kid
    assert all(accepted(client, token) for token in (before, during_lead, after))


def test_the_rotate_command_records_the_rotation_in_the_audit_log(identity_settings, identity_client, mint, tmp_path):
    generate_key_file(tmp_path)
    environ = {"PROCURE_DATABASE_URL": identity_settings.database_url.get_secret_value(),
               "PROCURE_DATABASE_PREFIX": identity_settings.database_prefix}

    result = CliRunner(env=environ).invoke(procure, ["keys", "rotate", "--dir", str(tmp_path)])
    new_kid = result.output.split()[1].rstrip(";")
    events = identity_client.get("/v1/identity/audit/events?action=signing-key.rotated",
                                 headers={"Authorization": mint(roles=["auditor"], organisation=uuid.uuid4())})

    assert result.exit_code == 0, result.output
    assert "recorded in the audit log" in result.output
    assert events.json["items"][0]["subject"] == new_kid
    assert events.json["items"][0]["details"]["replaces"] is not None
