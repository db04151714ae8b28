"""/needs and /solutions: one blueprint factory, since both share a lifecycle."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace import lifecycle
from marketplace.schemas import listings as ls
from marketplace.services import deployments, listings
from marketplace.services.listings import NEED, SOLUTION, ListingKind

from .common import VersionArgs
from .search_views import register_search


def make_blueprint(kind: ListingKind, create_schema, update_schema, out_schema) -> Blueprint:
    plural = kind.name + "s"
    blp = Blueprint(plural, __name__, url_prefix=f"/{plural}", description=f"{plural.capitalize()}: read, write and change status.")

    register_search(blp, kind.name)

    @blp.route("/", endpoint="collection_create", methods=["POST"])
    @blp.arguments(create_schema)
    @blp.response(201, out_schema)
    @blp.alt_response(401, description="Not signed in")
    @blp.alt_response(403, description="Not a member of the owning organisation")
    def create(data):
        """Create a draft"""
        return listings.create(kind, actor_from_request(), data)

    @blp.route("/<int:listing_id>")
    class Item(MethodView):
        @blp.response(200, out_schema)
        @blp.alt_response(404, description="Absent, or a draft of another organisation")
        def get(self, listing_id):
            """Read one"""
            return listings.get(kind, actor_from_request(), listing_id)

        @blp.arguments(update_schema)
        @blp.response(200, out_schema)
        @blp.alt_response(409, description="Stale version: someone else changed it")
        def patch(self, data, listing_id):
            """Change some fields (send the version you read)"""
            return listings.update(kind, actor_from_request(), listing_id, data)

        @blp.response(204)
        def delete(self, listing_id):
            """Delete"""
            listings.delete(kind, actor_from_request(), listing_id)

    for action in lifecycle.actions(kind.name):
        _add_transition(blp, kind, action, out_schema)
    return blp


def _add_transition(blp: Blueprint, kind: ListingKind, action: str, out_schema) -> None:
    target = lifecycle.TRANSITIONS[kind.name][action][1]

    def view(args, listing_id):
        return listings.transition(kind, actor_from_request(), listing_id, action, args.get("version"))

    view.__doc__ = f"{action.capitalize()}: the {kind.name} becomes {target}"
    view.__name__ = f"{kind.name}_{action}"
    blp.route(f"/<int:listing_id>/{action}", methods=["POST"], endpoint=action)(
        blp.arguments(VersionArgs, required=False)(
            blp.response(200, out_schema)(
                blp.alt_response(409, description="Not allowed from the current status, or a stale version")(view)
            )
        )
    )


needs_blp = make_blueprint(NEED, ls.NeedCreate, ls.NeedUpdate, ls.NeedOut)
solutions_blp = make_blueprint(SOLUTION, ls.SolutionCreate, ls.SolutionUpdate, ls.SolutionOut)


@solutions_blp.route("/<int:listing_id>/deployments", methods=["GET"], endpoint="deployments_list")
@solutions_blp.response(200, ls.DeploymentOut(many=True))
def list_deployments(listing_id):
    """Where the solution is in use"""
    return listings.get(SOLUTION, actor_from_request(), listing_id).deployments


@solutions_blp.route("/<int:listing_id>/deployments", methods=["POST"], endpoint="deployments_create")
@solutions_blp.arguments(ls.DeploymentCreate)
@solutions_blp.response(201, ls.DeploymentOut)
def add_deployment(data, listing_id):
    """Record that the solution is in use at an NHS organisation"""
    return deployments.add(actor_from_request(), listing_id, data)


@solutions_blp.route("/<int:listing_id>/deployments/<int:deployment_id>", methods=["PATCH"], endpoint="deployment_update")
@solutions_blp.arguments(ls.DeploymentUpdate)
@solutions_blp.response(200, ls.DeploymentOut)
def update_deployment(data, listing_id, deployment_id):
    """Change when it started or what it achieved"""
    return deployments.update(actor_from_request(), listing_id, deployment_id, data)


@solutions_blp.route("/<int:listing_id>/deployments/<int:deployment_id>", methods=["DELETE"], endpoint="deployment_delete")
@solutions_blp.response(204)
def remove_deployment(listing_id, deployment_id):
    """Remove a deployment"""
    deployments.remove(actor_from_request(), listing_id, deployment_id)
