"""Import and export of the listings bundle (listings.schema.json).

Import is all-or-nothing and idempotent by ref: every record is validated
first, every problem is reported with its JSON path, and only a bundle with
no problems is written, in one transaction. A record that already matches
what is stored is left alone (no new version, no audit event, no reindex).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace import lifecycle
from marketplace.engagement import DEPLOYMENT_CONFIRMED
from marketplace.lifecycle import DEPLOYMENT_SITE_KINDS, DEPLOYMENT_SITE_RULE, OWNER_KINDS, OWNER_RULES
from marketplace.models import Deployment, Need, Organisation, Solution, db, utcnow

from . import audit
from .common import commit, require
from .errors import Invalid

ORG_DEFAULTS = {"ods_code": None, "region": None, "description": None, "open_to_codesign": False, "codesign_areas": []}
# A bundle record restates the whole listing: a field it leaves out takes its default.
NEED_DEFAULTS = {**lifecycle.DEFAULTS["need"], "status": lifecycle.DRAFT}
SOLUTION_DEFAULTS = {**lifecycle.DEFAULTS["solution"], "status": lifecycle.DRAFT}
CHUNK = 500  # refs per IN (...) query, well inside every database's parameter limit


class InvalidBundle(Invalid):
    def __init__(self, problems: list[str]):
        super().__init__(f"The bundle has {len(problems)} problem(s); nothing was imported.", problems)
        self.problems = problems


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def as_dict(self) -> dict:
        return {
            kind: {o: self.counts[kind][o] for o in ("created", "updated", "unchanged")}
            for kind in ("organisations", "needs", "solutions")
        }


@dataclass(frozen=True)
class ParsedBundle:
    """A bundle document as marketplace.schemas.bundle.parse_bundle read it: what parsed
    (records at their positions, so paths still point at the right one) and every
    problem found in single records, as "path: message" lines."""

    data: dict
    problems: list[str]


def import_bundle(actor: Actor, parsed: ParsedBundle) -> ImportReport:
    require(actor, permissions.can_import_bundle(actor), "Only platform administrators can import bundles.")
    if not isinstance(parsed, ParsedBundle):  # a raw document would skip validation
        raise TypeError("import_bundle takes a ParsedBundle: read the document with "
                        "marketplace.schemas.bundle.parse_bundle first")
    data = parsed.data
    orgs_in_db = _stored_organisations(data)
    # Checks across records run on what did parse too, so one run reports every problem.
    problems = parsed.problems + _cross_record_problems(data, orgs_in_db)
    if problems:
        raise InvalidBundle(problems)
    report = ImportReport()
    try:
        org_ids = _upsert_organisations(actor, data.get("organisations", []), orgs_in_db, report)
        _upsert_needs(actor, data.get("needs", []), org_ids, report)
        _upsert_solutions(actor, data.get("solutions", []), org_ids, report)
        commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


# --- checks across records ---------------------------------------------------

def _stored_organisations(data: dict) -> dict[str, Organisation]:
    refs = {o.get("ref") for o in data.get("organisations", [])}
    refs |= {n.get("organisation") for n in data.get("needs", [])}
    for s in data.get("solutions", []):
        refs.add(s.get("organisation"))
        refs |= {d.get("organisation") for d in s.get("deployments", []) if isinstance(d, dict)}
    refs.discard(None)
    return {o.ref: o for o in _by_refs(Organisation, refs)}


def _cross_record_problems(data: dict, orgs_in_db: dict[str, Organisation]) -> list[str]:
    """What no single record shows: refs and ODS codes used twice, owners of the wrong kind,
    stored organisations changing kind under their listings."""
    return (_duplicate_ref_problems(data) + _ods_code_problems(data) + _stored_kind_change_problems(data, orgs_in_db)
            + _owner_problems(data, orgs_in_db))


def _duplicate_ref_problems(data: dict) -> list[str]:
    problems: list[str] = []
    for section in ("organisations", "needs", "solutions"):
        first_seen: dict[str, int] = {}
        for i, record in enumerate(data.get(section, [])):
            if "ref" not in record:
                continue
            if record["ref"] in first_seen:
                problems.append(
                    f"{section}[{i}].ref: duplicate ref '{record['ref']}' (also {section}[{first_seen[record['ref']]}])"
                )
            else:
                first_seen[record["ref"]] = i
    return problems


def _ods_code_problems(data: dict) -> list[str]:
    """An ODS code names one organisation, in the bundle and in what is stored."""
    problems: list[str] = []
    ods_seen: dict[str, str] = {}
    for i, org in enumerate(data.get("organisations", [])):
        ods = org.get("ods_code")
        if not ods:
            continue
        if ods in ods_seen and ods_seen[ods] != org.get("ref"):
            problems.append(f"organisations[{i}].ods_code: '{ods}' is also given to '{ods_seen[ods]}'")
        ods_seen[ods] = org.get("ref")
    if ods_seen:
        for chunk in _chunks(sorted(ods_seen)):
            rows = db.session.execute(
                db.select(Organisation.ods_code, Organisation.ref).where(Organisation.ods_code.in_(chunk))
            )
            for ods, ref in rows:
                if ods_seen[ods] != ref:
                    i = next(i for i, o in enumerate(data["organisations"]) if o.get("ods_code") == ods)
                    problems.append(f"organisations[{i}].ods_code: '{ods}' already belongs to organisation '{ref}'")
    return problems


def _stored_kind_change_problems(data: dict, orgs_in_db: dict[str, Organisation]) -> list[str]:
    """Stored organisations whose kind the bundle changes: the new kind must fit what they own."""
    problems: list[str] = []
    need_refs = {n.get("ref") for n in data.get("needs", [])}
    solution_refs = {s.get("ref") for s in data.get("solutions", [])}
    for i, org in enumerate(data.get("organisations", [])):
        stored = orgs_in_db.get(org.get("ref"))
        if stored is not None and "kind" in org and org["kind"] != stored.kind:
            problems += _kind_change_problems(f"organisations[{i}].kind", stored, org["kind"], need_refs, solution_refs)
    return problems


def _owner_problems(data: dict, orgs_in_db: dict[str, Organisation]) -> list[str]:
    """Needs, solutions and deployments belong to organisations of the kinds their rules name."""
    problems: list[str] = []
    kinds = {ref: org.kind for ref, org in orgs_in_db.items()}
    kinds.update({o["ref"]: o["kind"] for o in data.get("organisations", []) if "kind" in o and "ref" in o})
    bundle_org_refs = {o.get("ref") for o in data.get("organisations", [])}

    def owner_problem(path: str, ref: str | None, allowed: frozenset[str], rule: str) -> None:
        if ref is None:
            return  # already reported as missing or invalid
        if ref not in kinds:
            if ref in bundle_org_refs:
                return  # in the bundle, but its kind is invalid: already reported there
            problems.append(f"{path}: no organisation with ref '{ref}' in the bundle or already stored")
        elif kinds[ref] not in allowed:
            problems.append(f"{path}: '{ref}' is of kind '{kinds[ref]}'; {rule}")

    for i, need in enumerate(data.get("needs", [])):
        owner_problem(f"needs[{i}].organisation", need.get("organisation"), OWNER_KINDS["need"],
                      OWNER_RULES["need"])
    for i, solution in enumerate(data.get("solutions", [])):
        owner_problem(f"solutions[{i}].organisation", solution.get("organisation"), OWNER_KINDS["solution"],
                      OWNER_RULES["solution"])
        seen: set[str] = set()
        for j, deployment in enumerate(solution.get("deployments") or []):
            if not isinstance(deployment, dict) or "organisation" not in deployment:
                continue
            path = f"solutions[{i}].deployments[{j}].organisation"
            owner_problem(path, deployment["organisation"], DEPLOYMENT_SITE_KINDS, DEPLOYMENT_SITE_RULE)
            if deployment["organisation"] in seen:
                problems.append(f"{path}: '{deployment['organisation']}' is listed twice")
            seen.add(deployment["organisation"])
    return problems


def _kind_change_problems(path: str, org: Organisation, new_kind: str, need_refs: set, solution_refs: set) -> list[str]:
    """A stored organisation may change kind only if the new kind still fits the
    listings and deployments it has that this bundle does not restate."""
    checks = []
    if new_kind not in OWNER_KINDS["need"]:
        checks.append((Need.ref, Need.organisation_id == org.id, need_refs,
                       "it owns needs not in this bundle", OWNER_RULES["need"]))
    if new_kind not in DEPLOYMENT_SITE_KINDS:
        checks.append((Solution.ref, Solution.deployments.any(Deployment.organisation_id == org.id), solution_refs,
                       "solutions not in this bundle are deployed there", DEPLOYMENT_SITE_RULE))
    if new_kind not in OWNER_KINDS["solution"]:
        checks.append((Solution.ref, Solution.organisation_id == org.id, solution_refs,
                       "it owns solutions not in this bundle", OWNER_RULES["solution"]))
    problems = []
    for ref_column, condition, restated, what, rule in checks:
        refs = sorted(set(db.session.execute(db.select(ref_column).where(condition)).scalars()) - restated)
        if refs:
            shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
            problems.append(f"{path}: '{org.ref}' cannot become '{new_kind}' while {what} ({shown}); {rule}")
    return problems


# --- writing -----------------------------------------------------------------

def _upsert(actor, model, kind: str, records: list[dict], defaults: dict, report: ImportReport, resolve,
            actions: dict | None = None) -> dict:
    """Create or update each record by ref; returns ref -> model instance.

    ``actions``, when given, receives ref -> "create", "update" or None (unchanged).
    """
    stored = {r.ref: r for r in _by_refs(model, {r["ref"] for r in records})}
    result = {}
    section = kind + "s"
    for record in records:
        values = {**defaults, **record}
        values = resolve(values)
        existing = stored.get(record["ref"])
        if existing is None:
            obj = model(**values)
            if lifecycle.is_public(values.get("status")):
                obj.published_at = utcnow()
            db.session.add(obj)
            report.add(section, "created")
            result[record["ref"]] = (obj, "create", sorted(values))
            continue
        changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(existing, key, value)
            if isinstance(existing, Organisation):
                existing.note_changes(changed)
            if lifecycle.is_public(changed.get("status")) and existing.published_at is None:
                existing.published_at = utcnow()
            report.add(section, "updated")
            result[record["ref"]] = (existing, "update", sorted(changed))
        else:
            report.add(section, "unchanged")
            result[record["ref"]] = (existing, None, [])
    db.session.flush()
    for obj, action, fields in result.values():
        if action:
            audit.record(actor, f"{kind}.import.{action}", obj, fields=fields)
    if actions is not None:
        actions.update({ref: action for ref, (_, action, _) in result.items()})
    return {ref: obj for ref, (obj, _, _) in result.items()}


def _upsert_organisations(actor, records, orgs_in_db, report) -> dict[str, int]:
    written = _upsert(actor, Organisation, "organisation", records, ORG_DEFAULTS, report, lambda v: v)
    ids = {ref: org.id for ref, org in orgs_in_db.items()}
    ids.update({ref: org.id for ref, org in written.items()})
    return ids


def _upsert_needs(actor, records, org_ids, report) -> None:
    def resolve(values):
        values["organisation_id"] = org_ids[values.pop("organisation")]
        return values

    _upsert(actor, Need, "need", records, NEED_DEFAULTS, report, resolve)


def _upsert_solutions(actor, records, org_ids, report) -> None:
    deployments_by_ref = {r["ref"]: r.get("deployments", []) for r in records}

    def resolve(values):
        values["organisation_id"] = org_ids[values.pop("organisation")]
        values.pop("deployments", None)
        return values

    actions: dict = {}
    solutions = _upsert(actor, Solution, "solution", records, SOLUTION_DEFAULTS, report, resolve, actions)

    def wanted(ref: str) -> dict[int, tuple]:
        return {org_ids[d["organisation"]]: (d.get("since"), d.get("outcome")) for d in deployments_by_ref[ref]}

    # Deployments are part of the solution's record: the bundle states them all. A bundle is
    # imported by the platform team, who vouch for it: its deployments count as confirmed.
    # New solutions simply get theirs (their create event covers them); inserted by id,
    # without loading the empty collections, which would flush the session once per solution.
    db.session.add_all(
        Deployment(solution_id=solutions[ref].id, organisation_id=org_id, since=since, outcome=outcome,
                   confirmation=DEPLOYMENT_CONFIRMED)
        for ref, action in actions.items() if action == "create"
        for org_id, (since, outcome) in wanted(ref).items()
    )
    # Stored solutions: compare with what is stored, read in one query per chunk.
    stored_ids = {solutions[ref].id: ref for ref, action in actions.items() if action != "create"}
    have_by_solution: dict[int, dict[int, Deployment]] = defaultdict(dict)
    for chunk in _chunks(sorted(stored_ids)):
        for d in db.session.execute(db.select(Deployment).where(Deployment.solution_id.in_(chunk))).scalars():
            have_by_solution[d.solution_id][d.organisation_id] = d
    for solution_id, ref in stored_ids.items():
        want, have = wanted(ref), have_by_solution[solution_id]
        if {k: (d.since, d.outcome) for k, d in have.items()} == want:
            continue
        for org_id, deployment in have.items():
            if org_id not in want:
                db.session.delete(deployment)
        for org_id, (since, outcome) in want.items():
            if org_id in have:
                have[org_id].since, have[org_id].outcome = since, outcome
            else:
                db.session.add(Deployment(solution_id=solution_id, organisation_id=org_id, since=since,
                                          outcome=outcome, confirmation=DEPLOYMENT_CONFIRMED))
        solutions[ref].updated_at = utcnow()  # a changed deployment is a change to the solution
        audit.record(actor, "solution.import.deployments", solutions[ref], deployments=len(want))
        if actions[ref] is None:  # counted 'unchanged' above, but its deployments changed
            report.counts["solutions"]["unchanged"] -= 1
            report.add("solutions", "updated")
    db.session.flush()


def _by_refs(model, refs) -> list:
    found = []
    for chunk in _chunks(sorted(refs)):
        found.extend(db.session.execute(db.select(model).where(model.ref.in_(chunk))).scalars())
    return found


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- export ------------------------------------------------------------------

def export_bundle(left_out: list[str] | None = None) -> dict:
    """Every organisation and every listing, in ref order: a stable document.

    A draft not yet complete enough to publish cannot be written as a bundle record
    (listings.schema.json requires a need's problem, a solution's summary and their
    clinical areas), and could not be imported back: it is left out, and named in
    ``left_out`` when a list is given.
    """
    # Sorted here, not in SQL: a database's collation (en_GB, C, ...) must not change the document.
    def by_ref(model):
        return sorted(db.session.execute(db.select(model)).scalars(), key=lambda record: record.ref)

    orgs, needs, solutions = by_ref(Organisation), by_ref(Need), by_ref(Solution)
    return {
        "organisations": [_org_record(o) for o in orgs],
        "needs": [_need_record(n) for n in _complete(needs, "need", left_out)],
        "solutions": [_solution_record(s) for s in _complete(solutions, "solution", left_out)],
    }


def _complete(listings, kind: str, left_out: list[str] | None) -> list:
    kept = []
    for listing in listings:
        values = {name: getattr(listing, name) for name in lifecycle.REQUIRED_TO_PUBLISH[kind]}
        if not lifecycle.missing_to_publish(kind, values):
            kept.append(listing)
        elif left_out is not None:
            left_out.append(f"{kind} {listing.ref}")
    return kept


def _present(record: dict) -> dict:
    return {k: v for k, v in record.items() if v is not None}


def _org_record(o: Organisation) -> dict:
    return _present({
        "ref": o.ref, "name": o.name, "kind": o.kind, "ods_code": o.ods_code, "region": o.region,
        "description": o.description, "open_to_codesign": o.open_to_codesign, "codesign_areas": list(o.codesign_areas),
    })


def _need_record(n: Need) -> dict:
    return _present({
        "ref": n.ref, "organisation": n.organisation.ref, "title": n.title, "problem": n.problem,
        "outcomes": n.outcomes, "clinical_areas": list(n.clinical_areas), "care_settings": list(n.care_settings),
        "min_evidence_level": n.min_evidence_level, "required_regulatory": list(n.required_regulatory),
        "budget_gbp": n.budget_gbp, "closes_on": n.closes_on.isoformat() if n.closes_on else None,
        "open_to_codesign": n.open_to_codesign, "status": n.status,
    })


def _solution_record(s: Solution) -> dict:
    deployments = sorted(
        (_present({"organisation": d.organisation.ref, "since": d.since, "outcome": d.outcome}) for d in s.deployments),
        key=lambda d: d["organisation"],
    )
    return _present({
        "ref": s.ref, "organisation": s.organisation.ref, "name": s.name, "summary": s.summary,
        "description": s.description, "clinical_areas": list(s.clinical_areas), "care_settings": list(s.care_settings),
        "evidence_level": s.evidence_level, "regulatory": list(s.regulatory), "device_class": s.device_class,
        "price_model": s.price_model,
        "deployments": deployments, "seeking_codesign": s.seeking_codesign, "status": s.status,
    })
