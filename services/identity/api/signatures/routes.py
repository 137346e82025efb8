"""`/v1/identity/signatures`: Validating electronic signatures."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("signatures", __name__, url_prefix="/v1/identity/signatures", description="Validating electronic signatures")
