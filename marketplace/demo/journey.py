"""`flask demo journey`: the journey from a match to adoption, on top of the imported demo bundle.

The bundle (listings.json) holds listings; this adds what people do with them, so `make run`
shows it: responses to a need (one overdue, one declined with a reason, one shortlisted, with a
thread), a need joined by two more organisations, a shortlist, a deployment awaiting
confirmation, an outcome report on a confirmed one, a claim about to expire and one expired
(which drops its solution to a near miss), a co-design offer, and an alert: the need's owner told
in-app of a solution that matches it (as search.alerts records one when a solution is published). Dates are relative to today.
Idempotent: a second run finds the responses and changes nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from auth.policy.identity import cli_actor
from marketplace import engagement
from marketplace.models import (
    AlertDelivery, Claim, CodesignOffer, Deployment, Interest, Message, Need, NeedSupporter, Notification, Organisation,
    ShortlistEntry, Solution, db, utcnow,
)
from marketplace.services import audit, notifications

demo_cli = AppGroup("demo", help="Demo data beyond the listings bundle.")

NEED = "need-0001"  # Northfield: cutting outpatient DNAs
TRUST = "org-northfield-teaching-ft"
# (solution ref, status, days ago, message, decline reason)
RESPONSES = (
    ("sol-0001", engagement.SHORTLISTED, 6, "Brightpath Reminders cut DNAs by a fifth at Kingsgate; happy to share "
     "the evaluation.", None),
    ("sol-0017", engagement.OPEN, 35, "Willow Check-in lets patients confirm or rebook from a text.", None),
    ("sol-0119", engagement.DECLINED, 12, "Frontdoor recalls patients before they miss.", "regulatory-gap"),
    ("sol-0002", engagement.OPEN, 2, "Waiting Well keeps people on the list engaged, so fewer miss.", None),
)
JOINERS = (("org-kingsgate-university-hospitals", 410000, 3), ("org-thames-riverside-icb", 1200000, None))
SHORTLIST = ("sol-0001", "sol-0004", "sol-0119")
ALERTED = "sol-0004"  # a solution the need's owner is alerted to


@demo_cli.command("journey")
def journey() -> None:
    """Responses, a pooled need, a shortlist, confirmations, claims and a co-design offer for the demo."""
    actor = cli_actor("demo journey")
    need = _one(Need, NEED)
    if db.session.execute(sa.select(Interest.id).where(Interest.need_id == need.id)).first():
        click.echo("The demo journey is already there.")
        return
    now, today = utcnow(), date.today()
    trust = need.organisation
    for ref, status, days, message, reason in RESPONSES:
        solution = _one(Solution, ref)
        interest = Interest(need_id=need.id, solution_id=solution.id, message=message, status=status,
                            created_at=now - timedelta(days=days), decline_reason=reason,
                            status_changed_at=None if status == engagement.OPEN else now - timedelta(days=1))
        db.session.add(interest)
        db.session.flush()
        audit.record(actor, "interest.create", interest, need=need.ref, solution=ref)
        notifications.notify(trust.id, "interest.new", interest,
                             f"{solution.organisation.name} responded to “{need.title}” with {solution.name}.")
        if status != engagement.OPEN:
            notifications.notify(solution.organisation_id, f"interest.{status}", interest,
                                 f"{trust.name} {status} {solution.name} for “{need.title}”.")
        if ref == "sol-0001":
            for org_id, body in ((trust.id, "Could you share the Kingsgate evaluation and your price per patient?"),
                                 (solution.organisation_id, "Yes: the evaluation is linked from our listing; "
                                                            "we price per appointment sent.")):
                db.session.add(Message(interest_id=interest.id, organisation_id=org_id, body=body,
                                       author_name="Demo user"))
    for ref, population, sites in JOINERS:
        org = _one(Organisation, ref)
        db.session.add(NeedSupporter(need_id=need.id, organisation_id=org.id, population=population, sites=sites))
        notifications.notify(trust.id, "need.joined", None, f"{org.name} has the same problem and joined “{need.title}”.")
    for ref in SHORTLIST:
        db.session.add(ShortlistEntry(need_id=need.id, solution_id=_one(Solution, ref).id))
    _deployments(trust)
    _claims(today)
    _alert(need, trust)
    db.session.add(CodesignOffer(organisation_id=trust.id, title="Outpatients test bed and patient panel",
                                 description="A clinic to test in and a panel of patients who miss appointments.",
                                 clinical_areas=["operations-patient-flow"], care_settings=["outpatients"]
                                 if "outpatients" in _care_settings() else [],
                                 offerings=["test-environment", "patient-panels", "staff-time"],
                                 available_from=today + timedelta(days=30), status=engagement.OFFER_OPEN))
    db.session.commit()
    click.echo("Demo journey added: 4 responses, 2 organisations joined a need, a shortlist of 3, "
               "a deployment to confirm, an outcome report, claims expiring and expired, a co-design offer, an alert.")


def _alert(need, trust) -> None:
    """The need's standing alert for a matching solution, delivered in-app. Marked as emailed: the
    demo is built without a mail server, and the digest must not send an old alert later."""
    solution = _one(Solution, ALERTED)
    if db.session.execute(sa.select(AlertDelivery.id).where(
            AlertDelivery.need_id == need.id, AlertDelivery.listing_kind == "solution",
            AlertDelivery.listing_id == solution.id)).first():
        return  # the indexer alerted it already (the import published the solution after the need)
    now = utcnow()
    text = f"A new solution matches your need “{need.title}”: {solution.name}"[:500]
    db.session.add(AlertDelivery(need_id=need.id, listing_kind="solution", listing_id=solution.id,
                                 listing_ref=solution.ref, listing_title=solution.name[:300],
                                 organisation_id=trust.id, frequency="immediate", text=text,
                                 created_at=now, emailed_at=now))
    db.session.add(Notification(organisation_id=trust.id, kind="alert.match", text=text,
                                link=f"/solutions/{solution.id}", created_at=now))


def _deployments(trust) -> None:
    waiting = _one(Solution, "sol-0002")
    if not any(d.organisation_id == trust.id for d in waiting.deployments):
        waiting.deployments.append(Deployment(organisation_id=trust.id, since=None,
                                              confirmation=engagement.DEPLOYMENT_CLAIMED))
        notifications.notify(trust.id, "deployment.claimed", None,
                             f"{waiting.organisation.name} says {trust.name} uses {waiting.name}: confirm or reject it.")
    reminders = _one(Solution, "sol-0001")
    for d in reminders.deployments:
        if d.organisation.ref == "org-kingsgate-university-hospitals":
            d.outcome_report = "Outpatient DNAs fell from 9.1% to 7.2% in the six months after go-live."
            d.outcome_reported_at = utcnow()


def _claims(today: date) -> None:
    reminders = _one(Solution, "sol-0001")
    reminders.claims.append(Claim(kind="regulatory", code="dtac", reference="DTAC-2025-0117",
                                  issued_on=today - timedelta(days=345), expires_on=today + timedelta(days=20),
                                  verified_at=utcnow()))
    frontdoor = _one(Solution, "sol-0119")
    if "dtac" in frontdoor.regulatory:
        # Expired: Frontdoor no longer counts as DTAC-assessed, so it drops to a near miss for the need.
        frontdoor.claims.append(Claim(kind="regulatory", code="dtac", reference="DTAC-2023-0555",
                                      issued_on=today - timedelta(days=800), expires_on=today - timedelta(days=35)))


def _care_settings() -> set[str]:
    from marketplace import taxonomy as tx

    return set(tx.codes(tx.CARE_SETTINGS))


def _one(model, ref: str):
    record = db.session.execute(sa.select(model).where(model.ref == ref)).unique().scalar_one_or_none()
    if record is None:
        raise click.ClickException(f"The demo bundle has no {model.__tablename__[:-1]} '{ref}': import it first.")
    return record
