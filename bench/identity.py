"""What logging in and checking a token cost.

Login: the password grant through the real identity app (routes, argon2id with the service's own
parameters, PostgreSQL writes of the refresh token and the audit link), in process through Flask's
test client, on this machine's PostgreSQL (or an embedded one); argon2id's verification alone is
measured beside it as the floor a login cannot go below.

Verification: the kit's TokenVerifier with a warm JWKS cache, one thread, EdDSA (Ed25519) tokens as
identity signs them. Target: at least 5,000 verifications per second per core. PyJWT's own decode
with the key in hand is measured beside it, the rate the verifier cannot beat, and the bare Ed25519
signature check under that: how much of the cost is the cryptography itself.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

import jwt

from bench.load import summary
from bench.processes import bench_buyer, bench_database_url

TARGET = {"verifications_per_second_per_core_at_least": 5000}
SIZES = {"quick": {"logins": 40, "seconds": 3.0}, "full": {"logins": 300, "seconds": 15.0}}
PASSWORD = "bench password of enough length"


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    size = SIZES["quick" if options.quick else "full"]
    with ExitStack() as stack:
        app = _identity_app(stack, Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="procure-bench-"))))
        login = _login_figures(app, size["logins"])
        verification = _verification_figures(app, size["seconds"])
    return _report(login, verification)


def _options(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run of a minute or less")
    return parser.parse_args(argv)


def _identity_app(stack: ExitStack, workdir: Path):
    from opentelemetry.sdk.trace import TracerProvider

    from procure.migrations import migrate
    from services.identity.adapters.signing_keys import generate_key_file
    from services.identity.app import create_app
    from services.identity.config import IdentitySettings
    generate_key_file(workdir / "keys")
    settings = IdentitySettings(
        database_url=bench_database_url(stack, workdir), database_prefix=f"bench{uuid.uuid4().hex[:6]}_",
        amqp_url="memory://", issuer="https://region.example", jwks_url="http://127.0.0.1:9/.well-known/jwks.json",
        signing_keys_dir=workdir / "keys", log_level="WARNING")
    migrate("identity", settings.service_database_url("identity"))
    stack.callback(_drop_database, settings)
    return create_app(settings, tracer_provider=TracerProvider())


def _drop_database(settings) -> None:
    import sqlalchemy as sa
    url = sa.engine.make_url(settings.service_database_url("identity"))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def _login_figures(app, count: int) -> dict:
    from services.identity.adapters.passwords import hash_password, password_matches
    client = app.test_client()
    email = _register(client)
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    _expect(client.post("/v1/identity/token", data=form), 200)  # warm pools and caches
    logins = _timed(count, lambda: _expect(client.post("/v1/identity/token", data=form), 200))
    stored = hash_password(PASSWORD)
    argon2 = _timed(count, lambda: password_matches(stored, PASSWORD))
    return {"login": summary(logins), "argon2id_verify_p50_ms": round(statistics.median(argon2), 3),
            "argon2id_parameters": _argon2_parameters(stored)}


def _register(client) -> str:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    _expect(client.post("/v1/identity/registrations", json={
        "organisation": bench_buyer(), "user": {"email": email, "name": "Bench", "password": PASSWORD}}), 201)
    return email


def _argon2_parameters(encoded: str) -> str:
    return encoded.split("$")[3]  # $argon2id$v=19$m=...,t=...,p=...$salt$hash


def _timed(count: int, action: Callable[[], object]) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _expect(response, status: int):
    if response.status_code != status:
        raise RuntimeError(f"{response.request.path} answered {response.status_code}: {response.data[:300]!r}")
    return response


def _verification_figures(app, seconds: float) -> dict:
    from procure.tokens import JwksCache, TokenVerifier
    wiring = app.extensions["procure.identity"]
    settings, keys = wiring.settings, wiring.signing_keys
    now = int(time.time())
    token = keys.sign({"iss": settings.issuer, "aud": settings.audience, "sub": str(uuid.uuid4()),
                       "org": str(uuid.uuid4()), "roles": ["buyer-agent"], "scope": "api", "iat": now,
                       "exp": now + 900, "jti": str(uuid.uuid4())})
    verifier = TokenVerifier(JwksCache(keys.jwks), issuer=settings.issuer, audience=settings.audience)
    verifier.verify(token)  # the JWKS cache is warm from here on
    public_key = jwt.PyJWK(keys.jwks()["keys"][-1]).key
    signing_input, _, signature = token.rpartition(".")
    signature = jwt.utils.base64url_decode(signature)
    return {"verifier": _rate(lambda: verifier.verify(token), seconds),
            "pyjwt_decode": _rate(lambda: jwt.decode(token, public_key, algorithms=["EdDSA"],
                                                     audience=settings.audience, issuer=settings.issuer), seconds),
            "ed25519_verify": _rate(lambda: public_key.verify(signature, signing_input.encode()), seconds)}


def _rate(action: Callable[[], object], seconds: float) -> dict:
    """Calls per second of wall time and per second of this process's CPU time (one thread: one core)."""
    count, wall_started, cpu_started = 0, time.perf_counter(), time.process_time()
    deadline = wall_started + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            action()
        count += 100
    wall, cpu = time.perf_counter() - wall_started, time.process_time() - cpu_started
    return {"per_second": round(count / wall), "per_cpu_second": round(count / cpu)}


def _report(login: dict, verification: dict) -> int:
    verifier, pyjwt, ed25519 = (verification[name] for name in ("verifier", "pyjwt_decode", "ed25519_verify"))
    rate = verifier["per_cpu_second"]
    ratio = round(rate / TARGET["verifications_per_second_per_core_at_least"], 2)
    print(f"login (password grant) p50 {login['login']['p50_ms']} ms, p99 {login['login']['p99_ms']} ms; "
          f"argon2id ({login['argon2id_parameters']}) verify alone p50 {login['argon2id_verify_p50_ms']} ms")
    print(f"{'verification':<28}{'per second':>12}{'per CPU second':>16}")
    print(f"{'kit TokenVerifier, warm':<28}{verifier['per_second']:>12}{verifier['per_cpu_second']:>16}")
    print(f"{'PyJWT decode alone (floor)':<28}{pyjwt['per_second']:>12}{pyjwt['per_cpu_second']:>16}")
    print(f"{'Ed25519 signature alone':<28}{ed25519['per_second']:>12}{ed25519['per_cpu_second']:>16}")
    print(f"the verifier keeps {verifier['per_cpu_second'] / pyjwt['per_cpu_second']:.0%} of PyJWT's own rate")
    print(json.dumps({"bench": "identity",
                      "figures": {"login_p50_ms": login["login"]["p50_ms"], "login_p99_ms": login["login"]["p99_ms"],
                                  "argon2id_verify_p50_ms": login["argon2id_verify_p50_ms"],
                                  "argon2id_parameters": login["argon2id_parameters"],
                                  "verifications_per_second_per_core": rate,
                                  "pyjwt_decodes_per_second_per_core": pyjwt["per_cpu_second"],
                                  "ed25519_verifies_per_second_per_core": ed25519["per_cpu_second"]},
                      "baseline": {"name": "the target: 5,000 EdDSA verifications per second per core",
                                   "verifications_per_second_per_core": 5000},
                      "ratio": ratio, "target": TARGET,
                      "met": rate >= TARGET["verifications_per_second_per_core_at_least"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
