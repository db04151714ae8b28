"""/taxonomy: the controlled vocabularies, as loaded."""
from __future__ import annotations

from flask_smorest import Blueprint

from marketplace import taxonomy

blp = Blueprint("taxonomy", __name__, url_prefix="/taxonomy", description="Controlled vocabularies.")


@blp.route("", methods=["GET"])
@blp.response(200)
def get_taxonomy():
    """Every vocabulary with its codes and labels"""
    return taxonomy.raw()
