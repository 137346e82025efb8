"""The anonymous column of the persona matrix, for every identity operation the OpenAPI lists.

Every other persona has its cells in the area's own tests (test_*_api.py, test_*_personas.py);
this one is generated, so that a new route is refused to anonymous callers until it is listed
here as public, at the service and at the gateway alike.
"""
from __future__ import annotations

import re
import uuid

import pytest

from gateway.public_routes import is_public

pytestmark = pytest.mark.integration

PUBLIC = {
    ("POST", "/v1/identity/registrations"),
    ("POST", "/v1/identity/token"),
    ("POST", "/v1/identity/revoke"),
    ("POST", "/v1/identity/accounts/email-verifications/confirm"),
    ("POST", "/v1/identity/accounts/password-resets"),
    ("POST", "/v1/identity/accounts/password-resets/confirm"),
    ("POST", "/v1/identity/accounts/invitations/accept"),
    ("GET", "/v1/identity/directory/suppliers"),
    ("GET", "/v1/identity/event-types"),
    ("GET", "/.well-known/jwks.json"),
    ("GET", "/.well-known/openid-configuration"),
}
METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(app) -> list[tuple[str, str]]:
    paths = app.test_client().get("/openapi.json").get_json()["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item if method in METHODS)


# Path parameters that are not UUIDs, in the shape their URL converters accept.
SAMPLE_PARAMETERS = {"fingerprint": "ab" * 32, "territory": "FR"}


def _concrete(path: str) -> str:
    """A path parameter becomes an id no one holds: refusal must not depend on the resource existing."""
    return re.sub(r"\{([^}]+)\}", lambda found: SAMPLE_PARAMETERS.get(found.group(1), str(uuid.uuid4())), path)


def test_the_public_list_names_only_operations_that_exist(identity_app):
    assert PUBLIC <= set(_operations(identity_app))


def test_every_operation_not_listed_as_public_refuses_an_anonymous_caller(identity_app):
    client = identity_app.test_client()
    admitted = [(method, path) for method, path in _operations(identity_app) if (method, path) not in PUBLIC
                and client.open(_concrete(path), method=method, json={}).status_code != 401]
    assert admitted == []


def test_every_public_operation_answers_an_anonymous_caller_without_asking_for_a_token(identity_app):
    client = identity_app.test_client()
    refused = [(method, path) for method, path in sorted(PUBLIC)
               if client.open(_concrete(path), method=method, json={}).status_code == 401]
    assert refused == []


def test_the_gateway_lets_through_exactly_the_public_operations(identity_app):
    disagreements = [(method, path) for method, path in _operations(identity_app)
                     if is_public(method, _concrete(path)) != ((method, path) in PUBLIC)]
    assert disagreements == []
