"""Home, and search for solutions, needs and co-design partners (filters and facet counts, no JavaScript needed)."""
from __future__ import annotations

from flask import render_template, request, url_for
from marshmallow import ValidationError

from marketplace.schemas.search import NeedSearchArgs, OrganisationSearchArgs, SolutionSearchArgs
from search import documents
from search import service as search_service

from . import bp
from .helpers import paged

PER_PAGE = 20

def _page_spec(kind: str, schema) -> dict:
    """A search page's filters, from the index's declarations (search/documents.py): the lists of
    codes shown (name, legend) in order, the yes/no filter and the evidence filter's legend."""
    declared = [(name, flt) for name, (_, flt) in documents.INDEXED_KINDS[kind].filters.items() if flt.legend]
    return {
        "schema": schema,
        "filters": [(name, flt.legend) for name, flt in declared if flt.mode in (documents.ANY, documents.ALL)],
        "flag": next(((name, flt.legend) for name, flt in declared if flt.mode == documents.FLAG), None),
        "evidence": next((flt.legend for _, flt in declared if flt.mode in documents.RANK_MODES), None),
    }


SEARCHES = {
    "solution": _page_spec("solution", SolutionSearchArgs),
    "need": _page_spec("need", NeedSearchArgs),
    "organisation": _page_spec("organisation", OrganisationSearchArgs),
}


def read_search_args(kind: str, fixed: dict | None = None) -> tuple[dict, list[str]]:
    """The query string as the search service takes it, checked by the API's schema.

    Bad values are dropped (and named), never a 500: a hand-edited URL still gets results.
    """
    spec = SEARCHES[kind]
    schema = spec["schema"]()
    raw: dict = {}
    list_fields = {name for name, _ in spec["filters"]} | {"ignore"}
    for key in request.args:
        if key in list_fields:
            raw[key] = [v for v in request.args.getlist(key) if v]
        elif key in schema.fields and key not in ("per_page", "ref"):
            value = request.args.get(key, "")
            if value != "":
                raw[key] = value
    if spec["flag"] and raw.get(spec["flag"][0]) not in (None, "true"):
        raw.pop(spec["flag"][0], None)
    raw.update(fixed or {})
    raw["per_page"] = PER_PAGE
    problems: list[str] = []
    for _ in range(len(raw) + 1):
        try:
            return schema.load(raw), problems
        except ValidationError as exc:
            bad = [k for k in exc.messages if k in raw and k not in (fixed or {})]
            if not bad:
                break
            for key in bad:
                problems.append(key)
                raw.pop(key)
    return schema.load({"per_page": PER_PAGE, **(fixed or {})}), problems


def _ignoring(endpoint: str):
    """(key, on) -> this page's address with the filter read from the words removed (on) or
    applied again: the ``ignore`` list travels in every link and the form, so it stays removed."""
    def url(key: str = "", on: bool = True, reading: str | None = None) -> str:
        query = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("page", "ignore")}
        ignore = [v for v in request.args.getlist("ignore") if v != key] + ([key] if key and on else [])
        if reading:
            query["reading"] = reading
        return url_for(endpoint, **query, **({"ignore": ignore} if ignore else {}))

    return url


def _search_page(kind: str, endpoint: str, template: str, fixed: dict | None = None, **extra):
    args, problems = read_search_args(kind, fixed)
    result = search_service.search(kind, args)
    extra.setdefault("ignoring", _ignoring(endpoint))
    spec = SEARCHES[kind]
    selected = {name: args.get(name) or [] for name, _ in spec["filters"]}
    return render_template(
        template, kind=kind, args=args, result=result, problems=problems, spec=spec, selected=selected,
        page_url=paged(endpoint), filtered=any(selected.values()) or bool(args.get("min_evidence_level"))
        or bool(spec["flag"] and args.get(spec["flag"][0])), **extra,
    )


@bp.get("/")
def home():
    base = {"per_page": 5, "page": 1, "sort": "newest", "q": ""}
    solutions = search_service.search("solution", base)
    needs = search_service.search("need", base)
    return render_template("home.html", solutions=solutions, needs=needs)


@bp.get("/solutions")
def search_solutions():
    return _search_page("solution", "web.search_solutions", "search.html")


@bp.get("/needs")
def search_needs():
    return _search_page("need", "web.search_needs", "search.html")


@bp.get("/co-design-partners")
def partners():
    """NHS organisations open to co-design, by clinical area, care setting, region and kind."""
    return _search_page("organisation", "web.partners", "partners.html", fixed={"open_to_codesign": True})
