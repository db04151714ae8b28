"""Build the demo listings bundle (marketplace/demo/listings.json).

The handwritten content (organisations, problem statements, products) lives in
the JSON files under marketplace/demo/data/. The script adds what is tedious to
write by hand and easy to get wrong: refs, deployments at NHS organisations in
the bundle, deployment outcomes with plausible figures, and the sentences of
each solution description that restate its regulatory status, adoption and wish
to co-design. Everything random comes from one seeded generator, so the output
is the same on every run. check_demo.py holds the checks and the report.

    python -m marketplace.demo.build_demo              # write and check listings.json
    python -m marketplace.demo.build_demo --check-only # check the existing file

Only the standard library is needed to build.

The data files:
- nhs_organisations.json: names, places and ODS codes are invented. "settings" is
  not part of the bundle: it says which care settings an organisation runs, and is
  used to pick believable deployment sites for solutions.
- support_organisations.json, needs.json (problem statements in the words of the
  NHS organisations posting them).
- innovators.json: each solution has its name, clinical areas, care settings,
  evidence level, device class, regulatory codes, summary, the opening of its
  description (two or three sentences written by the innovator) and an outcome
  template for its deployments. In templates "{a-b}" becomes a whole number from a
  to b, "{w:a-b}" the same in words, and "{x|y}" one of the choices.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
from pathlib import Path

SEED = 20251126
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "listings.json"
DATA = HERE / "data"


def _load_sibling(filename):
    """check_demo.py read as a file, so the build still runs as a plain script with only the
    standard library (importing the marketplace package would load Flask)."""
    spec = importlib.util.spec_from_file_location("_demo_" + filename[:-3], HERE / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checks = _load_sibling("check_demo.py")
lifecycle = checks.lifecycle
LAST_MONTH = checks.LAST_MONTH


def _table(name):
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


NHS_ORGANISATIONS = _table("nhs_organisations")
SUPPORT_ORGANISATIONS = _table("support_organisations")
NEEDS = _table("needs")
INNOVATORS = _table("innovators")


# ---------------------------------------------------------------------------
# Where deployments may plausibly happen
# ---------------------------------------------------------------------------

# Specialist trusts only adopt products in their line of work. Other
# organisations are matched on care setting alone.
_MH_FOCUS = {"mental-health", "learning-disability-autism", "dementia", "workforce-wellbeing",
             "sustainability"}
_COMMUNITY_FOCUS = {"frailty-older-people", "rehabilitation", "palliative-end-of-life"}
_PAEDIATRIC_FOCUS = {"children-young-people"}
ORG_FOCUS = {
    "org-east-thames-mh-ft": _MH_FOCUS | _COMMUNITY_FOCUS,
    "org-soar-valley-partnership-ft": _MH_FOCUS | _COMMUNITY_FOCUS,
    "org-chiltern-edge-health-ft": _MH_FOCUS | _COMMUNITY_FOCUS,
    "org-swaledale-cleveland-ft": _MH_FOCUS,
    "org-hartshead-childrens-ft": _PAEDIATRIC_FOCUS,
}

# How many NHS organisations use a product, by evidence level (inclusive range).
DEPLOYMENT_COUNTS = {
    "concept": (0, 0), "prototype": (0, 0), "pilot": (1, 2), "real-world": (1, 4),
    "comparative": (2, 5), "rct": (3, 6), "guidance": (4, 6),
}
# The years in which deployments began, by evidence level.
DEPLOYMENT_YEARS = {
    "pilot": (2024, 2025), "real-world": (2021, 2025), "comparative": (2020, 2024),
    "rct": (2019, 2024), "guidance": (2019, 2023),
}

GENERIC_OUTCOMES = {
    "trust": ["Adopted as standard practice after a {3|4|6}-month test of change",
              "In routine use across {w:2-6} services; local evaluation under way",
              "Rolled out trust-wide after a {3|4|6}-month pilot"],
    "icb": ["Commissioned across {w:2-5} places; independent evaluation under way",
            "Offered through {12-40} practices across the ICB"],
    "pcn": ["Rolled out to every practice in the network",
            "Used by the additional roles team across all our practices"],
    "practice": ["Used by the whole clinical team; patient feedback has been very positive",
                 "In routine use after a short test of change; staff would not go back"],
}

CODESIGN_SENTENCES = [
    "We are looking for NHS partners to co-design the next stage with staff and patients.",
    "We would welcome a trust, ICB or practice willing to test and shape it with us.",
    "We want to develop it further with clinicians and people with lived experience, and are "
    "seeking co-design partners.",
    "We are keen to hear from NHS organisations that would like to co-design and evaluate it with us.",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine"}
DEVICE_LABELS = {"class-i": "Class I", "class-iia": "Class IIa", "class-iib": "Class IIb",
                 "class-iii": "Class III"}

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _fill(template, rng):
    """Replace {a-b} with a number in [a, b], {w:a-b} with the same in words, {x|y} with a choice."""
    def replace(match):
        body = match.group(1)
        if "|" in body:
            return rng.choice(body.split("|"))
        in_words = body.startswith("w:")
        low, high = body.removeprefix("w:").split("-")
        number = rng.randint(int(low), int(high))
        return NUMBER_WORDS[number] if in_words else str(number)
    return _PLACEHOLDER.sub(replace, template)


def _org_type(org):
    if org["kind"] == "icb":
        return "icb"
    if org["kind"] == "primary-care":
        return "pcn" if org["ods_code"].startswith("U") else "practice"
    return "trust"


def _candidate_sites(solution):
    settings = set(solution["care_settings"])
    areas = set(solution["clinical_areas"])
    candidates = []
    for org in NHS_ORGANISATIONS:
        focus = ORG_FOCUS.get(org["ref"])
        if focus is not None and not focus & areas:
            continue
        if settings == {"home"}:
            # Home-only products are bought by hospitals or commissioned by ICBs.
            if "acute-hospital" in org["settings"] or org["kind"] == "icb" or (
                    focus is not None and "mental-health-services" in org["settings"]):
                candidates.append(org)
        elif settings & (set(org["settings"]) - {"home"}):
            candidates.append(org)
    return candidates


def _pick_sites(rng, solution, region, count):
    pool = _candidate_sites(solution)
    chosen = []
    while pool and len(chosen) < count:
        # Adoption tends to start close to home.
        weights = [3 if org["region"] == region else 1 for org in pool]
        org = rng.choices(pool, weights)[0]
        pool.remove(org)
        chosen.append(org)
    return chosen


def _since(rng, evidence):
    first, last = DEPLOYMENT_YEARS[evidence]
    year = rng.randint(first, last)
    month = rng.randint(1, LAST_MONTH[1] if year == LAST_MONTH[0] else 12)
    return f"{year}-{month:02d}"


def _deployments(rng, solution, region):
    if not lifecycle.is_public(solution["status"]):
        return []
    low, high = DEPLOYMENT_COUNTS[solution["evidence_level"]]
    count = rng.randint(low, high)
    deployments = []
    specific = 0
    for org in _pick_sites(rng, solution, region, count):
        deployment = {"organisation": org["ref"], "since": _since(rng, solution["evidence_level"])}
        # Most sites report the product's headline measure; a few report something
        # more general, or nothing yet. Fewer repeats of the same measure after two.
        roll = rng.random()
        if solution["outcome"] and roll < (0.75 if specific < 2 else 0.35):
            deployment["outcome"] = _fill(solution["outcome"], rng)
            specific += 1
        elif roll < 0.9:
            deployment["outcome"] = _fill(rng.choice(GENERIC_OUTCOMES[_org_type(org)]), rng)
        deployments.append(deployment)
    deployments.sort(key=lambda d: (d["since"], d["organisation"]))
    return deployments


def _join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _regulatory_sentence(rng, solution):
    codes = set(solution["regulatory"])
    device = solution["device_class"]
    sentences = []
    if device != "not-a-device":
        kind = ("an in vitro diagnostic device" if device == "ivd"
                else f"a {DEVICE_LABELS[device]} medical device")
        sentence = f"It is UKCA marked as {kind} and registered with the MHRA"
        if "iso-13485" in codes:
            sentence += ", made under an ISO 13485 quality management system"
        sentences.append(sentence + ".")
    clauses = []
    if "dtac" in codes:
        clauses.append(rng.choice(["has passed DTAC",
                                   "has passed the Digital Technology Assessment Criteria (DTAC)"]))
    if "dcb0129" in codes:
        clauses.append("has a clinical safety case to DCB0129")
    if "dspt" in codes:
        clauses.append("meets the Data Security and Protection Toolkit standards")
    if "cyber-essentials-plus" in codes:
        clauses.append("holds Cyber Essentials Plus")
    if "iso-27001" in codes:
        clauses.append("is certified to ISO 27001")
    if clauses:
        subject = "In addition, it" if sentences else rng.choice(["It", "The product", "The service"])
        sentences.append(f"{subject} {_join(clauses)}.")
    if not sentences:
        if solution["evidence_level"] in ("concept", "prototype"):
            sentences.append("Formal assurance, including DTAC and a DCB0129 clinical safety case, will "
                             "follow once the design has settled.")
        else:
            sentences.append("It is not classed as a medical device.")
    return " ".join(sentences)


def _adoption_sentence(deployments, names):
    if not deployments:
        return ""
    if len(deployments) == 1:
        year, month = deployments[0]["since"].split("-")[:2]
        return (f"It has been in use at {names[deployments[0]['organisation']]} since "
                f"{MONTHS[int(month) - 1]} {year}.")
    first, second = (names[d["organisation"]] for d in deployments[:2])
    if len(deployments) == 2:
        return f"It is in use at {first} and {second}."
    return (f"It is in use at {NUMBER_WORDS[len(deployments)]} NHS organisations, including {first} "
            f"and {second}.")


# ---------------------------------------------------------------------------
# The bundle
# ---------------------------------------------------------------------------

def build_bundle(seed=SEED):
    rng = random.Random(seed)
    names = {org["ref"]: org["name"] for org in NHS_ORGANISATIONS}

    organisations = []
    for org in NHS_ORGANISATIONS:
        record = {"ref": org["ref"], "name": org["name"], "kind": org["kind"],
                  "ods_code": org["ods_code"], "region": org["region"],
                  "description": org["description"],
                  "open_to_codesign": bool(org["codesign_areas"])}
        if org["codesign_areas"]:
            record["codesign_areas"] = list(org["codesign_areas"])
        organisations.append(record)
    for org in SUPPORT_ORGANISATIONS:
        organisations.append({"ref": org["ref"], "name": org["name"], "kind": "support-organisation",
                              "region": org["region"], "description": org["description"]})
    for org in INNOVATORS:
        organisations.append({"ref": org["ref"], "name": org["name"], "kind": "innovator",
                              "region": org["region"], "description": org["description"]})

    needs = []
    for number, need in enumerate(NEEDS, start=1):
        record = {"ref": f"need-{number:04d}", "organisation": need["organisation"],
                  "title": need["title"], "problem": need["problem"], "outcomes": need["outcomes"],
                  "clinical_areas": need["clinical_areas"], "care_settings": need["care_settings"],
                  "min_evidence_level": need["min_evidence_level"],
                  "required_regulatory": need["required_regulatory"]}
        if need["budget_gbp"] is not None:
            record["budget_gbp"] = need["budget_gbp"]
        if need["closes_on"] is not None:
            record["closes_on"] = need["closes_on"]
        record["open_to_codesign"] = need["open_to_codesign"]
        record["status"] = need["status"]
        needs.append(record)

    solutions = []
    number = 0
    for innovator in INNOVATORS:
        for solution in innovator["solutions"]:
            number += 1
            deployments = _deployments(rng, solution, innovator["region"])
            sentences = [solution["description"], _regulatory_sentence(rng, solution),
                         _adoption_sentence(deployments, names)]
            if solution["seeking_codesign"]:
                sentences.append(rng.choice(CODESIGN_SENTENCES))
            solutions.append({
                "ref": f"sol-{number:04d}", "organisation": innovator["ref"],
                "name": solution["name"], "summary": solution["summary"],
                "description": " ".join(s for s in sentences if s),
                "clinical_areas": solution["clinical_areas"], "care_settings": solution["care_settings"],
                "evidence_level": solution["evidence_level"], "regulatory": solution["regulatory"],
                "device_class": solution["device_class"], "deployments": deployments,
                "seeking_codesign": solution["seeking_codesign"], "status": solution["status"],
            })

    return {"organisations": organisations, "needs": needs, "solutions": solutions}


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def write_bundle(bundle, path):
    text = json.dumps(bundle, indent=1, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the bundle")
    parser.add_argument("--check-only", action="store_true", help="check the existing file, write nothing")
    parser.add_argument("--taxonomy", help="path to taxonomy.json")
    parser.add_argument("--schema", help="path to listings.schema.json")
    parser.add_argument("--report", action="store_true", help="print counts and matches")
    args = parser.parse_args(argv)

    taxonomy = checks.load_json("taxonomy.json", args.taxonomy)
    schema = checks.load_json("listings.schema.json", args.schema, required=False)
    if args.check_only:
        bundle = json.loads(Path(args.out).read_text(encoding="utf-8"))
    else:
        bundle = build_bundle()
        write_bundle(bundle, args.out)
    checks.check_bundle(bundle, taxonomy, schema)
    print(f"{args.out}: {len(bundle['organisations'])} organisations, {len(bundle['needs'])} needs, "
          f"{len(bundle['solutions'])} solutions; all checks passed")
    if args.report:
        checks.report(bundle, taxonomy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
