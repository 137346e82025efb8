"""`/v1/identity/authorities`: Accepted certification authorities and trusted lists."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("authorities", __name__, url_prefix="/v1/identity/authorities", description="Accepted certification authorities and trusted lists")
