"""`/v1/identity/organisations/{id}/members` and `.../invitations`: who belongs to an organisation."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("members", __name__, url_prefix="/v1/identity/organisations",
                description="Members of an organisation, their roles, and invitations")
