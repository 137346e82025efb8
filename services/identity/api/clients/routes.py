"""`/v1/identity/api-clients`: API clients of back-office systems."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("clients", __name__, url_prefix="/v1/identity/api-clients", description="API clients of back-office systems")
