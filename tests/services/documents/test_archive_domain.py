"""The archive manifest: canonical bytes, detached Ed25519 signature, verification."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from procure.config import ConfigurationError
from services.documents.adapters.archive import ManifestSigner
from services.documents.domain.archive import (
    ArchivedObject,
    DocumentToArchive,
    Manifest,
    ManifestInvalid,
    canonical_json,
    check_documents,
    manifest_bytes,
    parse_manifest,
    signature_document,
    verify_manifest,
)

pytestmark = pytest.mark.unit

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=timezone.utc)
SHA = "ab" * 32


def a_manifest() -> Manifest:
    return Manifest(uuid.UUID(int=7), NOW, NOW + timedelta(days=3650), (
        ArchivedObject("notices/x/objects/a.pdf", "v1", 5, SHA, "a.pdf", "s1"),
        ArchivedObject("notices/x/objects/é.txt", None, 0, "cd" * 32, "é.txt", None),
    ))


@pytest.fixture(scope="module")
def signer() -> ManifestSigner:
    return ManifestSigner(Ed25519PrivateKey.generate())


def test_canonical_json_sorts_keys_without_spaces_in_utf8():
    assert canonical_json({"b": 1, "a": ["é", None]}) == '{"a":["é",null],"b":1}'.encode()


def test_a_manifest_reads_back_as_itself():
    assert parse_manifest(manifest_bytes(a_manifest())) == a_manifest()


def test_the_manifest_lists_key_version_size_and_sha256_of_each_object():
    document = json.loads(manifest_bytes(a_manifest()))
    assert document["objects"][0] == {"key": "notices/x/objects/a.pdf", "version": "v1", "size": 5,
                                      "sha256": SHA, "source": {"key": "a.pdf", "version": "s1"}}
    assert document["retain_until"] == "2035-02-27T10:00:00Z"


def test_a_signed_manifest_verifies_with_the_signers_key(signer):
    content = manifest_bytes(a_manifest())
    signature = signature_document(signer, content)
    assert verify_manifest(content, signature, {signer.key_id: signer.public_key}) == a_manifest()
    assert json.loads(signature)["kid"] == signer.key_id


def test_a_tampered_manifest_does_not_verify(signer):
    content = manifest_bytes(a_manifest())
    signature = signature_document(signer, content)
    tampered = content.replace(SHA.encode(), b"ef" * 32)
    with pytest.raises(ManifestInvalid, match="does not match"):
        verify_manifest(tampered, signature, {signer.key_id: signer.public_key})


def test_a_manifest_signed_by_an_unknown_key_does_not_verify(signer):
    other = ManifestSigner(Ed25519PrivateKey.generate())
    content = manifest_bytes(a_manifest())
    with pytest.raises(ManifestInvalid, match="unknown key"):
        verify_manifest(content, signature_document(other, content), {signer.key_id: signer.public_key})


def test_a_signature_claiming_a_known_key_id_but_made_by_another_key_does_not_verify(signer):
    other = ManifestSigner(Ed25519PrivateKey.generate())
    other.key_id = signer.key_id
    content = manifest_bytes(a_manifest())
    with pytest.raises(ManifestInvalid, match="does not match"):
        verify_manifest(content, signature_document(other, content), {signer.key_id: signer.public_key})


@pytest.mark.parametrize("signature", [b"", b"not json", b"[]", b'{"alg":"Ed25519","kid":"k"}',
                                       b'{"alg":"none","kid":"k","signature":""}'])
def test_an_unreadable_or_unsigned_signature_object_does_not_verify(signer, signature):
    with pytest.raises(ManifestInvalid):
        verify_manifest(manifest_bytes(a_manifest()), signature, {"k": signer.public_key})


def test_a_manifest_re_encoded_differently_is_refused_even_with_the_same_content():
    spaced = json.dumps(json.loads(manifest_bytes(a_manifest())), indent=1).encode()
    with pytest.raises(ManifestInvalid, match="canonical"):
        parse_manifest(spaced)


def test_the_key_id_is_the_rfc_7638_thumbprint():
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    raw = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    assert ManifestSigner(Ed25519PrivateKey.from_private_bytes(raw)).key_id == \
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_the_signer_loads_an_ed25519_pem_file(tmp_path, signer):
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "archive.pem"
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    loaded = ManifestSigner.from_pem_file(path)
    loaded.public_key.verify(loaded.sign(b"data"), b"data")
    assert loaded.key_id == ManifestSigner(key).key_id


def test_a_missing_or_non_ed25519_signing_key_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError):
        ManifestSigner.from_pem_file(tmp_path / "missing.pem")
    ec = tmp_path / "ec.pem"
    ec.write_bytes(generate_private_key(SECP256R1()).private_bytes(Encoding.PEM, PrivateFormat.PKCS8,
                                                                   NoEncryption()))
    with pytest.raises(ConfigurationError, match="Ed25519"):
        ManifestSigner.from_pem_file(ec)


@pytest.mark.parametrize("documents", [
    [DocumentToArchive("a", None, 1, SHA), DocumentToArchive("a", "2", 1, SHA)],
    [DocumentToArchive("a", None, 1, "AB" * 32)],
    [DocumentToArchive("a", None, -1, SHA)],
    [DocumentToArchive("", None, 1, SHA)],
])
def test_documents_the_manifest_could_not_describe_are_refused(documents):
    with pytest.raises(ValueError):
        check_documents(documents)
