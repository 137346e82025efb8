"""Settings of the gateway, read once from the environment (`PROCURE_...`) and validated at start."""
from __future__ import annotations

import json
from typing import Annotated

from limits import parse_many
from pydantic import Field, field_validator
from pydantic_settings import NoDecode
from urllib3.util import parse_url

from procure.config import SERVICES, CommonSettings


class GatewaySettings(CommonSettings):
    identity_url: str = Field(description="base URL of the identity service, e.g. http://127.0.0.1:8001")
    notices_url: str = Field(description="base URL of the notices service")
    documents_url: str = Field(description="base URL of the documents service")
    bids_url: str = Field(description="base URL of the bids service")
    alerts_url: str = Field(description="base URL of the alerts service")
    # NoDecode: operators write `https://a.example,https://b.example` as often as JSON.
    cors_origins: Annotated[list[str], NoDecode] = []
    # flask-limiter syntax, per client; empty turns rate limiting off (benchmarks, one-process mode).
    rate_limit: str = "600/minute;60/second"
    rate_limit_storage_url: str = "memory://"
    upstream_connect_timeout_seconds: float = Field(2.0, gt=0, le=60)
    upstream_read_timeout_seconds: float = Field(30.0, gt=0, le=3600)
    openapi_cache_seconds: float = Field(30, ge=0, le=86400)

    @field_validator("identity_url", "notices_url", "documents_url", "bids_url", "alerts_url")
    @classmethod
    def _an_http_base_url(cls, value: str) -> str:
        url = parse_url(value.strip())
        if url.scheme not in ("http", "https") or not url.host or url.query or url.fragment:
            raise ValueError("must be an http:// or https:// base URL without query or fragment")
        return value.strip().rstrip("/")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _json_or_comma_separated(cls, value):
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else text.split(",")
        if not isinstance(value, list):
            return value  # pydantic says what is wrong with it
        # A browser's Origin never ends in "/": an allow-list entry that does would never match.
        cleaned = [origin.strip().rstrip("/") if isinstance(origin, str) else origin for origin in value]
        return [origin for origin in cleaned if origin != ""]

    @field_validator("rate_limit")
    @classmethod
    def _flask_limiter_syntax(cls, value: str) -> str:
        if value.strip():
            parse_many(value)  # raises ValueError naming what it could not read
        return value.strip()

    def service_urls(self) -> dict[str, str]:
        """Base URL of every service behind the gateway, by service name."""
        return {name: getattr(self, f"{name}_url") for name in SERVICES}
