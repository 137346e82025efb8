"""`/v1/identity/organisations`: an organisation's profile, for its members and the platform's staff."""
from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal
from procure.web.http import (decode_position, encode_position, etag_for, keyset_page,
                              required_if_match_version)
from services.identity.api.organisations.schemas import (OrganisationListQuerySchema, OrganisationPageSchema,
                                                         OrganisationPatchSchema, OrganisationSchema,
                                                         organisation_details)
from services.identity.service import organisations
from services.identity.service.organisations import Caller, ReviseOrganisation

blp = Blueprint("organisations", __name__, url_prefix="/v1/identity/organisations",
                description="Organisations: profiles, members and invitations")


def _uow():
    return current_app.extensions["procure.identity"].unit_of_work()


def _caller() -> Caller:
    principal = current_principal()
    try:
        organisation = uuid.UUID(principal.organisation) if principal.organisation else None
    except ValueError:
        organisation = None
    return Caller(subject=principal.subject, organisation_id=organisation, roles=frozenset(principal.roles))


def _headers(organisation) -> dict:
    return {"ETag": etag_for(organisation.version), "Location": f"/v1/identity/organisations/{organisation.id}"}


@blp.route("")
class Organisations(MethodView):
    @blp.arguments(OrganisationListQuerySchema, location="query")
    @blp.response(200, OrganisationPageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List every organisation, newest first (platform-admin, auditor)."""
        after = decode_position(query["cursor"]) if query.get("cursor") else None
        items = organisations.page(query["limit"] + 1, after, _caller(), _uow())
        return keyset_page(items, query["limit"], lambda found: encode_position(found.created_at, found.id))


@blp.route("/<uuid:organisation_id>")
class OrganisationById(MethodView):
    @blp.response(200, OrganisationSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, organisation_id):
        """Read an organisation's profile (its members, platform-admin, auditor)."""
        organisation = organisations.read(organisation_id, _caller(), _uow())
        return organisation, 200, _headers(organisation)

    @blp.arguments(OrganisationPatchSchema)
    @blp.response(200, OrganisationSchema)
    @blp.doc(security=[{"bearer": []}])
    def patch(self, body, organisation_id):
        """Change an organisation's profile (its administrator; needs the ETag in If-Match)."""
        caller = _caller()
        command = ReviseOrganisation(organisation_id=organisation_id, expected_version=required_if_match_version(),
                                     name=body.pop("name", None), details=body)
        organisation = organisations.revise(command, caller, _uow(), organisation_details)
        return organisation, 200, _headers(organisation)
