"""`/v1/identity/token` (OAuth 2.0), `/v1/identity/revoke` (RFC 7009, logging out) and `/v1/identity/me`."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.app import accepts_any_body
from procure.web.auth import current_principal, public
from services.identity.api.tokens.client_authentication import client_credentials
from services.identity.api.tokens.errors import UnsupportedGrantType, UnsupportedTokenType
from services.identity.api.tokens.schemas import (MeSchema, RevocationRequestSchema, TokenRequestSchema,
                                                  TokenResponseSchema)
from services.identity.domain.commands import IssueClientToken, LogIn, RefreshTokens, RevokeToken
from services.identity.service import api_clients, revocation, sessions

blp = Blueprint("tokens", __name__, url_prefix="/v1/identity", description="Logging in and tokens")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _wiring():
    return current_app.extensions["procure.identity"]


def _password(form: dict) -> dict:
    command = LogIn(email=form["username"], password=form["password"],
                    organisation_id=form.get("organisation_id"), totp_code=form.get("totp_code"))
    return sessions.log_in(command, _wiring().unit_of_work(), _wiring().signing_keys, _wiring().policy,
                           accounts=_wiring().accounts)


def _refresh_token(form: dict) -> dict:
    return sessions.refresh(RefreshTokens(form["refresh_token"]), _wiring().unit_of_work(),
                            _wiring().signing_keys, _wiring().policy)


def _client_credentials(form: dict) -> dict:
    client_id, secret = client_credentials(request.headers.get("Authorization"), form)
    command = IssueClientToken(client_id=client_id, client_secret=secret, scope=form.get("scope"))
    return api_clients.issue_token(command, _wiring().unit_of_work(), _wiring().signing_keys, _wiring().policy)


GRANTS = {"password": _password, "refresh_token": _refresh_token, "client_credentials": _client_credentials}


@blp.route("/token")
class Token(MethodView):
    @public
    @accepts_any_body
    @blp.arguments(TokenRequestSchema, location="form")
    @blp.response(200, TokenResponseSchema)
    @blp.alt_response(400, description="A problem document whose `error` is invalid_request, invalid_grant, "
                                       "invalid_scope or unsupported_grant_type (RFC 6749 5.2).")
    @blp.alt_response(401, description="A problem document whose `error` is invalid_client.")
    def post(self, form):
        """Exchange a password, a refresh token or client credentials for an access token."""
        grant = GRANTS.get(form["grant_type"])
        if grant is None:
            raise UnsupportedGrantType(form["grant_type"])
        return grant(form), 200, NO_STORE


@blp.route("/revoke")
class Revocation(MethodView):
    @public
    @accepts_any_body
    @blp.arguments(RevocationRequestSchema, location="form")
    @blp.response(200)
    @blp.alt_response(400, description="A problem document whose `error` is invalid_request or "
                                       "unsupported_token_type (RFC 7009 2.2.1).")
    def post(self, form):
        """Log out: revoke a refresh token and every token of its session (RFC 7009)."""
        if form.get("token_type_hint") == "access_token":
            raise UnsupportedTokenType("Access tokens expire within minutes and cannot be revoked; "
                                       "revoke the refresh token instead.")
        revocation.revoke(RevokeToken(form["token"]), _wiring().unit_of_work())
        return "", 200, NO_STORE


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Who the access token speaks for."""
        principal = current_principal()
        return {"user_id": principal.subject, "organisation_id": principal.organisation,
                "roles": sorted(principal.roles)}
