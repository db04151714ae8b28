"""Check the demo listings bundle (marketplace/demo/listings.json) against the contract and the
demo brief, and print the figures a reviewer wants. build_demo.py writes the bundle and calls
check_bundle(); this module also runs on its own:

    python marketplace/demo/check_demo.py [--report]

Only the standard library is needed. check_bundle() also validates against
listings.schema.json with jsonschema when that package is installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "listings.json"

# Expected shape of the bundle, enforced by check_bundle().
EXPECTED_COUNTS = {
    "nhs_organisations_min": 30,
    "nhs_per_region_min": 3,
    "innovators": 40,
    "support_organisations": (2, 3),
    "needs": {"published": 36, "draft": 3, "closed": 1},
    "solutions": {"published": 140, "draft": 8, "archived": 2},
}


def _load_lifecycle():
    """marketplace/lifecycle.py, read as a file: the listing rules come from there, and the
    build still needs only the standard library (importing the package would load Flask)."""
    spec = importlib.util.spec_from_file_location("_demo_lifecycle", HERE.parent / "lifecycle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lifecycle = _load_lifecycle()
NHS_KINDS = lifecycle.NHS_KINDS

LAST_MONTH = (2025, 9)  # no deployment starts after this


def _find_contract(filename, override=None):
    """Locate a contract file: an explicit path, $MARKETPLACE_CONTRACTS_DIR, the taxonomy the
    app loads, or the repository's copy of the contracts (docs/contracts/)."""
    candidates = [Path(override)] if override else []
    if os.environ.get("MARKETPLACE_CONTRACTS_DIR"):
        candidates.append(Path(os.environ["MARKETPLACE_CONTRACTS_DIR"]) / filename)
    repo = HERE.parent.parent
    candidates += [HERE.parent / "taxonomy" / filename, repo / "docs" / "contracts" / filename]
    for path in candidates:
        if path.is_file():
            return path
    return None


def load_json(filename, override=None, required=True):
    path = _find_contract(filename, override)
    if path is None:
        if required:
            raise FileNotFoundError(f"cannot find {filename}; pass its path or set MARKETPLACE_CONTRACTS_DIR")
        return None
    return json.loads(path.read_text(encoding="utf-8"))


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(])")


def count_sentences(text):
    return len([s for s in _SENTENCE_BREAK.split(text.strip()) if s])


def evidence_ranks(taxonomy):
    return {level["code"]: level["rank"] for level in taxonomy["evidence_levels"]["levels"]}


def is_eligible(solution, need, ranks):
    """The hard rule from api.md: published, enough evidence, every required regulatory code."""
    return (lifecycle.is_public(solution.get("status"))
            and ranks[solution.get("evidence_level", "concept")]
            >= ranks[need.get("min_evidence_level", "concept")]
            and set(need.get("required_regulatory", [])) <= set(solution.get("regulatory", [])))


def match_summary(bundle, taxonomy):
    """For each need: (eligible, near misses) among published solutions sharing a clinical area."""
    ranks = evidence_ranks(taxonomy)
    summary = {}
    for need in bundle["needs"]:
        eligible, near = [], []
        for solution in bundle["solutions"]:
            if not lifecycle.is_public(solution.get("status")):
                continue
            if not set(solution["clinical_areas"]) & set(need["clinical_areas"]):
                continue
            (eligible if is_eligible(solution, need, ranks) else near).append(solution["ref"])
        summary[need["ref"]] = (eligible, near)
    return summary


def _schema_errors(bundle, schema):
    errors = []
    try:
        import jsonschema
    except ImportError:
        print("warning: jsonschema is not installed; schema validation skipped "
              "(python3 -m pip install jsonschema)", file=sys.stderr)
    else:
        validator_class = jsonschema.validators.validator_for(schema)
        validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
        for error in validator.iter_errors(bundle):
            path = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"schema: {path}: {error.message}")
    # A light structural check that needs no third-party package.
    for key, definition in (("organisations", "organisation"), ("needs", "need"),
                            ("solutions", "solution")):
        spec = schema["$defs"][definition]
        for index, record in enumerate(bundle.get(key, [])):
            extra = set(record) - set(spec["properties"])
            missing = set(spec["required"]) - set(record)
            if extra:
                errors.append(f"{key}[{index}]: unexpected fields {sorted(extra)}")
            if missing:
                errors.append(f"{key}[{index}]: missing fields {sorted(missing)}")
    return errors


def check_bundle(bundle, taxonomy=None, schema=None):
    """Raise ValueError listing every way the bundle falls short of the contract or the demo brief."""
    taxonomy = taxonomy or load_json("taxonomy.json")
    schema = schema or load_json("listings.schema.json", required=False)
    errors = []
    fail = errors.append

    if schema is not None:
        errors.extend(_schema_errors(bundle, schema))
    else:
        print("warning: listings.schema.json not found; schema validation skipped", file=sys.stderr)

    vocab = _vocabularies(taxonomy)
    for step in (_check_refs, _check_organisations, _check_needs, _check_solutions, _check_counts):
        step(bundle, vocab, fail)
    _check_matches(bundle, taxonomy, fail)

    if errors:
        raise ValueError(f"{len(errors)} problem(s) in the demo bundle:\n  " + "\n  ".join(errors))


def _vocabularies(taxonomy):
    areas = [a["code"] for a in taxonomy["clinical_areas"]]
    return {
        "clinical_areas": set(areas),
        "care_settings": {c["code"] for c in taxonomy["care_settings"]},
        "evidence_levels": set(evidence_ranks(taxonomy)),
        "regulatory": {c["code"] for c in taxonomy["regulatory_statuses"]},
        "device_classes": {c["code"] for c in taxonomy["device_classes"]["classes"]},
        "kinds": {c["code"] for c in taxonomy["organisation_kinds"]},
        "regions": [c["code"] for c in taxonomy["regions"]],
        "clinical_area_order": areas,
    }


def _code_check(fail):
    def codes(where, values, vocabulary, name):
        for value in values:
            if value not in vocabulary:
                fail(f"{where}: {value!r} is not a {name} code")
    return codes


def _check_refs(bundle, vocab, fail):
    ref_pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")
    for key in ("organisations", "needs", "solutions"):
        refs = [r.get("ref") for r in bundle.get(key, [])]
        for ref, count in Counter(refs).items():
            if count > 1:
                fail(f"{key}: ref {ref!r} used {count} times")
        for ref in refs:
            if not isinstance(ref, str) or not ref_pattern.match(ref):
                fail(f"{key}: bad ref {ref!r}")


def _check_organisations(bundle, vocab, fail):
    codes = _code_check(fail)
    ods_patterns = {"nhs-trust": r"^R[A-Z0-9]{2}$", "icb": r"^Q[A-Z0-9]{2}$",
                    "primary-care": r"^[A-Z][0-9]{5}$"}
    for org in bundle["organisations"]:
        where = f"organisation {org['ref']}"
        codes(where, [org["kind"]], vocab["kinds"], "organisation_kinds")
        codes(where, [org.get("region")], vocab["regions"], "regions")
        codes(where, org.get("codesign_areas", []), vocab["clinical_areas"], "clinical_areas")
        if not org.get("description"):
            fail(f"{where}: no description")
        if org["kind"] in NHS_KINDS:
            if not re.match(ods_patterns[org["kind"]], org.get("ods_code", "")):
                fail(f"{where}: ODS code {org.get('ods_code')!r} does not look like a {org['kind']} code")
            if org.get("open_to_codesign") and not 2 <= len(org.get("codesign_areas", [])) <= 5:
                fail(f"{where}: open to co-design needs 2 to 5 codesign_areas")
            if not org.get("open_to_codesign") and org.get("codesign_areas"):
                fail(f"{where}: codesign_areas without open_to_codesign")
        elif "ods_code" in org:
            fail(f"{where}: only NHS organisations have an ODS code")
    ods_codes = Counter(o.get("ods_code") for o in bundle["organisations"] if o.get("ods_code"))
    for code, count in ods_codes.items():
        if count > 1:
            fail(f"ODS code {code} used {count} times")


# The coded fields of each kind of listing: field -> (its vocabulary, the vocabulary's name in messages,
# its value when absent, how many a demo listing has or None); a field of one code is checked as a list of one.
_WHERE = {"clinical_areas": ("clinical_areas", "clinical_areas", None, (1, 3)),
          "care_settings": ("care_settings", "care_settings", [], (1, 3))}
_CODED_FIELDS = {
    "need": {**_WHERE, "care_settings": ("care_settings", "care_settings", [], (1, 2)),
             "min_evidence_level": ("evidence_levels", "evidence_levels", "concept", None),
             "required_regulatory": ("regulatory", "regulatory_statuses", [], None)},
    "solution": {**_WHERE, "evidence_level": ("evidence_levels", "evidence_levels", "concept", None),
                 "regulatory": ("regulatory", "regulatory_statuses", [], None),
                 "device_class": ("device_classes", "device_classes", "not-a-device", None)},
}


def _listings(bundle, vocab, fail, kind: str):
    """Each listing of ``kind`` with where it is (for messages), its owner (in the bundle and of a
    kind that may own ``kind``), codes and counts checked."""
    codes = _code_check(fail)
    orgs = {o["ref"]: o for o in bundle["organisations"]}
    for listing in bundle[kind + "s"]:
        where, owner = f"{kind} {listing['ref']}", orgs.get(listing["organisation"])
        if owner is None:
            fail(f"{where}: organisation {listing['organisation']!r} is not in the bundle")
        elif owner["kind"] not in lifecycle.OWNER_KINDS[kind]:
            fail(f"{where}: owner {owner['ref']} is of kind {owner['kind']}; {lifecycle.OWNER_RULES[kind]}")
        for field, (vocabulary, name, absent, how_many) in _CODED_FIELDS[kind].items():
            value = listing[field] if absent is None else listing.get(field, absent)
            codes(where, value if isinstance(value, list) else [value], vocab[vocabulary], name)
            if how_many and not how_many[0] <= len(value) <= how_many[1]:
                fail(f"{where}: needs {how_many[0]} to {how_many[1]} {field.replace('_', ' ')}")
        yield where, listing


def _check_needs(bundle, vocab, fail):
    for where, need in _listings(bundle, vocab, fail, "need"):
        if not 2 <= count_sentences(need["problem"]) <= 5:
            fail(f"{where}: problem has {count_sentences(need['problem'])} sentences, want 2 to 5")
        if "closes_on" in need and not need["closes_on"].startswith("2027-"):
            fail(f"{where}: closes_on should fall in 2027")


def _check_solutions(bundle, vocab, fail):
    orgs = {o["ref"]: o for o in bundle["organisations"]}
    for where, solution in _listings(bundle, vocab, fail, "solution"):
        if not 10 <= len(solution["summary"]) <= 500:
            fail(f"{where}: summary is {len(solution['summary'])} characters")
        sentences = count_sentences(solution.get("description", ""))
        if not 3 <= sentences <= 6:
            fail(f"{where}: description has {sentences} sentences, want 3 to 6")
        regulatory = set(solution.get("regulatory", []))
        device = solution.get("device_class", "not-a-device")
        if device == "not-a-device":
            if regulatory & {"ukca-ce-marked", "mhra-registered", "iso-13485"}:
                fail(f"{where}: device marking on something that is not a device")
        else:
            if not {"ukca-ce-marked", "mhra-registered"} <= regulatory:
                fail(f"{where}: a {device} device must be UKCA marked and MHRA registered")
            if device in ("class-iia", "class-iib", "class-iii", "ivd") and "iso-13485" not in regulatory:
                fail(f"{where}: a {device} device must hold ISO 13485")
        deployments = solution.get("deployments", [])
        if len(deployments) > 6:
            fail(f"{where}: more than 6 deployments")
        if solution.get("status") == lifecycle.DRAFT and deployments:
            fail(f"{where}: a draft has deployments")
        sites = [d["organisation"] for d in deployments]
        if len(set(sites)) != len(sites):
            fail(f"{where}: the same organisation is listed twice in deployments")
        for deployment in deployments:
            site = orgs.get(deployment["organisation"])
            if site is None:
                fail(f"{where}: deployment at {deployment['organisation']!r}, which is not in the bundle")
            elif site["kind"] not in lifecycle.DEPLOYMENT_SITE_KINDS:
                fail(f"{where}: deployment at {site['ref']}, which is not an NHS organisation")
            since = deployment.get("since", "")
            if since and since[:7] > f"{LAST_MONTH[0]}-{LAST_MONTH[1]:02d}":
                fail(f"{where}: deployment since {since} is in the future")


def _check_counts(bundle, vocab, fail):
    """The counts the demo promises."""
    nhs = [o for o in bundle["organisations"] if o["kind"] in NHS_KINDS]
    kinds = Counter(o["kind"] for o in bundle["organisations"])
    if len(nhs) < EXPECTED_COUNTS["nhs_organisations_min"]:
        fail(f"only {len(nhs)} NHS organisations")
    per_region = Counter(o["region"] for o in nhs)
    for region in vocab["regions"]:
        if per_region[region] < EXPECTED_COUNTS["nhs_per_region_min"]:
            fail(f"region {region} has {per_region[region]} NHS organisations")
    open_share = sum(1 for o in nhs if o.get("open_to_codesign")) / max(len(nhs), 1)
    if not 0.4 <= open_share <= 0.6:
        fail(f"{open_share:.0%} of NHS organisations are open to co-design, want about half")
    if kinds["innovator"] != EXPECTED_COUNTS["innovators"]:
        fail(f"{kinds['innovator']} innovators, want {EXPECTED_COUNTS['innovators']}")
    low, high = EXPECTED_COUNTS["support_organisations"]
    if not low <= kinds["support-organisation"] <= high:
        fail(f"{kinds['support-organisation']} support organisations, want {low} to {high}")
    for key in ("needs", "solutions"):
        statuses = Counter(r.get("status", "draft") for r in bundle[key])
        if dict(statuses) != EXPECTED_COUNTS[key]:
            fail(f"{key} by status {dict(statuses)}, want {EXPECTED_COUNTS[key]}")
    seeking = sum(1 for s in bundle["solutions"] if s.get("seeking_codesign")) / max(len(bundle["solutions"]), 1)
    if not 0.2 <= seeking <= 0.3:
        fail(f"{seeking:.0%} of solutions seek co-design, want about a quarter")

    published_areas = Counter(a for s in bundle["solutions"] if lifecycle.is_public(s.get("status"))
                              for a in s["clinical_areas"])
    for area in vocab["clinical_area_order"]:
        if published_areas[area] < 2:
            fail(f"clinical area {area} has {published_areas[area]} published solutions, want 2 or more")


def _check_matches(bundle, taxonomy, fail):
    """Enough published needs well served and with near misses to show matching off."""
    matches = match_summary(bundle, taxonomy)
    published = [n for n in bundle["needs"] if lifecycle.is_public(n.get("status"))]
    well_served = sum(1 for n in published if len(matches[n["ref"]][0]) >= 3)
    with_near_miss = sum(1 for n in published if matches[n["ref"]][1])
    unmatched = [n["ref"] for n in published if not matches[n["ref"]][0]]
    if well_served < 24:
        fail(f"only {well_served} published needs have 3 or more eligible solutions")
    if with_near_miss < 15:
        fail(f"only {with_near_miss} published needs have a near miss")
    if unmatched:
        fail(f"published needs with no eligible solution: {unmatched}")


def report(bundle, taxonomy):
    """Print the figures a reviewer wants: counts by region, area and evidence level, and matches."""
    orgs = bundle["organisations"]
    published = [s for s in bundle["solutions"] if lifecycle.is_public(s["status"])]
    print(f"organisations {len(orgs)} by kind: {dict(Counter(o['kind'] for o in orgs))}")
    print("by region (NHS / innovator / support):")
    for region in (r["code"] for r in taxonomy["regions"]):
        row = Counter(o["kind"] for o in orgs if o.get("region") == region)
        nhs = sum(row[k] for k in NHS_KINDS)
        print(f"  {region:24} {nhs:3} {row['innovator']:3} {row['support-organisation']:3}")
    print(f"needs {len(bundle['needs'])} by status: {dict(Counter(n['status'] for n in bundle['needs']))}")
    print(f"solutions {len(bundle['solutions'])} by status: "
          f"{dict(Counter(s['status'] for s in bundle['solutions']))}")
    print("by clinical area (needs / all solutions / published solutions):")
    need_areas = Counter(a for n in bundle["needs"] for a in n["clinical_areas"])
    sol_areas = Counter(a for s in bundle["solutions"] for a in s["clinical_areas"])
    pub_areas = Counter(a for s in published for a in s["clinical_areas"])
    for area in (a["code"] for a in taxonomy["clinical_areas"]):
        print(f"  {area:30} {need_areas[area]:3} {sol_areas[area]:3} {pub_areas[area]:3}")
    levels = [lvl["code"] for lvl in taxonomy["evidence_levels"]["levels"]]
    sol_ev = Counter(s["evidence_level"] for s in bundle["solutions"])
    need_ev = Counter(n["min_evidence_level"] for n in bundle["needs"])
    print("evidence level (solutions / needs' minimum): "
          + ", ".join(f"{lvl} {sol_ev[lvl]}/{need_ev[lvl]}" for lvl in levels))
    print(f"device classes: {dict(Counter(s['device_class'] for s in bundle['solutions']))}")
    print(f"regulatory held: {dict(Counter(c for s in bundle['solutions'] for c in s['regulatory']))}")
    print("needs' required regulatory: "
          f"{dict(Counter(' '.join(n['required_regulatory']) or '(none)' for n in bundle['needs']))}")
    deployments = [len(s["deployments"]) for s in bundle["solutions"]]
    print(f"deployments: {sum(deployments)} in all; per solution {dict(sorted(Counter(deployments).items()))}")
    print(f"seeking co-design: {sum(s['seeking_codesign'] for s in bundle['solutions'])} solutions; "
          f"open to co-design: {sum(bool(o.get('open_to_codesign')) for o in orgs)} NHS organisations, "
          f"{sum(n['open_to_codesign'] for n in bundle['needs'])} needs")
    print("matches per need (eligible / near misses, same clinical area, published solutions):")
    for ref, (eligible, near) in match_summary(bundle, taxonomy).items():
        need = next(n for n in bundle["needs"] if n["ref"] == ref)
        print(f"  {ref} {need['status']:9} {len(eligible):3} {len(near):3}  {need['title']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT_OUT), help="the bundle to check")
    parser.add_argument("--taxonomy", help="path to taxonomy.json")
    parser.add_argument("--schema", help="path to listings.schema.json")
    parser.add_argument("--report", action="store_true", help="print counts and matches")
    args = parser.parse_args(argv)
    taxonomy = load_json("taxonomy.json", args.taxonomy)
    bundle = json.loads(Path(args.file).read_text(encoding="utf-8"))
    check_bundle(bundle, taxonomy, load_json("listings.schema.json", args.schema, required=False))
    print(f"{args.file}: all checks passed")
    if args.report:
        report(bundle, taxonomy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
