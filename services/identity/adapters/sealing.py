"""Sealing secrets the identity service must read back (second-factor secrets, pending e-mail links).

With PROCURE_ACCOUNT_SECRETS_KEYS set (Fernet keys, comma-separated: the first seals, every one
opens, so a key can be rotated in), values are encrypted and authenticated. Without it, which is
meant for development only, they are stored as they are behind a `plain:` marker. Plain values
still open once keys are set, so that encryption can be turned on later; a value sealed with a key
never opens without one.
"""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from procure.config import ConfigurationError
from procure.errors import DependencyUnavailable

_PLAIN = "plain:"
_SEALED = "fernet:"


class SealingFailed(DependencyUnavailable):
    """A stored value does not open with the configured keys: the keys are misconfigured, not the request."""


class Sealer:
    def __init__(self, keys: list[str] | None = None):
        try:
            self._fernet = MultiFernet([Fernet(key.strip()) for key in keys]) if keys else None
        except ValueError:
            raise ConfigurationError("PROCURE_ACCOUNT_SECRETS_KEYS is invalid: each key must be a "
                                     "Fernet key (32 url-safe base64-encoded bytes)") from None

    @classmethod
    def from_setting(cls, value: str | None) -> "Sealer":
        return cls([key for key in (value or "").split(",") if key.strip()])

    def seal(self, value: str) -> str:
        if self._fernet is None:
            return _PLAIN + value
        return _SEALED + self._fernet.encrypt(value.encode()).decode()

    def open(self, stored: str) -> str:
        if stored.startswith(_PLAIN):
            return stored[len(_PLAIN):]
        if stored.startswith(_SEALED) and self._fernet is not None:
            try:
                return self._fernet.decrypt(stored[len(_SEALED):].encode()).decode()
            except InvalidToken:
                raise SealingFailed("A stored account secret does not open with the configured keys.") from None
        raise SealingFailed("A stored account secret was sealed with keys this process does not have.")
