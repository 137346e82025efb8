"""An organisation's members: their roles, leaving, and invitations to join.

Accepting an invitation proves the invited address (the link reached that mailbox), so the
account is verified from then on. A person without an account gives a name and a password; a
person with one accepts with their own access token, whose account must have the invited address.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from procure.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.identity.adapters.passwords import hash_password
from services.identity.domain import accounts
from services.identity.domain.accounts import LinkPurpose
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import (AcceptInvitation, ChangeRoles, InviteMember, RemoveMember,
                                               RevokeInvitation)
from services.identity.domain.events import MembershipChanged, UserInvited
from services.identity.domain.members import Invitation, check_an_admin_remains, grantable_roles
from services.identity.domain.people import Membership, User, check_password_policy
from services.identity.domain.roles import ADMIN_ROLES
from services.identity.service.accounts import AccountPolicy, InvalidLink, new_link
from services.identity.service.clock import utc_now


def list_members(organisation_id: uuid.UUID, after: uuid.UUID | None, limit: int, uow) -> list:
    with uow:
        _organisation(uow, organisation_id)
        return uow.people.members_of(organisation_id, after, limit)


def change_roles(command: ChangeRoles, uow, clock=utc_now) -> Membership:
    now = clock()
    with uow:
        organisation = _organisation(uow, command.organisation_id)
        roles = grantable_roles(_kind(organisation), command.roles)
        before = _member(uow, command.organisation_id, command.user_id)
        check_an_admin_remains(_admins(uow, command.organisation_id), command.user_id, roles)
        after = Membership(command.user_id, command.organisation_id, roles)
        uow.people.set_roles(after)
        _changed(uow, before.roles, after, command.changed_by, now)
        uow.commit()
    return after


def remove_member(command: RemoveMember, uow, clock=utc_now) -> None:
    now = clock()
    with uow:
        _organisation(uow, command.organisation_id)
        before = _member(uow, command.organisation_id, command.user_id)
        check_an_admin_remains(_admins(uow, command.organisation_id), command.user_id, ())
        uow.people.remove_membership(command.user_id, command.organisation_id)
        uow.people.revoke_refresh_tokens_of(command.user_id, now, command.organisation_id)
        _changed(uow, before.roles, Membership(command.user_id, command.organisation_id, ()),
                 command.removed_by, now)
        uow.commit()


def invite(command: InviteMember, uow, policy: AccountPolicy, clock=utc_now) -> Invitation:
    now = clock()
    with uow:
        organisation = _organisation(uow, command.organisation_id)
        roles = grantable_roles(_kind(organisation), command.roles)
        known = uow.people.user_by_email(command.email)
        if known and any(m.organisation_id == command.organisation_id for m in uow.people.memberships_of(known.id)):
            raise Conflict("This person is already a member; change their roles instead.",
                           errors={"email": ["Already a member."]})
        invitation = Invitation(id=uuid.uuid4(), organisation_id=command.organisation_id, email=command.email,
                                roles=roles, invited_by=command.invited_by, created_at=now,
                                expires_at=now + timedelta(days=policy.rules.invitation_days))
        uow.people.add_invitation(invitation)
        link = new_link(uow, policy, LinkPurpose.INVITATION, command.email, invitation.expires_at, now,
                        invitation_id=invitation.id)
        uow.record(UserInvited(id=invitation.id, organisation_id=invitation.organisation_id, email=invitation.email,
                               roles=roles, invited_by=command.invited_by, delivery_id=link.id,
                               expires_at=invitation.expires_at))
        uow.audit.record(SecurityEvent("invitation.sent", now, actor_id=str(command.invited_by),
                                       organisation_id=str(command.organisation_id), subject=str(invitation.id),
                                       details={"email": invitation.email, "roles": list(roles)}))
        uow.commit()
    return invitation


def list_invitations(organisation_id: uuid.UUID, after, limit: int, uow, clock=utc_now) -> list[Invitation]:
    with uow:
        _organisation(uow, organisation_id)
        return uow.people.invitations_of(organisation_id, clock(), after, limit)


def revoke_invitation(command: RevokeInvitation, uow, clock=utc_now) -> None:
    now = clock()
    with uow:
        invitation = uow.people.invitation(command.invitation_id)
        if invitation is None or invitation.organisation_id != command.organisation_id \
                or not invitation.is_pending(now):
            raise NotFound("No pending invitation has this id.")
        uow.people.close_invitation(invitation.id, revoked_at=now)
        uow.audit.record(SecurityEvent("invitation.revoked", now, actor_id=str(command.revoked_by),
                                       organisation_id=str(command.organisation_id), subject=str(invitation.id)))
        uow.commit()


def accept_invitation(command: AcceptInvitation, uow, clock=utc_now) -> Membership:
    now = clock()
    password_hash = _new_password_hash(command) if command.user_id is None else None
    with uow:
        link = uow.people.link_by_token(accounts.hash_link_token(command.token), LinkPurpose.INVITATION, now)
        invitation = link and uow.people.invitation(link.invitation_id)
        if invitation is None or not invitation.is_pending(now):
            raise InvalidLink()
        user = _accepting_user(uow, command, invitation, password_hash, now)
        if any(m.organisation_id == invitation.organisation_id for m in uow.people.memberships_of(user.id)):
            raise Conflict("You are already a member of this organisation.")
        membership = Membership(user.id, invitation.organisation_id, invitation.roles)
        uow.people.add_membership(membership)
        uow.people.close_invitation(invitation.id, accepted_at=now)
        _changed(uow, (), membership, user.id, now)
        uow.commit()
    return membership


def _accepting_user(uow, command: AcceptInvitation, invitation: Invitation, password_hash: str | None,
                    now: datetime) -> User:
    if command.user_id is not None:
        user = uow.people.user(command.user_id, for_update=True)
        if user is None or user.email.lower() != invitation.email.lower():
            raise Forbidden("This invitation was sent to another e-mail address than your account's.")
        if not user.email_verified:
            user.email_verified_at = now
            uow.people.save_user(user)
        return user
    user = User(id=uuid.uuid4(), email=invitation.email, name=command.name, password_hash=password_hash,
                created_at=now, email_verified_at=now)
    if not uow.people.add_user(user):
        raise Conflict("An account with this e-mail address exists: log in and accept with your access token.",
                       errors={"token": ["Accept with the account's access token."]})
    return user


def _new_password_hash(command: AcceptInvitation) -> str:
    missing = {name: ["Required to create your account."] for name in ("name", "password")
               if not getattr(command, name)}
    if missing:
        raise InvalidInput("Give a name and a password, or accept with your access token.", errors=missing)
    check_password_policy(command.password)
    return hash_password(command.password)


def _changed(uow, before: tuple[str, ...], after: Membership, by: uuid.UUID | None, now: datetime) -> None:
    uow.record(MembershipChanged(organisation_id=after.organisation_id, user_id=after.user_id,
                                 roles_before=tuple(before), roles_after=after.roles, changed_by=by))
    uow.audit.record(SecurityEvent("membership.changed", now, actor_id=str(by) if by else None,
                                   organisation_id=str(after.organisation_id), subject=str(after.user_id),
                                   details={"roles_before": list(before), "roles_after": list(after.roles)}))


def _organisation(uow, organisation_id: uuid.UUID):
    organisation = uow.organisations.get(organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    return organisation


def _kind(organisation) -> str:
    return getattr(organisation.kind, "value", organisation.kind)


def _member(uow, organisation_id: uuid.UUID, user_id: uuid.UUID) -> Membership:
    for membership in uow.people.memberships_in(organisation_id):
        if membership.user_id == user_id:
            return membership
    raise NotFound("This person is not a member of the organisation.")


def _admins(uow, organisation_id: uuid.UUID) -> set[uuid.UUID]:
    return {m.user_id for m in uow.people.memberships_in(organisation_id) if set(m.roles) & ADMIN_ROLES}
