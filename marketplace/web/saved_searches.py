"""Saved searches on the pages: save the search you are looking at, choose how often you hear of
new matches, and see what each search has found. The same service and rules as the API."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, render_template, request, url_for

from marketplace.models import FREQUENCIES
from marketplace.schemas.saved_searches import SavedSearchCreate, SavedSearchUpdate
from marketplace.services import saved_searches

from . import bp
from .forms import Field, Form
from .home import SEARCHES
from .interests import _signed_in

FREQUENCY_CHOICES = [
    ("immediate", "Straight away: an email for each new match"),
    ("daily", "Once a day: one email listing the day's new matches"),
    ("off", "Never: keep the search, send nothing"),
]
assert [c for c, _ in FREQUENCY_CHOICES] == list(FREQUENCIES)
SEARCH_PAGES = {"solution": "web.search_solutions", "need": "web.search_needs"}


class SaveForm(Form):
    fields = (
        Field("name", "Name", what="a name for this search", required=True),
        Field("frequency", "How often", "code", what="how often you want to hear of new matches", required=True),
    )


class FrequencyForm(Form):
    fields = (Field("frequency", "How often", "code", what="how often you want to hear of new matches", required=True),)


def _search_from(values, kind: str) -> tuple[str, dict]:
    """The free text and filters carried by the search page's query string (or the form's hidden copies)."""
    spec = SEARCHES[kind]
    filters: dict = {}
    for name, _ in spec["filters"]:
        codes = [v for v in values.getlist(name) if v]
        if codes:
            filters[name] = codes
    if values.get("min_evidence_level"):
        filters["min_evidence_level"] = values.get("min_evidence_level")
    if spec["flag"] and values.get(spec["flag"][0]) == "true":
        filters[spec["flag"][0]] = True
    return values.get("q", "").strip(), filters


def _kind(values) -> str:
    # Not "kind": a search over needs has a filter of that name (the kind of organisation posting).
    kind = values.get("search_over", "")
    return kind if kind in SEARCH_PAGES else "solution"


def search_url(search) -> str:
    """The search page showing what a saved search finds now."""
    params = [("q", search.q)] if search.q else []
    for name, value in search.filters.items():
        for v in (value if isinstance(value, list) else [value]):
            params.append((name, "true" if v is True else "false" if v is False else v))
    return url_for(SEARCH_PAGES[search.kind]) + ("?" + urlencode(params) if params else "")


@bp.route("/saved-searches/new", methods=["GET", "POST"])
def save_search():
    actor = _signed_in()
    values = request.args if request.method == "GET" else request.form
    kind = _kind(values)
    q, filters = _search_from(values, kind)
    if request.method == "GET":
        form = SaveForm({"name": q or ("Solutions" if kind == "solution" else "Needs"), "frequency": "daily"})
        return render_template("saved_searches/new.html", form=form, kind=kind, q=q, filters=filters,
                               choices=FREQUENCY_CHOICES, spec=SEARCHES[kind])
    form = SaveForm.from_request(request.form)
    form.load(SavedSearchCreate(), kind=kind, q=q, filters=filters)
    saved = form.submit(lambda data: saved_searches.create(actor, data))
    if saved is None:
        return render_template("saved_searches/new.html", form=form, kind=kind, q=q, filters=filters,
                               choices=FREQUENCY_CHOICES, spec=SEARCHES[kind]), 422
    flash(f"Your search “{saved.name}” has been saved.", "success")
    return redirect(url_for("web.saved_search_list"))


@bp.get("/saved-searches")
def saved_search_list():
    actor = _signed_in()
    searches = saved_searches.list_own(actor)
    return render_template("saved_searches/list.html", searches=searches, choices=FREQUENCY_CHOICES,
                           urls={s.id: search_url(s) for s in searches},
                           alerts={s.id: saved_searches.alerts_for(actor, s.id)[:5] for s in searches},
                           forms={s.id: FrequencyForm({"frequency": s.frequency}) for s in searches})


@bp.post("/saved-searches/<int:search_id>/frequency")
def saved_search_frequency(search_id):
    actor = _signed_in()
    search = saved_searches.get(actor, search_id)
    form = FrequencyForm.from_request(request.form)
    form.load(SavedSearchUpdate(only=("frequency",)))
    changed = form.submit(lambda data: saved_searches.update(actor, search.id, data))
    if changed is None:
        searches = saved_searches.list_own(actor)
        forms = {s.id: FrequencyForm({"frequency": s.frequency}) for s in searches}
        forms[search.id] = form
        return render_template("saved_searches/list.html", searches=searches, choices=FREQUENCY_CHOICES,
                               urls={s.id: search_url(s) for s in searches}, form=form,
                               alerts={s.id: saved_searches.alerts_for(actor, s.id)[:5] for s in searches},
                               forms=forms), 422
    flash(f"“{changed.name}”: {dict(FREQUENCY_CHOICES)[changed.frequency].split(':')[0].lower()}.", "success")
    return redirect(url_for("web.saved_search_list"))


@bp.post("/saved-searches/<int:search_id>/delete")
def saved_search_delete(search_id):
    actor = _signed_in()
    search = saved_searches.get(actor, search_id)
    name = search.name
    saved_searches.delete(actor, search.id)
    flash(f"Your search “{name}” has been deleted.", "success")
    return redirect(url_for("web.saved_search_list"))
