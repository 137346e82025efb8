"""Typed settings read once from the environment and validated at start.

A missing or invalid setting stops the process with one line naming the variable.
No secret has a default value.
"""
from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_PREFIX = "PROCURE_"
SERVICES = ("identity", "notices", "documents", "bids", "alerts")


class ConfigurationError(SystemExit):
    """Stops the process; its message is the one line an operator needs."""

    def __init__(self, message: str):
        super().__init__(f"configuration error: {message}")


class CommonSettings(BaseSettings):
    """Settings of every process that serves HTTP: the gateway and each service."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    env: Literal["development", "production"] = "development"
    issuer: str = Field(description="this region's token issuer URL")
    audience: str = "procure"
    jwks_url: str = Field(description="where the identity service publishes its JSON Web Key Set")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0)


class DatabaseSettings(BaseSettings):
    """Where the services' databases live; all that `procure migrate` needs."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    database_url: SecretStr = Field(description="PostgreSQL server URL; each service uses its own database on it")
    database_prefix: str = Field("procure_", pattern=r"^[a-z][a-z0-9_]{0,30}$")

    @field_validator("database_url")
    @classmethod
    def _a_postgresql_url(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        try:
            driver = make_url(value.get_secret_value()).drivername
        except ArgumentError:
            raise ValueError("is not a URL") from None
        if not driver.startswith("postgresql"):
            raise ValueError("must be a postgresql:// URL")
        return value

    def service_database_url(self, service: str) -> str:
        """The database of one service on the configured server."""
        url = make_url(self.database_url.get_secret_value())
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.set(database=f"{self.database_prefix}{service}").render_as_string(hide_password=False)


class KitSettings(CommonSettings, DatabaseSettings):
    """Settings every service process needs."""

    amqp_url: SecretStr = Field(description="RabbitMQ URL (amqp://...) or memory:// in one-process mode")
    outbox_poll_seconds: float = Field(0.2, gt=0, le=60)
    consumer_retry_delays: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0)
    s3_endpoint: str | None = None
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_secure: bool = True

    @field_validator("amqp_url")
    @classmethod
    def _not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value


Settings = TypeVar("Settings", bound=BaseSettings)


def load_settings(settings_class: type[Settings], **overrides) -> Settings:
    """Read settings once; turn the first validation failure into one clear line."""
    try:
        return settings_class(**overrides)
    except ValidationError as error:
        raise ConfigurationError(_first_problem(settings_class, error)) from None


def _first_problem(settings_class: type[BaseSettings], error: ValidationError) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    prefix = settings_class.model_config.get("env_prefix", "")
    variable = (prefix + field).upper()
    if first["type"] == "missing":
        return f"{variable} is required but not set"
    return f"{variable} is invalid: {first['msg']}"
