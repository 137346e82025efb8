"""`/v1/identity/accounts`: One's own account: e-mail verification, password reset, second factor.

Public (no token): confirming an e-mail address, asking for and confirming a password reset,
accepting an invitation as a new person. The mailer reads links at `/mail-links/{delivery_id}`
with a token holding the scope `identity:mail-links`.
"""
from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import Forbidden
from procure.web.auth import current_principal, optional_principal, public
from services.identity.api.accounts.schemas import (CodeSchema, EmailVerifiedSchema, EnrolmentSchema,
                                                    InvitationAcceptanceSchema, JoinedSchema, MailLinkSchema,
                                                    PasswordResetRequestSchema, PasswordResetSchema,
                                                    SecondFactorSchema, TokenSchema)
from services.identity.domain.commands import (AcceptInvitation, ConfirmEmail, ConfirmSecondFactor,
                                               DisableSecondFactor, EnrolSecondFactor, RequestEmailVerification,
                                               RequestPasswordReset, ResetPassword)
from services.identity.service import accounts, members

blp = Blueprint("accounts", __name__, url_prefix="/v1/identity/accounts",
                description="One's own account: e-mail verification, password reset, second factor")
MAIL_LINKS_SCOPE = "identity:mail-links"
BEARER = [{"bearer": []}]
NO_STORE = {"Cache-Control": "no-store"}


def _uow():
    return current_app.extensions["procure.identity"].unit_of_work()


def _policy() -> accounts.AccountPolicy:
    return current_app.extensions["procure.identity"].accounts


def _own_user_id(principal) -> uuid.UUID:
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        raise Forbidden("This operation needs a person's token, not an API client's.") from None


@blp.route("/email-verifications")
class EmailVerifications(MethodView):
    @blp.response(202)
    @blp.doc(security=BEARER)
    def post(self):
        """E-mail the caller a new link that verifies their address."""
        accounts.request_email_verification(RequestEmailVerification(_own_user_id(current_principal())),
                                            _uow(), _policy())
        return "", 202


@blp.route("/email-verifications/confirm")
class EmailVerificationConfirmation(MethodView):
    @public
    @blp.arguments(TokenSchema)
    @blp.response(200, EmailVerifiedSchema)
    def post(self, body):
        """Verify an e-mail address with the token of its link (no access token needed)."""
        user = accounts.confirm_email(ConfirmEmail(body["token"]), _uow())
        return {"user_id": user.id, "email_verified_at": user.email_verified_at}


@blp.route("/password-resets")
class PasswordResets(MethodView):
    @public
    @blp.arguments(PasswordResetRequestSchema)
    @blp.response(202)
    def post(self, body):
        """Ask for a password-reset link by e-mail; the answer is the same whether or not the account exists."""
        accounts.request_password_reset(RequestPasswordReset(body["email"]), _uow(), _policy())
        return "", 202


@blp.route("/password-resets/confirm")
class PasswordResetConfirmation(MethodView):
    @public
    @blp.arguments(PasswordResetSchema)
    @blp.response(204)
    def post(self, body):
        """Set a new password with the token of a reset link; every session of the account ends."""
        accounts.reset_password(ResetPassword(body["token"], body["password"]), _uow())
        return "", 204


@blp.route("/mail-links/<uuid:delivery_id>")
class MailLink(MethodView):
    @blp.response(200, MailLinkSchema)
    @blp.doc(security=BEARER)
    def get(self, delivery_id):
        """The link an e-mail must carry, for the mailer (scope identity:mail-links); 404 once used or expired."""
        if MAIL_LINKS_SCOPE not in current_principal().scopes:
            raise Forbidden(f"This operation needs the scope {MAIL_LINKS_SCOPE}.")
        return accounts.mail_link(delivery_id, _uow(), _policy()), 200, NO_STORE


@blp.route("/totp")
class SecondFactor(MethodView):
    @blp.response(201, EnrolmentSchema)
    @blp.doc(security=BEARER)
    def post(self):
        """Start enrolling a TOTP second factor: the secret is shown this once."""
        user_id = _own_user_id(current_principal())
        return accounts.enrol_second_factor(EnrolSecondFactor(user_id), _uow(), _policy()), 201, NO_STORE


@blp.route("/totp/confirm")
class SecondFactorConfirmation(MethodView):
    @blp.arguments(CodeSchema)
    @blp.response(200, SecondFactorSchema)
    @blp.doc(security=BEARER)
    def post(self, body):
        """Activate the enrolled second factor with a current code."""
        command = ConfirmSecondFactor(_own_user_id(current_principal()), body["code"])
        return accounts.confirm_second_factor(command, _uow(), _policy())


@blp.route("/totp/disable")
class SecondFactorRemoval(MethodView):
    @blp.arguments(CodeSchema)
    @blp.response(204)
    @blp.doc(security=BEARER)
    def post(self, body):
        """Turn the second factor off with a current code."""
        command = DisableSecondFactor(_own_user_id(current_principal()), body["code"])
        accounts.disable_second_factor(command, _uow(), _policy())
        return "", 204


@blp.route("/invitations/accept")
class InvitationAcceptance(MethodView):
    @public
    @blp.arguments(InvitationAcceptanceSchema)
    @blp.response(201, JoinedSchema)
    def post(self, body):
        """Join an organisation: a new person with a name and password, someone with an account with their token."""
        principal = optional_principal()
        command = AcceptInvitation(token=body["token"], name=body.get("name"), password=body.get("password"),
                                   user_id=_own_user_id(principal) if principal else None)
        membership = members.accept_invitation(command, _uow())
        return {"user_id": membership.user_id, "organisation_id": membership.organisation_id,
                "roles": list(membership.roles)}, 201
