"""Gateway settings come from PROCURE_* variables, checked once at start."""
import pytest

from gateway.config import GatewaySettings
from procure.config import SERVICES, ConfigurationError, load_settings

pytestmark = pytest.mark.unit


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("PROCURE_ISSUER", "https://procure.test/identity")
    monkeypatch.setenv("PROCURE_JWKS_URL", "http://127.0.0.1:8001/.well-known/jwks.json")
    for number, name in enumerate(SERVICES):
        monkeypatch.setenv(f"PROCURE_{name.upper()}_URL", f"http://127.0.0.1:{8001 + number}/")
    return monkeypatch


def test_defaults_are_safe(environment):
    settings = load_settings(GatewaySettings)

    assert settings.cors_origins == []
    assert settings.rate_limit == "600/minute;60/second"
    assert settings.rate_limit_storage_url == "memory://"
    assert (settings.upstream_connect_timeout_seconds, settings.upstream_read_timeout_seconds) == (2.0, 30.0)
    assert settings.notices_url == "http://127.0.0.1:8002"


def test_a_missing_service_url_stops_the_start_with_one_line_naming_it(environment):
    environment.delenv("PROCURE_BIDS_URL")

    with pytest.raises(ConfigurationError) as stopped:
        load_settings(GatewaySettings)

    assert str(stopped.value.code) == "configuration error: PROCURE_BIDS_URL is required but not set"


def test_cors_origins_may_be_comma_separated(environment):
    environment.setenv("PROCURE_CORS_ORIGINS", "https://a.example, https://b.example/")

    assert load_settings(GatewaySettings).cors_origins == ["https://a.example", "https://b.example"]


def test_cors_origins_may_be_a_json_list(environment):
    environment.setenv("PROCURE_CORS_ORIGINS", '["https://a.example"]')

    assert load_settings(GatewaySettings).cors_origins == ["https://a.example"]


def test_a_rate_limit_flask_limiter_cannot_read_is_refused_at_start(environment):
    environment.setenv("PROCURE_RATE_LIMIT", "lots per hour")

    with pytest.raises(ConfigurationError, match="PROCURE_RATE_LIMIT is invalid"):
        load_settings(GatewaySettings)


def test_a_service_url_that_is_not_http_is_refused_at_start(environment):
    environment.setenv("PROCURE_ALERTS_URL", "alerts:8005")

    with pytest.raises(ConfigurationError, match="PROCURE_ALERTS_URL is invalid"):
        load_settings(GatewaySettings)
