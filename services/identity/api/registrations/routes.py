"""`/v1/identity/registrations`: a buyer or a supplier signs up with its first user."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import public

from services.identity.api.organisations.schemas import organisation_details
from services.identity.api.registrations.schemas import RegisteredSchema, RegistrationSchema
from services.identity.domain.commands import RegisterOrganisation
from services.identity.service import registration

blp = Blueprint("registrations", __name__, url_prefix="/v1/identity/registrations",
                description="Organisations registering with their first user")


@blp.route("")
class Registrations(MethodView):
    @public
    @blp.arguments(RegistrationSchema)
    @blp.response(201, RegisteredSchema)
    def post(self, body):
        """Register a buyer or a supplier and its first user, who becomes its administrator."""
        organisation, user = body["organisation"], body["user"]
        command = RegisterOrganisation(
            name=organisation["name"], kind=organisation["kind"], country=organisation["country"],
            email=user["email"], user_name=user["name"], password=user["password"],
            details=organisation_details(organisation))
        wiring = current_app.extensions["procure.identity"]
        registered, new_user, membership = registration.register(command, wiring.unit_of_work(),
                                                                   accounts=wiring.accounts)
        return {"organisation_id": registered.id, "user_id": new_user.id, "roles": membership.roles}
