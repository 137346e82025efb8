"""Access-token verification against the identity service's JWKS.

Strict by construction: an explicit algorithm allow-list, `kid` required, signature,
`exp`, `iss` and `aud` always checked. Keys are cached and refreshed on an unknown
`kid`, at most once per `min_refresh_seconds` so that forged kids cannot make us
hammer the identity service.
"""
from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import jwt
import urllib3
from jwt import PyJWKSet

from procure.errors import DependencyUnavailable, Unauthenticated

ALLOWED_ALGORITHMS = ("EdDSA", "ES256")
MAX_TOKEN_BYTES = 8192
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the token says."""

    subject: str
    organisation: str | None
    roles: frozenset[str]
    scopes: frozenset[str]
    token_id: str
    claims: dict = field(repr=False, compare=False)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def http_jwks_fetcher(url: str, timeout: float = 3.0) -> Callable[[], dict]:
    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False)

    def fetch() -> dict:
        try:
            response = pool.request("GET", url)
        except urllib3.exceptions.HTTPError as error:
            raise DependencyUnavailable(f"the key set at {url} is unreachable") from error
        if response.status != 200:
            raise DependencyUnavailable(f"the key set at {url} answered {response.status}")
        try:
            return json.loads(response.data)
        except ValueError as error:
            raise DependencyUnavailable(f"the key set at {url} is not JSON") from error

    return fetch


class JwksCache:
    def __init__(self, fetch: Callable[[], dict], min_refresh_seconds: float = 10.0):
        self._fetch = fetch
        self._min_refresh = min_refresh_seconds
        self._keys: dict = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def key(self, kid: str):
        found = self._keys.get(kid)
        if found is None:
            self._refresh_if_allowed()
            found = self._keys.get(kid)
        if found is None:
            raise Unauthenticated("The token was signed with a key this region does not know.")
        return found

    def _refresh_if_allowed(self) -> None:
        with self._lock:
            if time.monotonic() - self._fetched_at < self._min_refresh:
                return
            self._fetched_at = time.monotonic()
            try:
                key_set = PyJWKSet.from_dict(self._fetch())
            except jwt.PyJWKSetError as error:
                raise DependencyUnavailable("The region's key set holds no usable key.") from error
            self._keys = {key.key_id: key for key in key_set.keys if key.key_id}


class TokenVerifier:
    def __init__(self, keys: JwksCache, *, issuer: str, audience: str,
                 algorithms: tuple[str, ...] = ALLOWED_ALGORITHMS):
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._algorithms = tuple(a for a in algorithms if a in ALLOWED_ALGORITHMS)

    def verify(self, token: str) -> Principal:
        if len(token) > MAX_TOKEN_BYTES:
            raise Unauthenticated("The token is too large.")
        header = self._header(token)
        key = self._keys.key(header["kid"])
        if key.algorithm_name != header["alg"]:
            raise Unauthenticated("The token's algorithm does not match its key.")
        claims = self._decode(token, key)
        return Principal(subject=claims["sub"], organisation=claims.get("org"),
                         roles=frozenset(claims.get("roles") or ()),
                         scopes=frozenset((claims.get("scope") or "").split()),
                         token_id=claims["jti"], claims=claims)

    def _header(self, token: str) -> dict:
        # Read only to choose the key: PyJWT parses and checks the whole token again when it
        # verifies it. Its own unverified-header reader costs a fifth of a verification.
        segment = token.partition(".")[0]
        try:
            header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
        except ValueError as error:  # binascii.Error and JSONDecodeError are ValueErrors
            raise Unauthenticated("The token is malformed.") from error
        if not isinstance(header, dict):
            raise Unauthenticated("The token is malformed.")
        if header.get("alg") not in self._algorithms:
            raise Unauthenticated(f"Tokens signed with {header.get('alg')!r} are not accepted.")
        if not isinstance(header.get("kid"), str):
            raise Unauthenticated("The token names no key (kid).")
        return header

    def _decode(self, token: str, key) -> dict:
        try:
            return jwt.decode(
                token, key.key, algorithms=[key.algorithm_name], audience=self._audience,
                issuer=self._issuer, leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]})
        except jwt.ExpiredSignatureError as error:
            raise Unauthenticated("The token has expired.") from error
        except jwt.ImmatureSignatureError as error:
            raise Unauthenticated("The token is not valid yet.") from error
        except jwt.InvalidAudienceError as error:
            raise Unauthenticated("The token is meant for another audience.") from error
        except jwt.InvalidIssuerError as error:
            raise Unauthenticated("The token was issued by another issuer.") from error
        except jwt.PyJWTError as error:
            raise Unauthenticated("The token's signature or claims are invalid.") from error


def verifier_from_settings(settings) -> TokenVerifier:
    keys = JwksCache(http_jwks_fetcher(settings.jwks_url))
    return TokenVerifier(keys, issuer=settings.issuer, audience=settings.audience)
