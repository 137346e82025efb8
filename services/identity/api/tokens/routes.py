"""`/v1/identity/token` (OAuth 2.0) and `/v1/identity/me`."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.app import accepts_any_body
from procure.web.auth import current_principal
from services.identity.api.tokens.schemas import MeSchema, TokenRequestSchema, TokenResponseSchema
from services.identity.domain.commands import LogIn, RefreshTokens
from services.identity.service import registration, sessions

blp = Blueprint("tokens", __name__, url_prefix="/v1/identity", description="Logging in and tokens")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@blp.route("/token")
class Token(MethodView):
    @accepts_any_body
    @blp.arguments(TokenRequestSchema, location="form")
    @blp.response(200, TokenResponseSchema)
    def post(self, form):
        """Exchange a password or a refresh token for an access token and a new refresh token."""
        wiring = current_app.extensions["procure.identity"]
        if form["grant_type"] == "password":
            command = LogIn(email=form["username"], password=form["password"],
                            organisation_id=form.get("organisation_id"))
            tokens = sessions.log_in(command, wiring.unit_of_work(), wiring.signing_keys, wiring.policy)
        else:
            tokens = sessions.refresh(RefreshTokens(form["refresh_token"]), wiring.unit_of_work(),
                                      wiring.signing_keys, wiring.policy)
        return tokens, 200, NO_STORE


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Who the access token speaks for."""
        principal = current_principal()
        return {"user_id": principal.subject, "organisation_id": principal.organisation,
                "roles": sorted(principal.roles)}
