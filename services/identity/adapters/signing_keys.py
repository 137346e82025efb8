"""The region's token signing keys: Ed25519 PEM files in one directory, read again when it changes.

A file is named by its kid, `<creation time>-<random>.pem`, so names sort by creation. A key may
carry its activation time as an RFC 7468 explanatory line before the PEM block:

    Activates-At: 2030-01-01T10:10:00.000000+00:00

(a file without one, such as a key placed by hand, is active since it was written). The newest key
whose activation time has passed signs; every key in the directory is published in the JWKS, so a
key rotated in with `procure keys rotate` reaches every verifier's cache before its first token, and
tokens signed by older keys stay valid until those keys are retired, after their last token expired.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Mapping

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from procure.config import ConfigurationError

log = logging.getLogger("procure.identity.keys")
ACTIVATES_AT = "Activates-At"
ALWAYS = datetime.min.replace(tzinfo=timezone.utc)
RECHECK_SECONDS = 5.0
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey
    activates_at: datetime = ALWAYS


class _KeyRing:
    """One immutable reading of the keys: replaced whole on reload, so signers never see half of one."""

    def __init__(self, keys: list[SigningKey]):
        if not keys:
            raise ConfigurationError("PROCURE_SIGNING_KEYS_DIR holds no key; run `procure keys generate`")
        self.keys = sorted(keys, key=lambda key: key.kid)
        self.jwks = {"keys": [_public_jwk(key.kid, key.private_key) for key in self.keys]}

    def signer(self, now: datetime) -> SigningKey | None:
        active = [key for key in self.keys if key.activates_at <= now]
        return active[-1] if active else None


class SigningKeys:
    def __init__(self, keys: Mapping[str, Ed25519PrivateKey] | list[SigningKey], *, clock: Clock = _utc_now):
        """Keys given as a mapping of kid to private key are all active."""
        if isinstance(keys, Mapping):
            keys = [SigningKey(kid, key) for kid, key in keys.items()]
        self._ring = _KeyRing(list(keys))
        self._clock = clock
        self._directory: Path | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_directory(cls, directory: Path, *, recheck_seconds: float | None = None,
                       clock: Clock = _utc_now) -> "SigningKeys":
        """Reads the directory now, and again when its files change, at most every `recheck_seconds`."""
        recheck_seconds = RECHECK_SECONDS if recheck_seconds is None else recheck_seconds
        _require_directory(directory)
        fingerprint = _fingerprint(directory)  # taken first: a change while reading shows at the next check
        keys = cls(read_key_directory(directory), clock=clock)
        if keys._ring.signer(clock()) is None:
            first = min(key.activates_at for key in keys._ring.keys)
            raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR has no active key yet (the first activates at "
                                     f"{first.isoformat()}); run `procure keys generate`")
        keys._directory, keys._fingerprint = directory, fingerprint
        keys._recheck_seconds, keys._next_check = recheck_seconds, time.monotonic() + recheck_seconds
        return keys

    @property
    def current_kid(self) -> str:
        return self._signer().kid

    def sign(self, claims: dict) -> str:
        signer = self._signer()
        return jwt.encode(claims, signer.private_key, algorithm="EdDSA", headers={"kid": signer.kid, "typ": "at+jwt"})

    def jwks(self) -> dict:
        self._reload_if_changed()
        return self._ring.jwks

    def _signer(self) -> SigningKey:
        self._reload_if_changed()
        signer = self._ring.signer(self._clock())
        if signer is None:  # only if the clock went back: never sign with a key verifiers may not know yet
            raise ConfigurationError("PROCURE_SIGNING_KEYS_DIR has no active key")
        return signer

    def _reload_if_changed(self) -> None:
        if self._directory is None or time.monotonic() < self._next_check:
            return
        with self._lock:
            if time.monotonic() < self._next_check:
                return  # another thread has just checked
            self._next_check = time.monotonic() + self._recheck_seconds
            self._reload()

    def _reload(self) -> None:
        try:
            fingerprint = _fingerprint(self._directory)
            if fingerprint == self._fingerprint:
                return
            self._fingerprint = fingerprint
            ring = _KeyRing(read_key_directory(self._directory))
        except ConfigurationError as error:
            # A running service keeps signing with the keys it has; the operator sees why.
            log.error("signing keys not reloaded, the previous ones stay in use: %s", error.code)
            return
        if ring.signer(self._clock()) is None:
            log.error("signing keys not reloaded: %s holds no active key", self._directory)
            return
        self._ring = ring
        log.info("signing keys reloaded: %s", ", ".join(key.kid for key in ring.keys))


def read_key_directory(directory: Path) -> list[SigningKey]:
    _require_directory(directory)
    return [_load(path) for path in sorted(directory.glob("*.pem"))]


def generate_key_file(directory: Path, activates_at: datetime | None = None) -> Path:
    """Writes a new Ed25519 key, readable by its owner only; its name is its kid. Active now unless told."""
    directory.mkdir(parents=True, exist_ok=True)
    created = _utc_now()
    kid = f"{created:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}"  # sorts by creation
    header = f"{ACTIVATES_AT}: {(activates_at or created).astimezone(timezone.utc).isoformat()}\n\n".encode()
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # Written aside, then renamed in: a service reloading the directory never reads half a key.
    staging = directory / f".{kid}.pem.tmp"
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(header + pem)
        file.flush()
        os.fsync(file.fileno())
    path = directory / f"{kid}.pem"
    os.replace(staging, path)
    return path


@dataclass(frozen=True)
class Rotation:
    new_kid: str
    activates_at: datetime
    signing_until_then: str | None
    retired: list[str]


def rotate_keys(directory: Path, *, publish_ahead: timedelta, retire_after: timedelta,
                now: datetime | None = None) -> Rotation:
    """Adds a key that starts signing after `publish_ahead`, and removes keys superseded `retire_after` ago.

    The key signing now is superseded only when the new one activates, so it is never removed while it
    signs. Without an active key (first setup) the new key is active at once: no token needs keeping valid.
    """
    now = now or _utc_now()
    keys = read_key_directory(directory) if directory.exists() else []
    current = _KeyRing(keys).signer(now) if keys else None
    activates_at = now + publish_ahead if current else now
    new_key = _load(generate_key_file(directory, activates_at))
    keys.append(new_key)
    retired = [key.kid for key in keys if _superseded_at(key, keys) <= now - retire_after]
    for kid in retired:
        (directory / f"{kid}.pem").unlink(missing_ok=True)
    return Rotation(new_key.kid, activates_at, current and current.kid, retired)


def _superseded_at(key: SigningKey, keys: list[SigningKey]) -> datetime:
    """When a newer key took over signing from this one (the far future if none has yet been added)."""
    newer = [other.activates_at for other in keys if other.kid > key.kid]
    return min(newer, default=datetime.max.replace(tzinfo=timezone.utc))


def _require_directory(directory: Path) -> None:
    if not directory.is_dir():
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {directory} is not a directory")


def _fingerprint(directory: Path) -> tuple:
    try:
        with os.scandir(directory) as entries:
            files = [(entry.name, entry.stat()) for entry in entries if entry.name.endswith(".pem")]
    except OSError as error:
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {directory} is unreadable ({error})")
    return tuple(sorted((name, stat.st_mtime_ns, stat.st_size, stat.st_ino) for name, stat in files))


def _load(path: Path) -> SigningKey:
    try:
        content = path.read_bytes()
    except OSError as error:  # e.g. retired by a rotation between listing and reading
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} is unreadable ({error})")
    try:
        key = serialization.load_pem_private_key(content, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} is not a readable, "
                                 f"unencrypted private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} is not an Ed25519 key")
    return SigningKey(path.stem, key, _activation(path, content))


def _activation(path: Path, content: bytes) -> datetime:
    explanatory = content.partition(b"-----BEGIN")[0].decode("utf-8", errors="replace")
    for line in explanatory.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == ACTIVATES_AT.lower():
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                raise ConfigurationError(f"PROCURE_SIGNING_KEYS_DIR is invalid: {path.name} has an "
                                         f"{ACTIVATES_AT} that is not an RFC 3339 time with its offset")
            return moment.astimezone(timezone.utc)
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def _public_jwk(kid: str, key: Ed25519PrivateKey) -> dict:
    jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "EdDSA", "use": "sig"}
