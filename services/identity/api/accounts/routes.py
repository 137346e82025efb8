"""`/v1/identity/accounts`: One's own account: e-mail verification, password reset, second factor."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("accounts", __name__, url_prefix="/v1/identity/accounts", description="One's own account: e-mail verification, password reset, second factor")
