"""`/v1/identity/organisations/{id}/members` and `.../invitations`: who belongs to an organisation.

Members are listed to the organisation's own members and to the platform's administrators and
auditors; only the organisation's administrator changes them. Another organisation gets 404.
"""
from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import Forbidden, InvalidInput, NotFound
from procure.web.auth import current_principal
from procure.web.http import decode_cursor, decode_position, encode_cursor, encode_position, keyset_page
from services.identity.api.members.schemas import (InvitationPageSchema, InvitationRequestSchema,
                                                   InvitationSchema, ListQuerySchema, MemberPageSchema,
                                                   MembershipSchema, RolesSchema)
from services.identity.domain.commands import ChangeRoles, InviteMember, RemoveMember, RevokeInvitation
from services.identity.domain.roles import ADMIN_ROLES, AUDITOR, PLATFORM_ADMIN
from services.identity.service import members

blp = Blueprint("members", __name__, url_prefix="/v1/identity/organisations",
                description="Members of an organisation, their roles, and invitations")
BEARER = [{"bearer": []}]


def _uow():
    return current_app.extensions["procure.identity"].unit_of_work()


def _reader_of(organisation_id: uuid.UUID):
    principal = current_principal()
    if principal.organisation != str(organisation_id) and not principal.has_role(PLATFORM_ADMIN, AUDITOR):
        raise NotFound("No such organisation.")
    return principal


def _admin_of(organisation_id: uuid.UUID) -> uuid.UUID:
    """The acting administrator's user id."""
    principal = current_principal()
    if principal.organisation != str(organisation_id):
        raise NotFound("No such organisation.")
    if not principal.has_role(*ADMIN_ROLES):
        raise Forbidden(f"This operation needs one of the roles: {', '.join(sorted(ADMIN_ROLES))}.")
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        raise Forbidden("This operation needs a person's token, not an API client's.") from None


def _after_user(cursor: str | None) -> uuid.UUID | None:
    if not cursor:
        return None
    try:
        return uuid.UUID(str(decode_cursor(cursor, 1)[0]))
    except ValueError:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from None


@blp.route("/<uuid:organisation_id>/members")
class Members(MethodView):
    @blp.arguments(ListQuerySchema, location="query")
    @blp.response(200, MemberPageSchema)
    @blp.doc(security=BEARER)
    def get(self, query, organisation_id):
        """List the organisation's members and their roles."""
        _reader_of(organisation_id)
        items = members.list_members(organisation_id, _after_user(query.get("cursor")), query["limit"] + 1, _uow())
        return keyset_page(items, query["limit"], lambda member: encode_cursor(str(member.user_id)))


@blp.route("/<uuid:organisation_id>/members/<uuid:user_id>")
class MemberById(MethodView):
    @blp.arguments(RolesSchema)
    @blp.response(200, MembershipSchema)
    @blp.doc(security=BEARER)
    def patch(self, body, organisation_id, user_id):
        """Replace a member's roles (the organisation's administrator)."""
        command = ChangeRoles(organisation_id, user_id, tuple(body["roles"]), _admin_of(organisation_id))
        return members.change_roles(command, _uow())

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, organisation_id, user_id):
        """Remove a member, ending their sessions for this organisation (the organisation's administrator)."""
        members.remove_member(RemoveMember(organisation_id, user_id, _admin_of(organisation_id)), _uow())
        return "", 204


@blp.route("/<uuid:organisation_id>/invitations")
class Invitations(MethodView):
    @blp.arguments(ListQuerySchema, location="query")
    @blp.response(200, InvitationPageSchema)
    @blp.doc(security=BEARER)
    def get(self, query, organisation_id):
        """List pending invitations, newest first (the organisation's administrator)."""
        _admin_of(organisation_id)
        after = decode_position(query["cursor"]) if query.get("cursor") else None
        items = members.list_invitations(organisation_id, after, query["limit"] + 1, _uow())
        return keyset_page(items, query["limit"], lambda found: encode_position(found.created_at, found.id))

    @blp.arguments(InvitationRequestSchema)
    @blp.response(201, InvitationSchema)
    @blp.doc(security=BEARER)
    def post(self, body, organisation_id):
        """Invite someone by e-mail to join with the given roles (the organisation's administrator)."""
        command = InviteMember(organisation_id, body["email"], tuple(body["roles"]), _admin_of(organisation_id))
        return members.invite(command, _uow(), current_app.extensions["procure.identity"].accounts), 201


@blp.route("/<uuid:organisation_id>/invitations/<uuid:invitation_id>")
class InvitationById(MethodView):
    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, organisation_id, invitation_id):
        """Revoke a pending invitation (the organisation's administrator)."""
        members.revoke_invitation(RevokeInvitation(organisation_id, invitation_id, _admin_of(organisation_id)),
                                  _uow())
        return "", 204
