"""Reading a free-text query for the filters it names.

"trusts in the Midlands open to co-design in maternity" names an organisation kind, a
region, the co-design offer and a clinical area. This module finds such words from the
taxonomy (codes, labels, and the everyday words below, with the NHS synonyms of
search.synonyms) and says which filter each stands for, so that the search can apply
them and show them to the person, who can remove any of them.

Pure: no database, no index, no Flask. The search service decides what to apply (a
person's own filters always win; a filter they removed stays removed); the original
words still go to the ranking, so reading never hides a word.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from marketplace import taxonomy as tx

from .synonyms import synonym_groups

# The filters each kind of search has that the reader can fill, by what the words name.
# (Solutions seek co-design; needs and organisations are open to it. Evidence is read only
# for solutions: on needs the filter means "needs that such evidence meets", not what
# someone typing "with an RCT" asks for.)
FILTERS_OF = {
    "solution": {"clinical_areas": "clinical_areas", "care_settings": "care_settings",
                 "regulatory": "regulatory", "region": "region", "codesign": "seeking_codesign",
                 "evidence": "min_evidence_level"},
    "need": {"clinical_areas": "clinical_areas", "care_settings": "care_settings",
             "regulatory": "regulatory", "region": "region", "kind": "kind", "codesign": "open_to_codesign"},
    "organisation": {"clinical_areas": "clinical_areas", "care_settings": "care_settings",
                     "region": "region", "kind": "kind", "codesign": "open_to_codesign"},
}
# Yes/no filters (applied as True) and single-valued ones (a code, not a list).
FLAGS = frozenset({"seeking_codesign", "open_to_codesign"})
SINGLE = frozenset({"min_evidence_level"})

# Everyday words for taxonomy codes, beyond each entry's code and label. Kept to words that
# name the thing unambiguously: a filter read wrongly hides results, so "home" alone, "pilot"
# ("we want to pilot...") or "hospital" are left to the ranking.
ALIASES: dict[str, dict[str, list[str]]] = {
    "clinical_areas": {
        "cancer": ["cancer", "cancers", "oncology"],
        "cardiovascular": ["cardiology", "cardiac", "heart disease", "cardiovascular"],
        "diabetes-endocrine": ["diabetes", "diabetic", "endocrinology"],
        "mental-health": ["mental health", "psychiatry", "mental illness"],
        "learning-disability-autism": ["learning disability", "learning disabilities", "autism", "autistic"],
        "maternity-neonatal": ["maternity", "neonatal", "midwifery", "obstetrics", "antenatal", "postnatal",
                               "pregnancy", "newborn", "newborns"],
        "children-young-people": ["paediatrics", "paediatric", "children and young people"],
        "frailty-older-people": ["frailty", "older people", "elderly care"],
        "urgent-emergency-care": ["urgent and emergency care", "emergency care", "urgent care"],
        "critical-care": ["intensive care", "critical care", "icu"],
        "surgery-perioperative": ["surgery", "surgical", "perioperative", "theatres"],
        "ophthalmology": ["ophthalmology", "eye health", "eye care"],
        "dermatology": ["dermatology", "skin conditions"],
        "renal": ["renal", "kidney disease", "nephrology"],
        "gastro-liver": ["gastroenterology", "hepatology", "liver disease"],
        "infection-antimicrobial": ["antimicrobial resistance", "infection prevention", "amr"],
        "sexual-reproductive-health": ["sexual health", "reproductive health"],
        "pain": ["pain management", "chronic pain"],
        "palliative-end-of-life": ["palliative care", "end of life care", "end of life"],
        "medicines-pharmacy": ["medicines optimisation", "medicines management"],
        "diagnostics-imaging": ["radiology", "diagnostic imaging", "imaging"],
        "pathology": ["pathology", "histopathology"],
        "obesity-weight": ["obesity", "weight management"],
        "oral-health": ["dentistry", "dental", "oral health"],
        "hearing-ent": ["audiology", "ent", "hearing loss"],
        "workforce-wellbeing": ["staff wellbeing", "workforce"],
        "operations-patient-flow": ["patient flow", "bed management"],
        "sustainability": ["net zero", "sustainability"],
    },
    "care_settings": {
        "acute-hospital": ["acute hospital", "acute hospitals", "acute care"],
        "community-services": ["community services", "community health services", "community nursing"],
        "primary-care": ["primary care", "general practice"],
        "ambulance": ["ambulance service", "ambulance services", "paramedics"],
        "social-care": ["social care", "care home", "care homes", "nursing homes"],
        "home": ["at home", "in their own homes", "in their own home", "self care", "self-care"],
        "community-pharmacy": ["community pharmacy", "community pharmacies"],
        "hospice": ["hospice", "hospices"],
        "specialised-services": ["specialised services", "specialised commissioning"],
    },
    "regulatory": {
        "ukca-ce-marked": ["ukca", "ukca marked", "ukca-marked", "ce marked", "ce-marked", "ce mark", "ukca mark",
                           "ukca or ce marked"],
        "mhra-registered": ["mhra registered", "registered with the mhra", "mhra registration"],
        "dtac": ["dtac", "dtac compliant", "dtac passed", "digital technology assessment criteria"],
        "dcb0129": ["dcb0129", "dcb 0129", "clinical safety case"],
        "dspt": ["dspt", "data security and protection toolkit"],
        "cyber-essentials-plus": ["cyber essentials plus", "cyber essentials"],
        "iso-13485": ["iso 13485", "iso13485"],
        "iso-27001": ["iso 27001", "iso27001"],
    },
    "region": {
        "east-of-england": ["east of england", "east anglia"],
        "london": ["london"],
        "midlands": ["midlands", "east midlands", "west midlands", "the midlands"],
        "north-east-yorkshire": ["north east", "north-east", "yorkshire", "north east and yorkshire",
                                 "yorkshire and the humber", "humber"],
        "north-west": ["north west", "north-west"],
        "south-east": ["south east", "south-east"],
        "south-west": ["south west", "south-west"],
    },
    "kind": {
        "nhs-trust": ["trust", "trusts", "nhs trust", "nhs trusts", "foundation trust", "foundation trusts",
                      "hospital trust", "hospital trusts"],
        "icb": ["icb", "icbs", "integrated care board", "integrated care boards"],
        "primary-care": ["gp practice", "gp practices", "gp surgery", "gp surgeries", "pcn", "pcns",
                         "primary care network", "primary care networks"],
        "innovator": ["innovator", "innovators", "suppliers", "companies"],
        "support-organisation": ["health innovation network", "health innovation networks", "ahsn", "ahsns"],
    },
    "evidence": {
        "rct": ["rct", "rcts", "randomised controlled trial", "randomised controlled trials",
                "randomized controlled trial", "randomised trial"],
        "guidance": ["nice guidance", "nice recommended", "recommended by nice", "systematic review"],
        "comparative": ["comparative study", "controlled study", "matched cohort"],
        "real-world": ["real world evidence", "real-world evidence"],
    },
    "codesign": {
        "true": ["co-design", "codesign", "co design", "co-designing", "codesigning", "co-designed",
                 "open to co-design", "open to codesign", "co-design partners", "co-design partner",
                 "seeking co-design", "co-production", "coproduction", "co-produce", "design partners"],
    },
}
# The taxonomy vocabulary behind each kind of word (labels and codes count as words too).
VOCABULARY = {"clinical_areas": tx.CLINICAL_AREAS, "care_settings": tx.CARE_SETTINGS,
              "regulatory": tx.REGULATORY_STATUSES, "region": tx.REGIONS,
              "kind": tx.ORGANISATION_KINDS, "evidence": tx.EVIDENCE_LEVELS}
# Labels too generic to read as a filter on their own (the entry's aliases cover it).
SKIP_LABELS = frozenset({"pilot", "prototype", "concept", "pain", "home", "guidance", "real world", "comparative"})

# Misspellings: words of at least FUZZY_MIN_LENGTH letters read as a region or clinical-area
# phrase when difflib's ratio is at least FUZZY_CUTOFF ("Midlans", "matenity", "Yorkshre",
# "Nort West"). 0.85 lets one letter slip in a word of seven; lower, and ordinary words start
# to read as places ("maternal" is 0.82 from "maternity" and stays a word).
FUZZY_CUTOFF = 0.85
FUZZY_MIN_LENGTH = 6
FUZZY_KINDS = ("region", "clinical_areas")
FUZZY_MAX_WORDS = 3
# Longest phrase (in words) looked for.
MAX_PHRASE = 6
# Words that carry no meaning once the filter words are taken out of a query.
STOP_WORDS = frozenset("""
a an and any are as at be by can do for from get had has have help how i in into is it its looking me
my need needs of on or our out that the their them there these they this those to up us using want we
what which who with within you your near based working work works open find show me all
""".split())
# A care setting is read as a filter only where the words say the record is used there: at the
# start of the query ("care homes with dementia"), after one of these words ("dementia in care
# homes", "AF detection in GP surgeries"), or in a phrase that is one already ("at home"). Elsewhere
# a setting is what the problem is about ("kids waiting for mental health services": the help they
# want is at home or school) and stays words to rank by. Measured on the tuning group of
# bench/relevance/search_queries.py (endpoints, nDCG@10): 0.891 -> 0.898 embedded, 0.890 -> 0.897
# Elasticsearch (all queries: 0.896 -> 0.901, 0.900 -> 0.905).
LOCATIVE = frozenset({"in", "at", "within", "across", "into", "inside", "around"})
# Queries longer than this are read only in their first MAX_READ_CHARS (a 10,000-character
# paste is text to rank, not a list of filters).
MAX_READ_CHARS = 1000

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One recognised phrase: the filter it stands for, its value, and the words as typed."""

    filter: str
    value: str | bool
    words: str
    label: str


@dataclass
class Reading:
    terms: list[Term] = field(default_factory=list)
    text: str = ""  # the words left once the filter words are taken out (stop words dropped)

    @property
    def filters(self) -> dict:
        """As the search arguments take them: a list of codes, True for a flag, one code for evidence."""
        out: dict = {}
        for term in self.terms:
            if term.filter in FLAGS:
                out[term.filter] = True
            elif term.filter in SINGLE:
                out[term.filter] = term.value
            else:
                out.setdefault(term.filter, [])
                if term.value not in out[term.filter]:
                    out[term.filter].append(term.value)
        return out


def _fold(word: str) -> str:
    """Lower case, accents off, hyphens and apostrophes as spaces (so "co-design" = "co design")."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    return word.replace("-", " ").replace("'", " ")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for token in _WORD.findall(phrase) for w in _fold(token).split())


@cache
def _phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    """Every phrase (as a tuple of folded words) -> (what it names, value)."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for what, vocabulary in VOCABULARY.items():
        for entry in tx.vocabulary(vocabulary).entries:
            for phrase in (entry["label"], entry["code"].replace("-", " ")):
                words = _words(phrase)
                if words and " ".join(words) not in SKIP_LABELS and len(" ".join(words)) > 3:
                    out.setdefault(words, (what, entry["code"]))
    for what, by_value in ALIASES.items():
        for value, phrases in by_value.items():
            for phrase in phrases:
                out[_words(phrase)] = (what, value)
    # The NHS synonyms: an abbreviation or other name of a phrase above reads the same way
    # ("a and e" for "accident and emergency" is the urgent-care area only if one of its group is).
    for group in synonym_groups():
        known = [out[_words(term)] for term in group if _words(term) in out]
        if known:
            for term in group:
                out.setdefault(_words(term), known[0])
    return out


@cache
def _fuzzy_phrases() -> dict[int, dict[str, tuple[str, str]]]:
    """By length in words, the region and clinical-area phrases a misspelling may stand for
    ("Midlans", "Nort West"), as their words joined by spaces."""
    out: dict[int, dict[str, tuple[str, str]]] = {}
    for words, target in _phrases().items():
        joined = " ".join(words)
        if target[0] in FUZZY_KINDS and len(joined) >= FUZZY_MIN_LENGTH:
            out.setdefault(len(words), {})[joined] = target
    return out


@lru_cache(maxsize=4096)
def _closest(n: int, typed: str) -> tuple[str, str] | None:
    known = _fuzzy_phrases().get(n, {})
    close = difflib.get_close_matches(typed, known, n=1, cutoff=FUZZY_CUTOFF)
    # A slip rarely changes the first letter; one that does makes another word ("paternity", "dancers").
    return known[close[0]] if close and close[0][0] == typed[0] else None


def _fuzzy(words: list[str], i: int, names: dict) -> tuple[int, tuple[str, str]] | None:
    """The longest misspelt phrase at ``i`` (of up to FUZZY_MAX_WORDS): (its length in words,
    what it names)."""
    if words[i] in STOP_WORDS:
        return None
    for n in range(min(FUZZY_MAX_WORDS, len(words) - i), 0, -1):
        typed = " ".join(words[i:i + n])
        if len(typed) >= FUZZY_MIN_LENGTH:
            target = _closest(n, typed)
            if target and target[0] in names:
                return n, target
    return None


# How a read filter is named in "Showing ...": short, in the sentence's case.
SHORT_LABELS = {
    "kind": {"nhs-trust": "NHS trusts", "icb": "integrated care boards", "primary-care": "GP practices and PCNs",
             "innovator": "innovators", "support-organisation": "innovation support organisations"},
    "regulatory": {"ukca-ce-marked": "UKCA or CE marked", "mhra-registered": "registered with the MHRA",
                   "dtac": "DTAC passed", "dcb0129": "DCB0129 safety case", "dspt": "DSPT met",
                   "cyber-essentials-plus": "Cyber Essentials Plus", "iso-13485": "ISO 13485",
                   "iso-27001": "ISO 27001"},
    "care_settings": {"home": "at home"},
}


def _label(what: str, value: str) -> str:
    if what == "codesign":
        return "open to co-design"
    short = SHORT_LABELS.get(what, {}).get(value)
    if short:
        return short
    label = tx.label(VOCABULARY[what], value)
    if what == "evidence":
        return "evidence at least " + label[:1].lower() + label[1:]
    # Lower the first letter unless the label starts with an acronym ("NHS", "ISO").
    return label if what == "region" or label[1:2].isupper() else label[:1].lower() + label[1:]


def _where_used(words: list[str], i: int) -> bool:
    """Whether the phrase at ``i`` names where the record is used (see LOCATIVE)."""
    return i == 0 or words[i] in LOCATIVE or words[i - 1] in LOCATIVE


def read(kind: str, q: str) -> Reading:
    """The filters ``q`` names for a search of ``kind`` and the words left over.

    Longest phrase first at each position; a word is read once. Words naming a filter this
    kind of search lacks stay in the text.
    """
    names = FILTERS_OF.get(kind, {})
    q = q or ""
    tokens = [(m.group(0), _words(m.group(0))) for m in _WORD.finditer(q[:MAX_READ_CHARS])]
    # Flatten to folded words, remembering which typed token each came from.
    words: list[str] = []
    origin: list[int] = []
    for i, (_, folded) in enumerate(tokens):
        words.extend(folded)
        origin.extend([i] * len(folded))
    phrases = _phrases()
    reading = Reading()
    used = [False] * len(words)
    i = 0
    while i < len(words):
        found = None
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            target = phrases.get(tuple(words[i:i + n]))
            if target and target[0] in names:
                found = (n, target)
                break
        if found is None:
            found = _fuzzy(words, i, names)
        if found is None or (found[1][0] == "care_settings" and not _where_used(words, i)):
            i += 1
            continue
        n, (what, value) = found
        typed = " ".join(dict.fromkeys(tokens[origin[j]][0] for j in range(i, i + n)))
        name = names[what]
        term = Term(name, True if name in FLAGS else value, typed, _label(what, value))
        # Once per filter value (one evidence level at all), however often it is named.
        if not any(t.filter == name and (t.value == term.value or name in SINGLE) for t in reading.terms):
            reading.terms.append(term)
        for j in range(i, i + n):
            used[j] = True
        i += n
    consumed = {origin[j] for j, u in enumerate(used) if u}
    left = [tokens[k][0] for k in range(len(tokens)) if k not in consumed]
    # Stop words at either end were the glue around the filter words ("in the North East").
    while left and _fold(left[0]).strip() in STOP_WORDS:
        left.pop(0)
    while left and _fold(left[-1]).strip() in STOP_WORDS:
        left.pop()
    reading.text = " ".join(left + ([q[MAX_READ_CHARS:]] if len(q) > MAX_READ_CHARS else []))
    return reading


def ignore_key(name: str, value) -> str:
    """How a removed filter is named in links and the API: ``region:midlands``, ``open_to_codesign:true``."""
    return f"{name}:{'true' if value is True else value}"
