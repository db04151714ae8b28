"""The dashboard: what needs each side's attention, by organisation."""
from __future__ import annotations

from datetime import timedelta

from marketplace.models import Interest, Notification, db
from tests.factories import auth


def test_each_side_sees_what_needs_its_attention(client, factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    _, trust_member = factory.user(trust)
    _, innovator_member = factory.user(innovator)
    need = factory.need(trust, title="Missed appointments")
    old, fresh, decided = (factory.solution(innovator, name=n) for n in ("Old", "Fresh", "Decided"))
    for s in (old, fresh, decided):
        r = client.post("/api/v1/interests", json={"need_id": need.id, "solution_id": s.id, "message": "Hi"},
                        headers=auth(innovator_member))
        assert r.status_code == 201
    row = db.session.execute(db.select(Interest).where(Interest.solution_id == old.id)).scalar_one()
    row.created_at -= timedelta(days=40)
    db.session.commit()
    decided_id = db.session.execute(db.select(Interest.id).where(Interest.solution_id == decided.id)).scalar_one()
    client.post(f"/api/v1/interests/{decided_id}/decline", json={"reason": "cost"}, headers=auth(trust_member))

    trust_view = client.get("/api/v1/dashboard", headers=auth(trust_member)).get_json()
    (org,) = trust_view["organisations"]
    assert (org["awaiting_answer"], org["overdue"]) == (2, 1)
    assert [i["solution"]["name"] for i in org["oldest_waiting"]] == ["Old", "Fresh"]  # oldest first
    # Three responses, and the alerts of solutions newly matching the need (its owner is alerted by default).
    alerts = db.session.execute(db.select(db.func.count()).select_from(Notification).where(
        Notification.organisation_id == trust.id, Notification.kind == "alert.match")).scalar_one()
    assert trust_view["unread"] == 3 + alerts

    innovator_view = client.get("/api/v1/dashboard", headers=auth(innovator_member)).get_json()
    (org,) = innovator_view["organisations"]
    assert (org["sent_open"], org["sent_declined"]) == (2, 1)
    assert [i["solution"]["name"] for i in org["recent_decisions"]] == ["Decided"]
    assert innovator_view["unread"] == 1
    assert client.get("/api/v1/dashboard").status_code == 401
