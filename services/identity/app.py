"""`create_app()` for gunicorn: `gunicorn "services.identity.app:create_app()"`."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from procure.config import load_settings
from procure.service import ServiceContext, service_context
from procure.tokens import JwksCache, TokenVerifier
from procure.web.app import create_service_app
from services.identity.adapters.signing_keys import SigningKeys
from services.identity.api.accounts.routes import blp as accounts_blp
from services.identity.api.audit.routes import blp as audit_blp
from services.identity.api.authorities.routes import blp as authorities_blp
from services.identity.api.clients.routes import blp as clients_blp
from services.identity.api.directory.routes import blp as directory_blp
from services.identity.api.members.routes import blp as members_blp
from services.identity.api.discovery.routes import blp as discovery_blp
from services.identity.api.organisations.routes import blp as organisations_blp
from services.identity.api.registrations.routes import blp as registrations_blp
from services.identity.api.signatures.routes import blp as signatures_blp
from services.identity.api.tokens.routes import blp as tokens_blp
from services.identity.config import IdentitySettings
from services.identity.service.accounts import AccountPolicy, account_policy
from services.identity.service.tokens import TokenPolicy
from services.identity.service.unit_of_work import IdentityUnitOfWork

NAME = "identity"
BLUEPRINTS = (registrations_blp, tokens_blp, discovery_blp, accounts_blp, organisations_blp, members_blp,
              directory_blp,               clients_blp, authorities_blp, signatures_blp, audit_blp)


@dataclass
class IdentityWiring:
    context: ServiceContext
    signing_keys: SigningKeys
    policy: TokenPolicy
    settings: IdentitySettings
    accounts: AccountPolicy

    def unit_of_work(self) -> IdentityUnitOfWork:
        return self.context.unit_of_work(IdentityUnitOfWork)


def create_app(config: IdentitySettings | None = None, *, tracer_provider=None) -> Flask:
    settings = config or load_settings(IdentitySettings)
    keys = SigningKeys.from_directory(settings.signing_keys_dir)
    # Identity checks its own tokens with its own keys: no HTTP round trip to itself.
    verifier = TokenVerifier(JwksCache(keys.jwks), issuer=settings.issuer, audience=settings.audience)
    context = service_context(NAME, settings, tracer_provider=tracer_provider, verifier=verifier)
    app = create_service_app(NAME, settings, title="Procure identity",
                             blueprints=list(BLUEPRINTS),
                             checks=context.readiness_checks(), verifier=verifier,
                             tracer_provider=context.tracer_provider)
    policy = TokenPolicy(issuer=settings.issuer, audience=settings.audience,
                         access_seconds=settings.access_token_seconds, refresh_days=settings.refresh_token_days)
    app.extensions["procure.identity"] = IdentityWiring(context, keys, policy, settings, account_policy(settings))
    return app
