"""`/.well-known/jwks.json` and `/.well-known/openid-configuration`."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_smorest import Blueprint

from procure.web.auth import public

from services.identity.api.tokens.routes import GRANTS
from services.identity.domain.api_clients import SCOPES

blp = Blueprint("discovery", __name__, url_prefix="/.well-known", description="Keys and discovery")
CACHE = {"Cache-Control": "public, max-age=300"}
# Users' applications are public clients (no secret); back-office systems authenticate.
CLIENT_AUTHENTICATION = ["none", "client_secret_basic", "client_secret_post"]


@blp.get("/jwks.json")
@public
def jwks():
    """The public keys that verify this region's tokens."""
    return jsonify(current_app.extensions["procure.identity"].signing_keys.jwks()), 200, CACHE


@blp.get("/openid-configuration")
@public
def openid_configuration():
    """Where the issuer's keys, token and revocation endpoints are, and what they support."""
    issuer = current_app.extensions["procure.identity"].policy.issuer.rstrip("/")
    return jsonify({
        "issuer": issuer,
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "token_endpoint": f"{issuer}/v1/identity/token",
        "grant_types_supported": sorted(GRANTS),
        "token_endpoint_auth_methods_supported": CLIENT_AUTHENTICATION,
        "revocation_endpoint": f"{issuer}/v1/identity/revoke",
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": sorted(SCOPES),
        "claims_supported": ["iss", "aud", "sub", "org", "roles", "scope", "client_id", "exp", "iat", "jti"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
        "response_types_supported": ["token"],
        "subject_types_supported": ["public"],
    }), 200, CACHE
