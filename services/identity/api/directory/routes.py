"""`/v1/identity/directory`: The public directory of suppliers."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("directory", __name__, url_prefix="/v1/identity/directory", description="The public directory of suppliers")
