"""`/v1/identity/organisations`: Organisations: profiles, members and invitations."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("organisations", __name__, url_prefix="/v1/identity/organisations", description="Organisations: profiles, members and invitations")
