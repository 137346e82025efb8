"""API clients: creating, listing, rotating and revoking them, and the client-credentials grant."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from procure.errors import Conflict, NotFound
from services.identity.domain.api_clients import (ApiClient, InvalidClient, InvalidScope, create_api_client,
                                                  granted_scopes, new_secret, secret_matches)
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import (CreateApiClient, IssueClientToken, RevokeApiClient,
                                               RotateApiClientSecret)
from services.identity.service.clock import utc_now
from services.identity.service.tokens import TokenPolicy


def create(command: CreateApiClient, uow, clock=utc_now) -> tuple[ApiClient, str]:
    """The new client and its secret, which is never shown again."""
    now = clock()
    with uow:
        organisation = uow.organisations.get(command.organisation_id)
        if organisation is None:
            raise NotFound("The token's organisation does not exist.")
        client, secret = create_api_client(
            organisation_id=organisation.id, organisation_kind=getattr(organisation.kind, "value", organisation.kind),
            name=command.name, scopes=list(command.scopes), created_by=command.created_by, now=now)
        uow.clients.add(client)
        _audit(uow, "api-client.created", now, command.created_by, client, scopes=list(client.scopes))
        uow.commit()
        return client, secret


def page(organisation_id: uuid.UUID, limit: int, after: tuple[datetime, uuid.UUID] | None, uow) -> list[ApiClient]:
    with uow:
        return uow.clients.page(organisation_id, limit, after)


def read(organisation_id: uuid.UUID, client_id: uuid.UUID, uow) -> ApiClient:
    with uow:
        return _own_client(uow, organisation_id, client_id)


def rotate_secret(command: RotateApiClientSecret, uow, clock=utc_now) -> tuple[ApiClient, str]:
    """A new secret replaces the old one at once: the old one stops working."""
    now = clock()
    with uow:
        client = _own_client(uow, command.organisation_id, command.client_id, for_update=True)
        if not client.active:
            raise Conflict("The client is revoked; create a new one.")
        secret, secret_hash = new_secret()
        client = replace(client, secret_hash=secret_hash, secret_rotated_at=now)
        uow.clients.save(client)
        _audit(uow, "api-client.secret-rotated", now, command.actor, client)
        uow.commit()
        return client, secret


def revoke(command: RevokeApiClient, uow, clock=utc_now) -> ApiClient:
    """Revoking twice is harmless; the client keeps its first revocation time."""
    now = clock()
    with uow:
        client = _own_client(uow, command.organisation_id, command.client_id, for_update=True)
        if client.active:
            client = replace(client, revoked_at=now)
            uow.clients.save(client)
            _audit(uow, "api-client.revoked", now, command.actor, client)
            uow.commit()
        return client


def issue_token(command: IssueClientToken, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    """RFC 6749 4.4: an access token for the client's organisation and scopes; no refresh token."""
    now = clock()
    with uow:
        client = _client_by_id(uow, command.client_id)
        try:
            if not secret_matches(client, command.client_secret) or not client.active:
                raise InvalidClient()
            scopes = granted_scopes(client, command.scope)
        except (InvalidClient, InvalidScope) as refusal:
            _audit_refusal(uow, now, client, refusal)
            uow.commit()
            raise
        _audit(uow, "token.client-credentials", now, client.subject, client, scopes=list(scopes))
        uow.commit()
    return _access_token(signer, policy, client, scopes, now)


def _access_token(signer, policy: TokenPolicy, client: ApiClient, scopes: tuple[str, ...], now: datetime) -> dict:
    issued_at = int(now.timestamp())
    claims = {"iss": policy.issuer, "aud": policy.audience, "sub": client.subject,
              "org": str(client.organisation_id), "roles": [], "scope": " ".join(scopes),
              "client_id": str(client.id), "iat": issued_at, "exp": issued_at + policy.access_seconds,
              "jti": str(uuid.uuid4())}
    return {"access_token": signer.sign(claims), "token_type": "Bearer", "expires_in": policy.access_seconds,
            "scope": " ".join(scopes)}


def _client_by_id(uow, client_id: str) -> ApiClient | None:
    try:
        return uow.clients.get(uuid.UUID(client_id))
    except ValueError:
        return None


def _own_client(uow, organisation_id: uuid.UUID, client_id: uuid.UUID, *, for_update: bool = False) -> ApiClient:
    """Another organisation's client is as good as absent: 404, never 403, so ids reveal nothing."""
    client = uow.clients.get(client_id, for_update=for_update)
    if client is None or client.organisation_id != organisation_id:
        raise NotFound("No API client with this id in your organisation.")
    return client


def _audit(uow, action: str, now: datetime, actor: str, client: ApiClient, **details) -> None:
    uow.audit.record(SecurityEvent(action=action, occurred_at=now, actor_id=actor,
                                   organisation_id=str(client.organisation_id), subject=str(client.id),
                                   details=details))


def _audit_refusal(uow, now: datetime, client: ApiClient | None, refusal: Exception) -> None:
    reason = "invalid_scope" if isinstance(refusal, InvalidScope) else "invalid_client"
    # The caller did not prove to be the client, so the client is the subject, not the actor. An id
    # that is no client's is not written: a secret pasted in the wrong field must not reach the log.
    uow.audit.record(SecurityEvent(
        action="token.client-credentials-refused", occurred_at=now,
        organisation_id=client and str(client.organisation_id),
        subject=str(client.id) if client else None, details={"reason": reason}))
