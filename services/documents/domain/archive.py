"""The archive of a closed notice: what was kept, in a manifest the service signs.

A notice's documents are copied to a bucket under object lock when the procedure ends. The manifest
lists every archived object version with its size and SHA-256, in canonical JSON (RFC 8785 for the
strings and integers it holds: sorted keys, no spaces, UTF-8), so that the bytes signed are the
bytes any verifier rebuilds. The signature is detached: an Ed25519 signature over the manifest's
bytes, with the id of the key (its RFC 7638 JWK thumbprint) so that a verifier years later knows
which published key to use.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from procure.errors import ProcureError

MANIFEST_FORMAT = "procure.archive-manifest/1"
SIGNATURE_ALGORITHM = "Ed25519"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ManifestInvalid(ProcureError):
    """A manifest or its signature does not hold: altered, unsigned, or signed by a key we do not know."""

    status, title, slug = 422, "The archive manifest does not verify", "archive-manifest-invalid"


@dataclass(frozen=True)
class DocumentToArchive:
    """One stored object version of the notice: where it is now and what its bytes hash to."""

    key: str
    version: str | None
    size: int
    sha256: str


@dataclass(frozen=True)
class ArchivedObject:
    """One locked object version of the archive, with the version it was copied from."""

    key: str
    version: str | None
    size: int
    sha256: str
    source_key: str
    source_version: str | None


@dataclass(frozen=True)
class Manifest:
    notice_id: uuid.UUID
    archived_at: datetime
    retain_until: datetime
    objects: tuple[ArchivedObject, ...]


class Signer(Protocol):
    key_id: str

    def sign(self, data: bytes) -> bytes: ...


def object_key(notice_id: uuid.UUID, source_key: str) -> str:
    return f"notices/{notice_id}/objects/{source_key}"


def manifest_key(notice_id: uuid.UUID) -> str:
    return f"notices/{notice_id}/manifest.json"


def signature_key(notice_id: uuid.UUID) -> str:
    return f"notices/{notice_id}/manifest.json.sig"


def canonical_json(value) -> bytes:
    """RFC 8785 output for documents of strings, integers, lists and objects (no floats here)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def manifest_bytes(manifest: Manifest) -> bytes:
    return canonical_json({
        "format": MANIFEST_FORMAT,
        "notice_id": str(manifest.notice_id),
        "archived_at": _rfc3339(manifest.archived_at),
        "retain_until": _rfc3339(manifest.retain_until),
        "objects": [{"key": item.key, "version": item.version, "size": item.size, "sha256": item.sha256,
                     "source": {"key": item.source_key, "version": item.source_version}}
                    for item in manifest.objects],
    })


def parse_manifest(data: bytes) -> Manifest:
    """The manifest in `data`, which must be exactly its canonical form."""
    try:
        document = json.loads(data.decode("utf-8"))
        if document["format"] != MANIFEST_FORMAT:
            raise ValueError(f"unknown manifest format {document['format']!r}")
        manifest = Manifest(uuid.UUID(document["notice_id"]), _parse_time(document["archived_at"]),
                            _parse_time(document["retain_until"]),
                            tuple(_archived_object(item) for item in document["objects"]))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ManifestInvalid(f"the manifest cannot be read: {error}") from error
    if manifest_bytes(manifest) != data:
        raise ManifestInvalid("the manifest is not in canonical form")
    return manifest


def signature_document(signer: Signer, manifest: bytes) -> bytes:
    """The detached signature object stored beside the manifest."""
    return canonical_json({
        "alg": SIGNATURE_ALGORITHM,
        "kid": signer.key_id,
        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
        "signature": _b64url(signer.sign(manifest)),
    })


def verify_manifest(manifest: bytes, signature: bytes, keys: Mapping[str, Ed25519PublicKey]) -> Manifest:
    """The manifest when `signature` is a valid signature of it by one of `keys` (by key id)."""
    try:
        detached = json.loads(signature.decode("utf-8"))
        algorithm, key_id, value = detached["alg"], detached["kid"], _unb64url(detached["signature"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ManifestInvalid(f"the signature cannot be read: {error}") from error
    if algorithm != SIGNATURE_ALGORITHM:
        raise ManifestInvalid(f"unexpected signature algorithm {algorithm!r}")
    key = keys.get(key_id) if isinstance(key_id, str) else None
    if key is None:
        raise ManifestInvalid(f"the manifest is signed with an unknown key {key_id!r}")
    try:
        key.verify(value, manifest)
    except InvalidSignature as error:
        raise ManifestInvalid("the signature does not match the manifest") from error
    return parse_manifest(manifest)


def key_id(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint of the key as an OKP JWK (RFC 8037)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    thumbprint = canonical_json({"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)})
    return _b64url(hashlib.sha256(thumbprint).digest())


def check_documents(documents: Sequence[DocumentToArchive]) -> None:
    """Refuses a list the manifest could not describe truthfully."""
    keys = [document.key for document in documents]
    if len(set(keys)) != len(keys):
        raise ValueError("a notice's archive holds one version per key")
    for document in documents:
        if not _SHA256.match(document.sha256) or document.size < 0 or not document.key:
            raise ValueError(f"{document.key!r}: a key, a size and a lowercase hex SHA-256 are needed")


def _archived_object(item: dict) -> ArchivedObject:
    size = item["size"]
    if not isinstance(size, int) or isinstance(size, bool) or not _SHA256.match(item["sha256"]):
        raise ValueError("an object needs an integer size and a hex SHA-256")
    return ArchivedObject(item["key"], item["version"], size, item["sha256"], item["source"]["key"],
                          item["source"]["version"])


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("archive times are aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
