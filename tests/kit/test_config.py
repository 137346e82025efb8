"""Settings are read once from the environment; a bad one stops the process with one clear line."""
from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from procure.config import (CommonSettings, ConfigurationError, DatabaseSettings, KitSettings,
                            load_settings)

pytestmark = pytest.mark.unit

SERVER_URL = "postgresql://procure:hunter2-secret@db.example:5432/postgres"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No PROCURE_* variable of the machine running the tests leaks into these."""
    for name in list(os.environ):
        if name.startswith("PROCURE_"):
            monkeypatch.delenv(name)


def configuration_error(settings_class, **overrides) -> str:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(settings_class, **overrides)
    return str(raised.value)


def test_a_configuration_error_stops_the_process_like_sys_exit():
    assert issubclass(ConfigurationError, SystemExit)


def test_a_missing_variable_stops_with_one_line_naming_it():
    message = configuration_error(DatabaseSettings)

    assert "PROCURE_DATABASE_URL" in message
    assert "required" in message
    assert "\n" not in message


def test_a_missing_secret_has_no_default_and_is_named():
    message = configuration_error(KitSettings, issuer="https://region.example", jwks_url="https://id/jwks",
                                  database_url=SERVER_URL)

    assert "PROCURE_AMQP_URL" in message
    assert "\n" not in message


def test_a_required_variable_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PROCURE_ISSUER", "https://region.example")
    monkeypatch.setenv("PROCURE_JWKS_URL", "https://region.example/.well-known/jwks.json")

    settings = load_settings(CommonSettings)

    assert settings.issuer == "https://region.example"
    assert settings.jwks_url == "https://region.example/.well-known/jwks.json"


def test_an_invalid_number_names_the_variable_and_why(monkeypatch):
    monkeypatch.setenv("PROCURE_MAX_BODY_BYTES", "0")

    message = configuration_error(CommonSettings, issuer="https://region.example", jwks_url="https://id/jwks")

    assert "PROCURE_MAX_BODY_BYTES is invalid" in message
    assert "greater than 0" in message
    assert "\n" not in message


def test_a_value_outside_its_choices_names_the_variable_and_the_choices(monkeypatch):
    monkeypatch.setenv("PROCURE_LOG_LEVEL", "LOUD")

    message = configuration_error(CommonSettings, issuer="https://region.example", jwks_url="https://id/jwks")

    assert "PROCURE_LOG_LEVEL is invalid" in message
    assert "DEBUG" in message and "ERROR" in message


@pytest.mark.parametrize("url", ["mysql://procure:hunter2-secret@db.example/procure",
                                 "sqlite:///procure.db",
                                 "postgres://procure:hunter2-secret@db.example/procure"])
def test_a_database_url_that_is_not_postgresql_is_refused(url):
    message = configuration_error(DatabaseSettings, database_url=url)

    assert "PROCURE_DATABASE_URL is invalid" in message
    assert "postgresql://" in message


def test_a_blank_database_url_is_refused():
    message = configuration_error(DatabaseSettings, database_url="   ")

    assert "PROCURE_DATABASE_URL is invalid" in message
    assert "empty" in message


def test_a_refused_database_url_never_echoes_its_password():
    message = configuration_error(DatabaseSettings, database_url="mysql://procure:hunter2-secret@db.example/x")

    assert "hunter2-secret" not in message


@pytest.mark.parametrize("url", ["not a url", "://"])
def test_an_unparsable_database_url_stops_with_one_line_naming_it(url):
    message = configuration_error(DatabaseSettings, database_url=url)

    assert "PROCURE_DATABASE_URL is invalid" in message


def test_a_bad_database_prefix_is_refused():
    message = configuration_error(DatabaseSettings, database_url=SERVER_URL, database_prefix="Drop Table;")

    assert "PROCURE_DATABASE_PREFIX is invalid" in message


def test_each_service_gets_its_own_database_on_the_server_with_the_psycopg_driver():
    settings = load_settings(DatabaseSettings, database_url=SERVER_URL)

    assert settings.service_database_url("notices") == (
        "postgresql+psycopg://procure:hunter2-secret@db.example:5432/procure_notices")


def test_the_database_prefix_is_put_before_the_service_name():
    settings = load_settings(DatabaseSettings, database_url=SERVER_URL, database_prefix="t1234_")

    assert settings.service_database_url("bids").endswith("/t1234_bids")


def test_an_explicit_psycopg_driver_and_an_encoded_password_are_kept():
    settings = load_settings(DatabaseSettings,
                             database_url="postgresql+psycopg://procure:p%40ss%2Fw@db.example/postgres")

    assert settings.service_database_url("alerts") == (
        "postgresql+psycopg://procure:p%40ss%2Fw@db.example/procure_alerts")


def test_secrets_never_appear_in_the_repr_of_settings():
    settings = load_settings(KitSettings, issuer="https://region.example", jwks_url="https://id/jwks",
                             database_url=SERVER_URL, amqp_url="amqp://guest:rabbit-secret@mq.example//",
                             s3_secret_key="s3-secret-value")

    shown = repr(settings) + str(settings)

    for secret in ("hunter2-secret", "rabbit-secret", "s3-secret-value"):
        assert secret not in shown
    assert settings.amqp_url.get_secret_value() == "amqp://guest:rabbit-secret@mq.example//"


def test_settings_cannot_be_changed_after_they_are_read():
    settings = load_settings(DatabaseSettings, database_url=SERVER_URL)

    with pytest.raises(ValidationError):
        settings.database_prefix = "other_"
