"""GET collection endpoints: search with filters and facets, answered by the index."""
from __future__ import annotations

from marshmallow import RAISE

from marketplace.schemas.search import SEARCH
from search import service


def register_search(blp, kind: str, out_schema=None) -> None:
    args_schema, page_schema = SEARCH[kind]

    @blp.route("/", methods=["GET"], endpoint="collection_search")
    @blp.arguments(args_schema, location="query", unknown=RAISE)
    @blp.response(200, page_schema)
    @blp.alt_response(503, description="The search index is not available")
    def search(args):
        """Search published listings: free text, filters, facets"""
        return service.search(kind, args)

    search.__doc__ = {
        "solution": "Search published solutions: free text, filters, facets",
        "need": "Search published needs: free text, filters, facets",
        "organisation": "Find organisations and co-design partners",
    }[kind]
