"""`/v1/identity/registrations`: an organisation signs up with its first user."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from services.identity.api.registrations.schemas import RegisteredSchema, RegistrationSchema
from services.identity.domain.commands import RegisterOrganisation
from services.identity.service import registration, sessions

blp = Blueprint("registrations", __name__, url_prefix="/v1/identity/registrations",
                description="Organisations registering with their first user")


@blp.route("")
class Registrations(MethodView):
    @blp.arguments(RegistrationSchema)
    @blp.response(201, RegisteredSchema)
    def post(self, body):
        """Register an organisation and its first user, who becomes its administrator."""
        command = RegisterOrganisation(
            name=body["organisation"]["name"], kind=body["organisation"]["kind"],
            country=body["organisation"]["country"], email=body["user"]["email"],
            user_name=body["user"]["name"], password=body["user"]["password"])
        wiring = current_app.extensions["procure.identity"]
        organisation, user, membership = registration.register(command, wiring.unit_of_work())
        return {"organisation_id": organisation.id, "user_id": user.id, "roles": membership.roles}
