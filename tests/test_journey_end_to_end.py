"""Issue 13's whole journey, in order, from a posted need to a confirmed adoption, on real parts.

Trust A posts a need and trust B joins it; an innovator responds and they talk; trust A shortlists
and compares three solutions, exports the comparison, declines one with a reason and closes the
need as adopted; the adoption is confirmed with an outcome report; a saved search's alert and a
daily digest go out through a real SMTP server (aiosmtpd); and a regulatory claim that expires
drops a solution from the eligible matches to a near miss that says so.

It runs twice: on SQLite with the embedded index, and on PostgreSQL with a real Elasticsearch
(the percolator included) when both are configured (``make test`` starts them; with
REQUIRE_SERVICES=1 a missing one fails the run, tests/conftest.py and tests/search/conftest.py).
Everything goes through the public API, or the pages where a person would use them (the CSV
export, the need and solution pages); the assertions are about what each side sees.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from marketplace import create_app
from marketplace.models import Claim, db
from tests.conftest import RequestScopedClient, _empty_tables, mail_caught, make_config
from tests.factories import Factory, auth
from tests.search.conftest import ES_URL
from tests.support import need_body, solution_body
from tests.test_interests_web import csrf, sign_in_page

API = "/api/v1"


@pytest.fixture
def stack(database, _smtp_server):
    """The app for this run: SQLite with the embedded index, or PostgreSQL with Elasticsearch.

    Both use the session's migrated database (tests/conftest.py); the PostgreSQL one gets an app
    of its own pointed at Elasticsearch, with indexes under a prefix of its own, dropped after.
    The index starts empty: row ids start again from 1 after every test on PostgreSQL.
    """
    from auth.http.limits import limiter

    elastic = database["name"] == "postgresql" and bool(ES_URL)
    if elastic:
        app = create_app(make_config(database["url"], database["tmp"], ELASTICSEARCH_URL=ES_URL,
                                     SEARCH_INDEX_PREFIX=f"journey{os.getpid()}"))
        app.test_client_class = RequestScopedClient
    else:
        app = database["app"]
    with app.app_context():
        limiter.reset()
        backend = app.extensions["search"]
        assert backend.name == ("elasticsearch" if elastic else "embedded")
        backend.reset()
        with mail_caught(app, _smtp_server) as mailbox:
            yield app, mailbox
        db.session.remove()
        _empty_tables()
        if elastic:
            backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True, allow_no_indices=True)
            db.engine.dispose()  # this app's pooled connections, before the session's next reset


@dataclass
class Person:
    user: object
    token: str
    organisation: object

    @property
    def headers(self) -> dict:
        return auth(self.token)


def test_the_journey_from_a_need_to_a_confirmed_adoption(stack):
    app, mailbox = stack
    api = app.test_client()
    f = Factory()

    def person(organisation) -> Person:
        user, token = f.user(organisation, role="admin")
        return Person(user, token, organisation)

    def ok(response, status=200) -> dict:
        assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:1500])
        return response.get_json()

    def notes(who: Person, kind: str) -> list[str]:
        return [n["text"] for n in ok(api.get(f"{API}/notifications", headers=who.headers)) if n["kind"] == kind]

    def mail_to(who: Person) -> list:
        return [m for m in mailbox.messages if m["To"] == who.user.email]

    def matches(need_id: int) -> dict[str, dict]:
        body = ok(api.get(f"{API}/needs/{need_id}/matches?include_near_misses=true&limit=20"))
        return {item["solution"]["name"]: item for item in body["items"]}

    def publish(kind: str, who: Person, body: dict) -> int:
        listing_id = ok(api.post(f"{API}/{kind}s", json=body, headers=who.headers), 201)["id"]
        ok(api.post(f"{API}/{kind}s/{listing_id}/publish", json={}, headers=who.headers))
        return listing_id

    trust_a = person(f.organisation(kind="nhs-trust", name="Northfield Teaching Hospitals", region="midlands"))
    trust_b = person(f.organisation(kind="nhs-trust", name="Southmead Community Trust", region="london"))
    breathe = person(f.organisation(kind="innovator", name="Breathe Digital"))
    lungwise = person(f.organisation(kind="innovator", name="Lungwise"))
    aircare = person(f.organisation(kind="innovator", name="AirCare Labs"))

    # Before anything is posted: an innovator watches for needs (a daily digest), trust B for
    # solutions (at once, by email).
    ok(api.post(f"{API}/saved-searches", headers=breathe.headers, json={
        "name": "COPD needs", "kind": "need", "q": "spirometry", "filters": {"clinical_areas": ["respiratory"]},
        "frequency": "daily"}), 201)
    ok(api.post(f"{API}/saved-searches", headers=trust_b.headers, json={
        "name": "Inhaler checks", "kind": "solution", "q": "inhaler technique",
        "filters": {"clinical_areas": ["respiratory"]}, "frequency": "immediate"}), 201)

    # Two solutions are listed already.
    spirohome = publish("solution", breathe, solution_body(
        breathe.organisation.ref, name="SpiroHome",
        summary="Home spirometry for COPD patients, with readings sent to the respiratory team between clinic visits.",
        clinical_areas=["respiratory"], evidence_level="real-world", regulatory=["dtac", "dspt"],
        price_model="per-patient"))
    peaktrack = publish("solution", lungwise, solution_body(
        lungwise.organisation.ref, name="PeakTrack",
        summary="Peak flow and home spirometry diary for COPD patients, shared with their respiratory nurse.",
        clinical_areas=["respiratory"], evidence_level="pilot", regulatory=["dtac"]))

    # 1. Trust A posts a need.
    need_id = publish("need", trust_a, need_body(
        trust_a.organisation.ref, title="COPD patients need spirometry at home",
        problem="COPD patients wait months for spirometry in clinic; we want home spirometry with readings "
                "the respiratory team can review between visits.",
        clinical_areas=["respiratory"], care_settings=["community-services", "home"], min_evidence_level="pilot",
        required_regulatory=["dtac"]))
    assert ok(api.get(f"{API}/needs/{need_id}"))["status"] == "published"
    # The innovator's daily search recorded it in the app; the email waits for the digest.
    assert any("COPD patients need spirometry at home" in t for t in notes(breathe, "alert.match"))
    assert mail_to(breathe) == []

    # 2. Trust B joins it ("we have this problem too"): trust A is told, innovators see both.
    ok(api.post(f"{API}/needs/{need_id}/supporters", headers=trust_b.headers,
                json={"organisation": trust_b.organisation.ref, "population": 310000, "sites": 4}), 201)
    assert any("Southmead Community Trust" in t for t in notes(trust_a, "need.joined"))
    demand = ok(api.get(f"{API}/needs/{need_id}/demand", headers=breathe.headers))
    assert demand["organisations"] == 2 and demand["regions"] == ["london", "midlands"]
    assert demand["population"] == 310000 and demand["sites"] == 4
    assert [s["organisation_name"] for s in demand["supporters"]] == ["Southmead Community Trust"]

    # 3. Innovators respond with their solutions; the trust sees them ranked, with reasons.
    first = ok(api.post(f"{API}/interests", headers=breathe.headers, json={
        "need_id": need_id, "solution_id": spirohome, "message": "Used across two trusts; happy to show data."}), 201)
    second = ok(api.post(f"{API}/interests", headers=lungwise.headers, json={
        "need_id": need_id, "solution_id": peaktrack, "message": "A spirometry diary your nurses can read."}), 201)
    assert {t.split(" responded")[0] for t in notes(trust_a, "interest.new")} == {"Breathe Digital", "Lungwise"}
    ranked = ok(api.get(f"{API}/interests/ranked?need_id={need_id}", headers=trust_a.headers))
    assert ranked["ranked"] is True
    assert [i["interest"]["solution"]["name"] for i in ranked["items"]] == ["SpiroHome", "PeakTrack"]
    assert all(i["eligible"] and i["reasons"] for i in ranked["items"])
    # Each innovator sees only its own response.
    assert [i["id"] for i in ok(api.get(f"{API}/interests", headers=lungwise.headers))] == [second["id"]]

    # 4. They talk in the response's thread, each side told of the other's message.
    thread = f"{API}/interests/{first['id']}/messages"
    ok(api.post(thread, headers=trust_a.headers, json={"body": "Could you share your evaluation?"}), 201)
    assert notes(breathe, "message.new")
    ok(api.post(thread, headers=breathe.headers, json={"body": "Yes: FEV1 checks doubled in six months."}), 201)
    assert notes(trust_a, "message.new")
    messages = ok(api.get(thread, headers=trust_a.headers))
    assert [(m["organisation_name"], m["body"]) for m in messages] == [
        ("Northfield Teaching Hospitals", "Could you share your evaluation?"),
        ("Breathe Digital", "Yes: FEV1 checks doubled in six months.")]
    assert "@" not in str(messages)  # nobody's email address reaches the other side

    # 5. A third solution is published: trust B's saved search emails at once; its DTAC
    #    certificate expires in ten days, and its innovator is warned.
    inhalecheck = publish("solution", aircare, solution_body(
        aircare.organisation.ref, name="InhaleCheck",
        summary="Home spirometry and inhaler technique checks for COPD patients, reviewed by the respiratory team.",
        clinical_areas=["respiratory"], evidence_level="real-world", regulatory=["dtac"]))
    alert = mail_to(trust_b)
    assert len(alert) == 1 and "InhaleCheck" in alert[0].get_content()
    assert f"/solutions/{inhalecheck}" in alert[0].get_content()
    soon = date.today() + timedelta(days=10)
    ok(api.post(f"{API}/solutions/{inhalecheck}/claims", headers=aircare.headers, json={
        "kind": "regulatory", "code": "dtac", "reference": "DTAC-2026-0117", "issued_on": "2025-06-01",
        "expires_on": soon.isoformat()}), 201)
    runner = app.test_cli_runner()
    out = runner.invoke(args=["claims", "remind"])
    assert out.exit_code == 0 and out.output.startswith("1 claim(s)"), out.output
    assert notes(aircare, "claim.expiring")
    assert matches(need_id)["InhaleCheck"]["eligible"] is True

    # 6. Trust A shortlists two responses and adds the third solution, then compares the three.
    ok(api.post(f"{API}/interests/{first['id']}/shortlist", headers=trust_a.headers))
    ok(api.post(f"{API}/interests/{second['id']}/shortlist", headers=trust_a.headers))
    assert any("shortlisted SpiroHome" in t for t in notes(breathe, "interest.shortlist"))
    ok(api.post(f"{API}/needs/{need_id}/shortlist", headers=trust_a.headers, json={"solution_id": inhalecheck}), 201)
    shortlist = ok(api.get(f"{API}/needs/{need_id}/shortlist", headers=trust_a.headers))
    assert sorted(e["solution"]["name"] for e in shortlist) == ["InhaleCheck", "PeakTrack", "SpiroHome"]
    compared = f"solution_id={spirohome}&solution_id={peaktrack}&solution_id={inhalecheck}"
    columns = ok(api.get(f"{API}/needs/{need_id}/compare?{compared}", headers=trust_a.headers))["columns"]
    assert [c["solution"]["name"] for c in columns] == ["SpiroHome", "PeakTrack", "InhaleCheck"]
    assert [c["meets_evidence"] for c in columns] == [True, True, True]
    assert [c["price_model"] for c in columns] == ["Per patient", "Not given", "Not given"]

    # 7. ... and exports the comparison from the comparison page, for procurement colleagues.
    pages = app.test_client()
    sign_in_page(pages, trust_a.user)
    page = pages.get(f"/needs/{need_id}/compare?{compared}")
    assert page.status_code == 200 and "InhaleCheck" in page.get_data(as_text=True)
    exported = pages.get(f"/needs/{need_id}/compare.csv?{compared}")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(exported.get_data(as_text=True)))}
    assert rows[""] == ["SpiroHome", "PeakTrack", "InhaleCheck"]
    assert rows["Organisation"] == ["Breathe Digital", "Lungwise", "AirCare Labs"]
    dtac_row = next(k for k in rows if k.startswith("Required: ") and "DTAC" in k)
    assert rows[dtac_row] == ["Held", "Held", "Held"]
    assert rows["Price model"] == ["Per patient", "Not given", "Not given"]
    assert rows["Deployments"] == ["0", "0", "0"]

    # 8. Ten days on, InhaleCheck's certificate has expired (the clock, not a person, changes
    #    it): the daily command says so, and the need's matches drop it to a near miss.
    claim = db.session.execute(db.select(Claim).where(Claim.solution_id == inhalecheck)).scalar_one()
    claim.expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    out = runner.invoke(args=["claims", "remind"])
    assert out.exit_code == 0 and "1 expired claim(s)" in out.output, out.output
    found = matches(need_id)
    assert found["SpiroHome"]["eligible"] is True and found["PeakTrack"]["eligible"] is True
    near_miss = found["InhaleCheck"]
    assert near_miss["eligible"] is False and "DTAC expired" in near_miss["gaps"]
    assert {line["line"]: line["status"] for line in near_miss["readiness"]}["dtac"] == "expired"
    need_page = pages.get(f"/needs/{need_id}").get_data(as_text=True)
    assert "InhaleCheck" in need_page and "DTAC expired" in need_page

    # 9. Trust A declines one with a coded reason (its innovator is told why) and closes the need
    #    as adopted with SpiroHome (its innovator is told).
    ok(api.post(f"{API}/interests/{second['id']}/decline", headers=trust_a.headers, json={"reason": "cost"}))
    assert any("declined PeakTrack" in t and ": cost." in t for t in notes(lungwise, "interest.decline"))
    version = ok(api.get(f"{API}/needs/{need_id}", headers=trust_a.headers))["version"]
    ok(api.post(f"{API}/needs/{need_id}/outcome", headers=trust_a.headers, json={
        "outcome": "adopted", "solution_id": spirohome, "note": "Rolling out to community clinics",
        "version": version}), 201)
    assert ok(api.get(f"{API}/needs/{need_id}", headers=trust_a.headers))["status"] == "closed"
    assert ok(api.get(f"{API}/needs/{need_id}/outcome", headers=trust_a.headers))["outcome"] == "adopted"
    assert any("adopted with" in t for t in notes(breathe, "need.outcome"))

    # 10. The innovator records the deployment; it counts only once trust A confirms it, and
    #     trust A adds what changed.
    def deployments_in_search() -> int:
        found = ok(api.get(f"{API}/solutions", query_string={"ref": ok(api.get(f"{API}/solutions/{spirohome}"))["ref"]}))
        return found["items"][0]["deployment_count"]

    deployment = ok(api.post(f"{API}/solutions/{spirohome}/deployments", headers=breathe.headers,
                             json={"organisation": trust_a.organisation.ref, "since": "2026-11"}), 201)
    assert deployment["confirmation"] == "claimed" and deployments_in_search() == 0
    awaiting = ok(api.get(f"{API}/deployments/awaiting-confirmation", headers=trust_a.headers))
    assert [d["id"] for d in awaiting] == [deployment["id"]]
    ok(api.post(f"{API}/deployments/{deployment['id']}/confirmation", headers=trust_a.headers,
                json={"decision": "confirmed"}))
    report = "Home spirometry reached 412 patients; clinic waits fell from 14 to 5 weeks."
    ok(api.post(f"{API}/deployments/{deployment['id']}/outcome-report", headers=trust_a.headers,
                json={"report": report}))
    assert notes(breathe, "deployment.confirmed") and notes(breathe, "deployment.outcome")
    assert deployments_in_search() == 1
    listed = ok(api.get(f"{API}/solutions/{spirohome}"))["deployments"]
    assert [(d["organisation_name"], d["confirmation"], d["outcome_report"]) for d in listed] == [
        ("Northfield Teaching Hospitals", "confirmed", report)]
    solution_page = pages.get(f"/solutions/{spirohome}").get_data(as_text=True)
    assert "Confirmed by Northfield Teaching Hospitals" in solution_page and report in solution_page

    # 11. The next morning the digest goes out, once, with the need it matched.
    out = runner.invoke(args=["alerts", "digest"])
    assert out.exit_code == 0 and "1 digest(s)" in out.output, out.output
    def alert_mail(org):
        return [m for m in mail_to(org) if "new match" in m["Subject"]]

    digest = alert_mail(breathe)
    assert len(digest) == 1 and "1 new match" in digest[0]["Subject"]
    assert "COPD patients need spirometry at home" in digest[0].get_content()
    assert f"/needs/{need_id}" in digest[0].get_content()
    # The same command sends the daily digest of what is unread in the app (the default setting).
    unread = [m for m in mail_to(breathe) if "notification" in m["Subject"]]
    assert len(unread) == 1 and "/notifications" in unread[0].get_content()
    sent_before = len(mail_to(breathe))
    out = runner.invoke(args=["alerts", "digest"])
    assert "0 digest(s)" in out.output and "0 notification digest(s)" in out.output
    assert len(mail_to(breathe)) == sent_before
    # Trust B's immediate alert was never sent twice, though InhaleCheck changed since.
    assert len(alert_mail(trust_b)) == 1
