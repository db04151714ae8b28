"""/import and /export of the listings bundle (platform administrators)."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from auth.policy import permissions
from marketplace.schemas.bundle import parse_bundle
from marketplace.services import bundle
from marketplace.services.common import require

blp = Blueprint("bundles", __name__, url_prefix="", description="Import and export of the listings bundle.")


@blp.route("/import", methods=["POST"])
@blp.response(200)
@blp.alt_response(422, description="Every invalid record with its JSON path; nothing was written")
def import_bundle():
    """Import a listings bundle: all or nothing, idempotent by ref"""
    actor = actor_from_request()
    require(actor, permissions.can_import_bundle(actor), "Only platform administrators can import bundles.")
    document = request.get_json(silent=False)
    return {"imported": bundle.import_bundle(actor, parse_bundle(document)).as_dict()}


@blp.route("/export", methods=["GET"])
@blp.response(200)
def export_bundle():
    """Export every organisation and listing as a bundle"""
    actor = actor_from_request()
    require(actor, permissions.can_import_bundle(actor), "Only platform administrators can export everything.")
    return bundle.export_bundle()
