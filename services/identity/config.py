"""Settings of the identity service."""
from pathlib import Path

from pydantic import Field

from procure.config import KitSettings


class IdentitySettings(KitSettings):
    signing_keys_dir: Path = Field(description="directory of Ed25519 private keys (PEM); the newest signs")
    access_token_seconds: int = Field(900, ge=60, le=3600)
    refresh_token_days: int = Field(30, ge=1, le=365)
