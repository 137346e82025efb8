"""`/v1/identity/api-clients`: API clients of back-office systems, managed by their organisation's admins."""
from __future__ import annotations

from types import SimpleNamespace

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal, organisation_id, require_role
from procure.web.http import decode_position, encode_position, keyset_page
from services.identity.api.clients.schemas import (ApiClientCreationSchema, ApiClientListQuerySchema,
                                                   ApiClientPageSchema, ApiClientSchema, ApiClientWithSecretSchema)
from services.identity.domain.commands import CreateApiClient, RevokeApiClient, RotateApiClientSecret
from services.identity.domain.roles import BUYER_ADMIN, PLATFORM_ADMIN, SUPPLIER_ADMIN
from services.identity.service import api_clients

blp = Blueprint("clients", __name__, url_prefix="/v1/identity/api-clients",
                description="API clients of back-office systems (OAuth 2.0 client credentials)")
ADMINS = (BUYER_ADMIN, SUPPLIER_ADMIN, PLATFORM_ADMIN)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _uow():
    return current_app.extensions["procure.identity"].unit_of_work()


def _admin():
    """The calling admin and the organisation whose clients they manage."""
    principal = current_principal()
    require_role(principal, *ADMINS)
    return principal, organisation_id(principal)


def _with_secret(client, secret: str) -> SimpleNamespace:
    return SimpleNamespace(**vars(client), active=client.active, client_secret=secret)


@blp.route("")
class ApiClients(MethodView):
    @blp.arguments(ApiClientListQuerySchema, location="query")
    @blp.response(200, ApiClientPageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List the organisation's API clients, newest first."""
        _, organisation = _admin()
        after = decode_position(query["cursor"]) if query.get("cursor") else None
        items = api_clients.page(organisation, query["limit"] + 1, after, _uow())
        return keyset_page(items, query["limit"], lambda client: encode_position(client.created_at, client.id))

    @blp.arguments(ApiClientCreationSchema)
    @blp.response(201, ApiClientWithSecretSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, body):
        """Create an API client; its secret is in this answer and never shown again."""
        principal, organisation = _admin()
        command = CreateApiClient(organisation_id=organisation, name=body["name"], scopes=tuple(body["scopes"]),
                                  created_by=principal.subject)
        client, secret = api_clients.create(command, _uow())
        return _with_secret(client, secret), 201, {**NO_STORE, "Location": f"{blp.url_prefix}/{client.id}"}


@blp.route("/<uuid:client_id>")
class ApiClientById(MethodView):
    @blp.response(200, ApiClientSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, client_id):
        """Read one of the organisation's API clients (never its secret)."""
        _, organisation = _admin()
        return api_clients.read(organisation, client_id, _uow())

    @blp.response(204)
    @blp.doc(security=[{"bearer": []}])
    def delete(self, client_id):
        """Revoke an API client: it can no longer obtain tokens (issued ones expire within minutes)."""
        principal, organisation = _admin()
        api_clients.revoke(RevokeApiClient(organisation, client_id, principal.subject), _uow())
        return "", 204


@blp.route("/<uuid:client_id>/secret")
class ApiClientSecret(MethodView):
    @blp.response(200, ApiClientWithSecretSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, client_id):
        """Replace the client's secret; the new one is in this answer only, the old one stops working."""
        principal, organisation = _admin()
        client, secret = api_clients.rotate_secret(
            RotateApiClientSecret(organisation, client_id, principal.subject), _uow())
        return _with_secret(client, secret), 200, NO_STORE
