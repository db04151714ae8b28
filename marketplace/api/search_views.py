"""GET collection endpoints: lists of published listings with filters.

(The search index answers these once search/ is wired in.)
"""
from __future__ import annotations

from marshmallow import fields

from marketplace.models import Need, Organisation, Solution, db

from .common import PageArgs

MODELS = {"need": Need, "solution": Solution, "organisation": Organisation}


class ListArgs(PageArgs):
    ref = fields.String()


def page_schema(out_schema):
    class Page(PageArgs.__base__):
        items = fields.List(fields.Nested(out_schema))
        total = fields.Integer()
        page = fields.Integer()
        per_page = fields.Integer()
        facets = fields.Dict()

    Page.__name__ = out_schema.__name__.replace("Out", "") + "Page"
    return Page


def register_search(blp, kind: str, out_schema) -> None:
    model = MODELS[kind]

    @blp.route("/", methods=["GET"], endpoint="collection_search")
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, page_schema(out_schema))
    def search(args):
        """Search published listings"""
        query = db.select(model)
        if hasattr(model, "status"):
            query = query.where(model.status == "published")
        if args.get("ref"):
            query = query.where(model.ref == args["ref"])
        total = db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar_one()
        rows = db.session.execute(
            query.order_by(model.id).offset((args["page"] - 1) * args["per_page"]).limit(args["per_page"])
        ).scalars().all()
        return {"items": rows, "total": total, "page": args["page"], "per_page": args["per_page"], "facets": {}}
