"""The archive bucket under S3 object lock, and the key that signs its manifests.

Objects reach the archive by server-side copy (the bytes never pass through the service), each
version locked in COMPLIANCE mode: nobody, not even the storage's administrator, can delete it or
shorten its retention before it ends. A PUT to the same key only adds a version beside it.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from procure.config import ConfigurationError
from procure.errors import NotFound
from procure.storage import COMPLIANCE, ObjectStorage
from services.documents.domain.archive import (
    ArchivedObject,
    DocumentToArchive,
    Manifest,
    key_id,
    manifest_key,
    signature_key,
    verify_manifest,
)


class ManifestSigner:
    """The service's Ed25519 key, loaded once at start."""

    def __init__(self, private_key: Ed25519PrivateKey):
        self._private_key = private_key
        self.public_key: Ed25519PublicKey = private_key.public_key()
        self.key_id = key_id(self.public_key)

    @classmethod
    def from_pem_file(cls, path: str | Path) -> ManifestSigner:
        """From PROCURE_ARCHIVE_SIGNING_KEY_FILE: an unencrypted PKCS#8 PEM Ed25519 private key."""
        try:
            key = load_pem_private_key(Path(path).read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as error:
            raise ConfigurationError(f"archive signing key {path}: {error}") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise ConfigurationError(f"archive signing key {path}: an Ed25519 key is required")
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        return self._private_key.sign(data)


class Archive:
    """The archive bucket, filled from the documents bucket of the same S3 server."""

    def __init__(self, storage: ObjectStorage, *, bucket: str, source_bucket: str, retention: timedelta):
        if retention <= timedelta(0):
            raise ConfigurationError("the archive's retention must be positive")
        self.storage = storage
        self.bucket = bucket
        self.source_bucket = source_bucket
        self.retention = retention

    def ensure_bucket(self) -> None:
        """Creates the bucket with object lock (only possible at creation); Conflict if it lacks it."""
        self.storage.ensure_bucket(self.bucket, object_lock=True)

    def retain(self, document: DocumentToArchive, key: str, retain_until: datetime) -> ArchivedObject:
        """Copies the document's version to `key`, locked until `retain_until`."""
        copied = self.storage.copy(self.source_bucket, document.key, self.bucket, key,
                                   source_version_id=document.version, retain_until=retain_until,
                                   retention_mode=COMPLIANCE)
        if copied.size != document.size:
            raise ValueError(f"{document.key}: {copied.size} bytes archived, {document.size} declared")
        return ArchivedObject(key, copied.version_id, copied.size, document.sha256, document.key,
                              document.version)

    def store_manifest(self, notice_id: uuid.UUID, manifest: bytes, signature: bytes,
                       retain_until: datetime) -> None:
        """The signature goes first: a manifest present is a manifest signed."""
        self.storage.put_bytes(self.bucket, signature_key(notice_id), signature,
                               content_type="application/json", retain_until=retain_until)
        self.storage.put_bytes(self.bucket, manifest_key(notice_id), manifest,
                               content_type="application/json", retain_until=retain_until)

    def has_manifest(self, notice_id: uuid.UUID) -> bool:
        try:
            self.storage.stat(self.bucket, manifest_key(notice_id))
        except NotFound:
            return False
        return True

    def manifest(self, notice_id: uuid.UUID, keys: dict[str, Ed25519PublicKey]) -> Manifest:
        """The notice's latest manifest, verified against `keys` (ManifestInvalid otherwise)."""
        manifest = self.storage.get_bytes(self.bucket, manifest_key(notice_id))
        signature = self.storage.get_bytes(self.bucket, signature_key(notice_id))
        return verify_manifest(manifest, signature, keys)
