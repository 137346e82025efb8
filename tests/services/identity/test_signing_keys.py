"""The region's signing keys: Ed25519 PEM files in one directory; the newest active one signs, all are published."""
from __future__ import annotations

import os
import stat
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from procure.config import ConfigurationError
from procure.tokens import JwksCache, TokenVerifier
from services.identity.adapters.signing_keys import SigningKeys, generate_key_file

pytestmark = pytest.mark.unit

ISSUER = "https://region.example"
AUDIENCE = "procure"


def pem(key, encryption=None) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption or serialization.NoEncryption())


def write_key(directory: Path, kid: str, key=None) -> Path:
    path = directory / f"{kid}.pem"
    path.write_bytes(pem(key or Ed25519PrivateKey.generate()))
    return path


def claims() -> dict:
    now = int(time.time())
    return {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "org": "org-1", "roles": [], "scope": "api",
            "iat": now, "exp": now + 900, "jti": str(uuid.uuid4())}


def verifier_of(keys: SigningKeys) -> TokenVerifier:
    return TokenVerifier(JwksCache(fetch=keys.jwks, min_refresh_seconds=0), issuer=ISSUER, audience=AUDIENCE)


def configuration_error(action) -> str:
    with pytest.raises(ConfigurationError) as raised:
        action()
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_the_newest_key_by_name_signs():
    newest = Ed25519PrivateKey.generate()
    keys = SigningKeys({"20300101T000000-b": Ed25519PrivateKey.generate(), "20310101T000000-a": newest,
                        "20290101T000000-c": Ed25519PrivateKey.generate()})

    token = keys.sign(claims())

    assert keys.current_kid == "20310101T000000-a"
    assert jwt.get_unverified_header(token)["kid"] == "20310101T000000-a"
    assert jwt.decode(token, newest.public_key(), algorithms=["EdDSA"], audience=AUDIENCE)["sub"] == "user-1"


def test_a_signed_token_is_an_eddsa_access_token():
    header = jwt.get_unverified_header(SigningKeys({"k": Ed25519PrivateKey.generate()}).sign(claims()))

    assert header["alg"] == "EdDSA"
    assert header["typ"] == "at+jwt"


def test_every_key_is_published_as_a_public_ed25519_jwk():
    keys = SigningKeys({"old": Ed25519PrivateKey.generate(), "new": Ed25519PrivateKey.generate()})

    published = keys.jwks()["keys"]

    assert sorted(jwk["kid"] for jwk in published) == ["new", "old"]
    for jwk in published:
        assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
        assert jwk["x"]
        assert "d" not in jwk  # never the private part


def test_tokens_signed_by_every_published_key_verify_with_the_kit(tmp_path):
    write_key(tmp_path, "20300101T000000-a")
    before_rotation = SigningKeys.from_directory(tmp_path)
    old_token = before_rotation.sign(claims())
    write_key(tmp_path, "20300601T000000-b")

    after_rotation = SigningKeys.from_directory(tmp_path)
    verifier = verifier_of(after_rotation)

    assert after_rotation.current_kid == "20300601T000000-b"
    assert verifier.verify(after_rotation.sign(claims())).subject == "user-1"
    assert verifier.verify(old_token).subject == "user-1"


def test_a_key_directory_reads_only_pem_files(tmp_path):
    write_key(tmp_path, "20300101T000000-a")
    (tmp_path / "README.txt").write_text("keys live here")
    (tmp_path / "20300101T000000-a.pem.bak").write_text("an old copy")

    keys = SigningKeys.from_directory(tmp_path)

    assert [jwk["kid"] for jwk in keys.jwks()["keys"]] == ["20300101T000000-a"]


def test_an_empty_key_directory_is_refused_naming_the_variable(tmp_path):
    message = configuration_error(lambda: SigningKeys.from_directory(tmp_path))

    assert "PROCURE_SIGNING_KEYS_DIR" in message


def test_a_key_directory_that_does_not_exist_is_refused_naming_the_variable(tmp_path):
    message = configuration_error(lambda: SigningKeys.from_directory(tmp_path / "missing"))

    assert "PROCURE_SIGNING_KEYS_DIR" in message


def test_no_keys_at_all_is_refused():
    configuration_error(lambda: SigningKeys({}))


@pytest.mark.parametrize("key", [ec.generate_private_key(ec.SECP256R1()),
                                 rsa.generate_private_key(public_exponent=65537, key_size=1024)],
                         ids=["ec-p256", "rsa"])
def test_a_key_that_is_not_ed25519_is_refused_naming_the_variable_and_the_file(tmp_path, key):
    write_key(tmp_path, "20300101T000000-a")
    write_key(tmp_path, "20300102T000000-not-ed25519", key)

    message = configuration_error(lambda: SigningKeys.from_directory(tmp_path))

    assert "PROCURE_SIGNING_KEYS_DIR" in message
    assert "20300102T000000-not-ed25519.pem" in message


@pytest.mark.parametrize("content", [
    b"not a key at all",
    Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo),
    pem(Ed25519PrivateKey.generate(), serialization.BestAvailableEncryption(b"passphrase")),
], ids=["garbage", "public-key", "encrypted"])
def test_an_unreadable_key_file_is_refused_naming_the_variable_and_the_file(tmp_path, content):
    (tmp_path / "20300101T000000-broken.pem").write_bytes(content)

    message = configuration_error(lambda: SigningKeys.from_directory(tmp_path))

    assert "PROCURE_SIGNING_KEYS_DIR" in message
    assert "20300101T000000-broken.pem" in message


def test_a_generated_key_file_is_readable_by_its_owner_only(tmp_path):
    path = generate_key_file(tmp_path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_generated_key_file_is_private_even_under_a_permissive_umask(tmp_path):
    previous = os.umask(0)
    try:
        path = generate_key_file(tmp_path)
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_generated_key_is_named_by_its_kid_and_signs_once_loaded(tmp_path):
    directory = tmp_path / "keys" / "region"

    path = generate_key_file(directory)
    keys = SigningKeys.from_directory(directory)

    assert path.parent == directory and path.suffix == ".pem"
    assert keys.current_kid == path.stem
    assert verifier_of(keys).verify(keys.sign(claims())).subject == "user-1"


def test_a_generated_key_is_ed25519_in_pkcs8_pem(tmp_path):
    path = generate_key_file(tmp_path)

    key = serialization.load_pem_private_key(path.read_bytes(), password=None)

    assert isinstance(key, Ed25519PrivateKey)
    assert b"\n-----BEGIN PRIVATE KEY-----\n" in path.read_bytes()


def test_a_generated_key_states_its_activation_time_before_its_pem_block(tmp_path):
    before = datetime.now(timezone.utc)
    path = generate_key_file(tmp_path)

    explanatory, _, _ = path.read_text().partition("-----BEGIN")
    name, _, value = explanatory.strip().partition(": ")

    assert name == "Activates-At"
    assert before <= datetime.fromisoformat(value) <= datetime.now(timezone.utc)
