"""The region's token signing keys: Ed25519 PEM files in one directory, loaded once.

The newest file (by name) signs; every key in the directory is published in the JWKS,
so that tokens signed by an older key stay valid until they expire.
"""
from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from pathlib import Path

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from procure.config import ConfigurationError


class SigningKeys:
    def __init__(self, keys: dict[str, Ed25519PrivateKey]):
        if not keys:
            raise ConfigurationError("PROCURE_SIGNING_KEYS_DIR holds no key; run `procure keys generate`")
        self._keys = dict(sorted(keys.items()))
        self.current_kid = next(reversed(self._keys))
        self._jwks = {"keys": [_public_jwk(kid, key) for kid, key in self._keys.items()]}

    @classmethod
    def from_directory(cls, directory: Path) -> "SigningKeys":
        if not directory.is_dir():
            raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {directory} is not a directory")
        return cls({path.stem: _load(path) for path in directory.glob("*.pem")})

    def sign(self, claims: dict) -> str:
        return jwt.encode(claims, self._keys[self.current_kid], algorithm="EdDSA",
                          headers={"kid": self.current_kid, "typ": "at+jwt"})

    def jwks(self) -> dict:
        return self._jwks


def generate_key_file(directory: Path) -> Path:
    """Writes a new Ed25519 key, readable by its owner only; its name is its kid."""
    directory.mkdir(parents=True, exist_ok=True)
    kid = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}"  # sorts by creation
    path = directory / f"{kid}.pem"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return path


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} is not a readable, "
                                 f"unencrypted private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} is not an Ed25519 key")
    return key


def _public_jwk(kid: str, key: Ed25519PrivateKey) -> dict:
    jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "EdDSA", "use": "sig"}
