"""A synthetic listings bundle of any size: valid, deterministic, with realistic text lengths.

Text comes from a seeded vocabulary with Zipf-like word frequencies (a few
hundred real health-service words among a few thousand made-up ones), so the
full-text index sees posting lists shaped like real prose, and the same seed
always gives the same bundle. Codes come from marketplace/taxonomy/taxonomy.json.
"""
from __future__ import annotations

import itertools
import json
import random

from .common import ROOT

SCHEMA_FILE = ROOT / "docs" / "contracts" / "listings.schema.json"
TAXONOMY_FILE = ROOT / "marketplace" / "taxonomy" / "taxonomy.json"
NHS_ORG_KINDS = ("nhs-trust", "icb", "primary-care")

DOMAIN_WORDS = """
patient patients care clinical hospital ward staff nurse nurses doctor doctors clinic clinics appointment
appointments referral referrals waiting list lists discharge admission admissions emergency urgent community
primary secondary pathway pathways service services digital remote monitoring virtual platform app data record
records triage assessment assessments diagnosis diagnostic imaging scan scans blood test tests results
medication medicines pharmacy prescription prescribing safety risk outcome outcomes evidence pilot trial study
evaluation audit quality improvement capacity demand flow bed beds theatre theatres surgery surgical recovery
rehabilitation therapy physiotherapy mental health wellbeing anxiety depression dementia stroke cancer diabetes
heart cardiac kidney renal lung respiratory asthma copd frailty falls older people children young maternity
midwife midwives pregnancy birth neonatal infection sepsis antimicrobial wound wounds pressure ulcer skin
eye hearing pain palliative end life home housebound carers families workforce rota rotas shifts training
burnout retention recruitment sustainability carbon travel transport energy waste procurement cost costs
budget saving savings efficiency productivity time hours minutes days weeks months year annual local regional
national integrated board trust trusts practice practices network networks partnership system systems
interoperability integration electronic health information governance consent privacy security cyber
artificial intelligence machine learning algorithm prediction predictive alert alerts dashboard reporting
analytics population prevention screening early detection self management education support coaching
telehealth video consultation consultations messaging text reminders missed attendance access inequalities
deprived rural urban language accessibility translation device devices wearable sensor sensors monitoring
observations vital signs deterioration escalation handover ambulance crews conveyance paramedics
""".split()

_STOP = frozenset("the a of and to in for with on at by from our their this".split())
_SYLLABLES = ("ka lo mi ner tra sol vin dex qua rel pho ter gan bu cy mor len sti vak pel dro "
              "fen gor hil jun kel mab nor pyr quin rav sef tul vex wim yor zan bel cor dun").split()


class TextMaker:
    """Words, sentences and paragraphs from one seeded generator."""

    def __init__(self, rng: random.Random, made_up_words: int = 3000):
        self.rng = rng
        made_up = set()
        while len(made_up) < made_up_words:
            made_up.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        words = list(DOMAIN_WORDS) + sorted(made_up)
        rng.shuffle(words)
        # Zipf-like: the word at rank r is used about 1/r as often as the first.
        self.words = words
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(words))))
        self.fillers = "the a of and to in for with on at by from our their this".split()

    def words_(self, n: int) -> list[str]:
        picked = self.rng.choices(self.words, cum_weights=self.cum_weights, k=n)
        # Sprinkle stop words as prose has them (the index ignores them, the text length does not).
        for i in range(1, n, 4):
            picked[i] = self.rng.choice(self.fillers) + " " + picked[i]
        return picked

    def sentence(self, lo: int = 6, hi: int = 18) -> str:
        words = self.words_(self.rng.randint(lo, hi))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def title(self, lo: int = 2, hi: int = 5) -> str:
        return " ".join(w.capitalize() for w in self.rng.choices(self.words[:800], k=self.rng.randint(lo, hi)))

    def bounded(self, text: str, lo: int, hi: int) -> str:
        """Clip to ``hi`` characters at a word boundary; pad up to ``lo``."""
        while len(text) < lo:
            text += " " + self.sentence()
        if len(text) > hi:
            text = text[:hi].rsplit(" ", 1)[0].rstrip(",") or text[:hi]
        return text


def _codes(taxonomy: dict, name: str) -> list[str]:
    value = taxonomy[name]
    if isinstance(value, dict):  # ordered vocabularies: {"ordered": true, "levels": [...]}
        value = next(v for k, v in value.items() if isinstance(v, list))
    return [entry["code"] for entry in value]


def generate(solutions: int = 10_000, nhs_orgs: int = 200, innovators: int = 500, needs: int = 500,
             seed: int = 1) -> dict:
    """A listings bundle: organisations, needs and solutions (each with 0 to 4 deployments)."""
    rng = random.Random(seed)
    taxonomy = json.loads(TAXONOMY_FILE.read_text())
    areas = _codes(taxonomy, "clinical_areas")
    settings = _codes(taxonomy, "care_settings")
    evidence = _codes(taxonomy, "evidence_levels")
    regulatory = _codes(taxonomy, "regulatory_statuses")
    device_classes = _codes(taxonomy, "device_classes")
    regions = _codes(taxonomy, "regions")
    text = TextMaker(rng)

    def some(codes: list[str], lo: int, hi: int) -> list[str]:
        return rng.sample(codes, rng.randint(lo, min(hi, len(codes))))

    organisations, nhs_refs, innovator_refs = [], [], []
    for i in range(nhs_orgs):
        ref = f"bench-nhs-{i:05d}"
        nhs_refs.append(ref)
        organisations.append({
            "ref": ref, "name": text.bounded(text.title(2, 4) + " NHS " + rng.choice(["Trust", "ICB", "Practice"]), 1, 200),
            "kind": NHS_ORG_KINDS[i % len(NHS_ORG_KINDS)], "ods_code": f"B{i:05d}"[:6],
            "region": regions[i % len(regions)], "description": text.bounded(text.paragraph(2, 6), 0, 5000),
            "open_to_codesign": rng.random() < 0.4, "codesign_areas": some(areas, 0, 3),
        })
    for i in range(innovators):
        ref = f"bench-inn-{i:05d}"
        innovator_refs.append(ref)
        organisations.append({
            "ref": ref, "name": text.bounded(text.title(1, 3) + " " + rng.choice(["Ltd", "Health", "Labs", "CIC"]), 1, 200),
            "kind": "innovator", "region": rng.choice(regions),
            "description": text.bounded(text.paragraph(1, 4), 0, 5000),
        })

    need_records = []
    for i in range(needs):
        record = {
            "ref": f"bench-need-{i:05d}", "organisation": rng.choice(nhs_refs),
            "title": text.bounded(text.title(3, 9), 3, 200),
            "problem": text.bounded(text.paragraph(3, 10), 10, 20000),
            "outcomes": text.bounded(text.paragraph(1, 3), 0, 5000),
            "clinical_areas": some(areas, 1, 3), "care_settings": some(settings, 0, 2),
            "min_evidence_level": rng.choice(evidence[:5]), "required_regulatory": some(regulatory, 0, 2),
            "open_to_codesign": rng.random() < 0.3,
            "status": rng.choices(["published", "draft", "closed"], [90, 7, 3])[0],
        }
        if rng.random() < 0.7:
            record["budget_gbp"] = rng.randrange(5_000, 500_000, 1_000)
        if rng.random() < 0.6:
            record["closes_on"] = f"{rng.randint(2026, 2028)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        need_records.append(record)

    solution_records = []
    for i in range(solutions):
        deployments = []
        for org in rng.sample(nhs_refs, rng.randint(0, 4)):
            deployment = {"organisation": org, "since": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}"}
            if rng.random() < 0.6:
                deployment["outcome"] = text.bounded(text.paragraph(1, 2), 0, 2000)
            deployments.append(deployment)
        solution_records.append({
            "ref": f"bench-sol-{i:06d}", "organisation": rng.choice(innovator_refs),
            "name": text.bounded(text.title(1, 4), 1, 200),
            "summary": text.bounded(text.paragraph(1, 2), 10, 500),
            "description": text.bounded(text.paragraph(4, 16), 0, 20000),
            "clinical_areas": some(areas, 1, 3), "care_settings": some(settings, 0, 3),
            "evidence_level": rng.choice(evidence), "regulatory": some(regulatory, 0, 4),
            "device_class": rng.choice(device_classes), "deployments": deployments,
            "seeking_codesign": rng.random() < 0.3,
            "status": rng.choices(["published", "draft", "archived"], [90, 7, 3])[0],
        })
    return {"organisations": organisations, "needs": need_records, "solutions": solution_records}


def query_words(bundle: dict, count: int, seed: int = 2) -> list[str]:
    """Search terms people would type: one or two words taken from the listings themselves."""
    rng = random.Random(seed)
    published = [s for s in bundle["solutions"] if s.get("status") == "published"] or bundle["solutions"]
    queries = []
    for _ in range(count):
        words = [w for w in (w.strip(".,").lower() for w in rng.choice(published)["summary"].split())
                 if len(w) > 3 and w not in _STOP]
        queries.append(" ".join(rng.sample(words, min(len(words), rng.choice([1, 1, 2])))) or "care")
    return queries


def validate_against_contract(bundle: dict) -> str:
    """Check the bundle against listings.schema.json; returns a one-line verdict."""
    try:
        import jsonschema
    except ImportError:
        return "not checked (jsonschema not installed)"
    if not SCHEMA_FILE.exists():
        return f"not checked ({SCHEMA_FILE} missing)"
    schema = json.loads(SCHEMA_FILE.read_text())
    errors = list(itertools.islice(jsonschema.Draft202012Validator(schema).iter_errors(bundle), 5))
    if errors:
        raise SystemExit("generated bundle is invalid: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors))
    return "valid per listings.schema.json"


def sizes(bundle: dict) -> dict[str, int]:
    return {
        "organisations": len(bundle.get("organisations", [])),
        "needs": len(bundle.get("needs", [])),
        "solutions": len(bundle.get("solutions", [])),
        "deployments": sum(len(s.get("deployments", [])) for s in bundle.get("solutions", [])),
        "json_bytes": len(json.dumps(bundle, ensure_ascii=False).encode("utf-8")),
    }
