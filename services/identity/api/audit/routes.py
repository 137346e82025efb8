"""`/v1/identity/audit`: The audit log of security events."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("audit", __name__, url_prefix="/v1/identity/audit", description="The audit log of security events")
