"""Settings of the identity service."""
from pathlib import Path

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from procure.config import KitSettings


class IdentitySettings(KitSettings):
    signing_keys_dir: Path = Field(description="directory of Ed25519 private keys (PEM); the newest signs")
    access_token_seconds: int = Field(900, ge=60, le=3600)
    refresh_token_days: int = Field(30, ge=1, le=365)
    # People's accounts (services/identity/service/accounts.py).
    account_links_base_url: str | None = Field(None, description="where e-mailed links point; default: issuer")
    account_secrets_keys: SecretStr | None = Field(
        None, validate_default=True,
        description="Fernet keys, comma-separated, sealing TOTP secrets and pending links (first seals)")
    login_max_failures: int = Field(5, ge=2, le=100)
    login_lock_minutes: int = Field(15, ge=1, le=1440)
    password_reset_minutes: int = Field(60, ge=5, le=1440)
    email_verification_hours: int = Field(48, ge=1, le=720)
    invitation_days: int = Field(7, ge=1, le=90)
    # Signature validation and trusted lists (services/identity/service/signatures.py, trust.py).
    signature_max_bytes: int = Field(50 * 1024 * 1024, ge=1024, description="largest signed document or .p7s")
    trusted_list_max_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="largest trusted list XML")

    @field_validator("account_secrets_keys")
    @classmethod
    def _sealed_in_production(cls, value, info: ValidationInfo):
        # Without keys, second-factor secrets would sit in the database in clear: development only.
        if value is None and info.data.get("env") == "production":
            raise ValueError("is required in production (Fernet keys, comma-separated)")
        return value
