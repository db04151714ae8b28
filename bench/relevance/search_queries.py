"""Natural-language search queries over the demo data (marketplace/demo/listings.json), judged.

Written as people type them into the search box, with and without filters, over
solutions, needs and organisations. Grades as for matching (bench/relevance/README.md):
3 exactly what was asked for, 2 substantially helps, 1 related or partly, 0 (or
unlisted) not relevant. Judged on what a person typing the query would want to see,
by reading the listings, not from any ranking's output.

``held_out``: written with the rest but kept out of tuning (every constant in
search/text_query.py was chosen on the others); only read to confirm a change.

Refs are shortened: ``sol-`` / ``need-`` / ``org-`` are added by :func:`queries`.
"""
from __future__ import annotations

PREFIX = {"solution": "sol-", "need": "need-", "organisation": "org-"}

# (id, kind, query as typed, filters, held out, {short ref: grade})
_QUERIES = [
    # --- solutions, as a trust would look for them -------------------------------------------
    ("s01", "solution", "remote monitoring at home for people with COPD", {}, False,
     {"0005": 3, "0095": 2, "0112": 2, "0008": 2, "0006": 1, "0007": 1, "0010": 1}),
    ("s02", "solution", "reduce missed outpatient appointments", {}, False,
     {"0001": 3, "0003": 2, "0004": 2, "0002": 1}),
    ("s03", "solution", "wearable to track Parkinson's symptoms at home", {}, False,
     {"0106": 3, "0105": 1, "0062": 1, "0055": 1}),
    ("s04", "solution", "DNA", {}, False, {"0001": 3, "0003": 2, "0004": 1, "0002": 1}),
    ("s05", "solution", "missed appointments", {}, True, {"0001": 3, "0003": 2, "0004": 1, "0002": 1}),
    ("s06", "solution", "hospital at home", {}, False,
     {"0095": 3, "0096": 2, "0010": 2, "0005": 2, "0150": 1, "0008": 1}),
    ("s07", "solution", "AI to help read scans", {}, True,
     {"0050": 3, "0051": 3, "0052": 3, "0087": 2, "0091": 2, "0037": 2, "0013": 1}),
    ("s08", "solution", "stop older patients falling on the ward", {}, False,
     {"0020": 3, "0022": 1, "0021": 1, "0124": 1}),
    ("s09", "solution", "help for kids waiting for mental health services", {}, False,
     {"0016": 3, "0113": 2, "0114": 2, "0116": 1, "0082": 1}),
    ("s10", "solution", "sepsis screening", {}, True, {"0061": 3, "0060": 2, "0063": 1}),
    ("s11", "solution", "skin cancer triage with AI", {}, False, {"0013": 3, "0015": 2, "0014": 2}),
    ("s12", "solution", "find people with undiagnosed kidney disease", {}, False,
     {"0027": 3, "0028": 2, "0030": 1}),
    ("s13", "solution", "cut carbon emissions in theatres", {}, True,
     {"0099": 3, "0100": 2, "0097": 2, "0098": 1}),
    ("s14", "solution", "digital physio for back pain", {}, False,
     {"0056": 3, "0086": 2, "0057": 2, "0084": 1}),
    ("s15", "solution", "support for people on weight loss injections", {}, False,
     {"0134": 3, "0131": 1, "0132": 1}),
    ("s16", "solution", "dementia in care homes", {"care_settings": ["social-care"]}, True,
     {"0053": 3, "0054": 2, "0055": 2, "0070": 1, "0138": 1}),
    ("s17", "solution", "ambulance handover delays", {}, False, {"0025": 3, "0026": 1, "0124": 1, "0126": 1}),
    ("s18", "solution", "home blood pressure monitoring", {"clinical_areas": ["maternity-neonatal"]}, False,
     {"0043": 3, "0044": 1}),
    ("s19", "solution", "heart failure virtual ward", {"care_settings": ["home"]}, True,
     {"0010": 3, "0095": 3, "0111": 1}),
    ("s20", "solution", "antibiotic stewardship", {}, False,
     {"0135": 3, "0032": 2, "0136": 2, "0093": 1, "0137": 1}),
    ("s21", "solution", "stroke rehab at home", {}, False, {"0109": 3, "0110": 3, "0022": 1}),
    ("s22", "solution", "epilepsy seizure alarm for night time", {}, True, {"0105": 3, "0055": 1}),
    ("s23", "solution", "end of life care coordination", {}, False,
     {"0068": 3, "0069": 2, "0150": 2, "0070": 2}),
    ("s24", "solution", "diabetic foot ulcer checks", {}, False, {"0066": 3, "0142": 1, "0144": 1}),
    ("s25", "solution", "chatbot for talking therapies self referral", {}, True, {"0019": 3, "0017": 1}),
    ("s26", "solution", "waiting too long for hearing aid follow up", {}, False,
     {"0039": 3, "0040": 1, "0041": 1}),
    ("s27", "solution", "tracking FIT kits for bowel cancer", {}, False, {"0088": 3, "0087": 2}),
    ("s28", "solution", "high blood pressure in pregnancy", {}, True, {"0043": 3, "0044": 1, "0011": 1}),
    ("s29", "solution", "AF detection in GP surgeries", {"clinical_areas": ["cardiovascular"]}, False,
     {"0009": 3, "0011": 1, "0012": 1}),
    ("s30", "solution", "A&E crowding forecast", {}, False, {"0026": 3, "0025": 2, "0117": 1}),
    # --- needs, as an innovator would look for buyers --------------------------------------
    ("n01", "need", "hospitals looking for AI to help read scans", {}, False,
     {"0020": 3, "0028": 2, "0032": 2, "0005": 2, "0033": 1}),
    ("n02", "need", "trusts wanting to scale virtual wards", {}, True, {"0002": 3, "0035": 1, "0034": 1}),
    ("n03", "need", "who wants help with outpatient DNAs", {}, False, {"0001": 3, "0040": 1}),
    ("n04", "need", "diagnosing dementia in care homes", {}, False, {"0021": 3}),
    ("n05", "need", "falls", {}, False, {"0006": 3, "0011": 3, "0035": 1}),
    ("n06", "need", "remote monitoring", {}, True, {"0002": 3, "0018": 2, "0039": 2, "0034": 2, "0035": 1}),
    ("n07", "need", "mental health support for young people", {}, False,
     {"0004": 3, "0024": 1, "0038": 1}),
    ("n08", "need", "reduce antibiotic use", {}, True, {"0027": 3, "0012": 1}),
    ("n09", "need", "kidney disease", {"kind": ["icb"]}, False, {"0009": 3, "0003": 1}),
    ("n10", "need", "theatre scheduling", {}, False, {"0014": 3}),
    ("n11", "need", "GP practices swamped by phone calls at 8am", {}, True, {"0040": 3, "0035": 1}),
    ("n12", "need", "stroke", {"region": ["north-west"]}, False, {"0022": 3}),
    ("n13", "need", "type 2 diabetes education and weight", {}, False, {"0016": 3, "0030": 3, "0009": 1}),
    ("n14", "need", "chronic pain and opioids", {}, True, {"0031": 3, "0007": 1}),
    # --- organisations: partners, buyers and who uses what ---------------------------------
    ("o01", "organisation", "trusts open to co-design in maternity in the Midlands", {}, False,
     {"northfield-teaching-ft": 1, "soar-valley-partnership-ft": 1, "st-aldhelms-ft": 1, "trent-vale-icb": 1}),
    ("o02", "organisation", "mental health trusts open to co-design", {}, False,
     {"east-thames-mh-ft": 3, "soar-valley-partnership-ft": 3, "swaledale-cleveland-ft": 3,
      "chiltern-edge-health-ft": 2, "quantock-mendip-trust": 2, "thames-riverside-icb": 1}),
    ("o03", "organisation", "children's hospital", {}, True,
     {"hartshead-childrens-ft": 3, "st-aldhelms-ft": 1, "east-thames-mh-ft": 1}),
    ("o04", "organisation", "ambulance services", {}, False,
     {"central-shires-ambulance": 3, "downland-coast-ambulance-ft": 3, "vitalink-emergency": 1}),
    ("o05", "organisation", "who uses Brightpath Reminders", {}, False,
     {"dales-wolds-coast-icb": 3, "lune-fylde-community-trust": 3, "kingsgate-university-hospitals": 3,
      "fenwick-community-trust": 3, "brightpath-health": 2}),
    ("o06", "organisation", "ICB in the south west interested in diabetes", {}, True,
     {"tamar-exe-icb": 3, "saxonbury-villages-pcn": 1, "ribble-mersey-icb": 1, "glucoguide": 1}),
    ("o07", "organisation", "dementia co-design partners", {}, False,
     {"weald-downs-icb": 3, "swaledale-cleveland-ft": 3, "remembering-together": 1}),
    ("o08", "organisation", "GP practice with lots of housebound patients", {}, False, {"tollgate-surgery": 3}),
    ("o09", "organisation", "companies making virtual ward software", {}, True,
     {"wardwide-health": 3, "kestrel-respiratory": 1, "tynebridge-hospitals-ft": 1}),
    ("o10", "organisation", "stroke centre in the north", {}, False,
     {"tynebridge-hospitals-ft": 3, "northfield-teaching-ft": 2, "lune-fylde-community-trust": 1,
      "trent-vale-icb": 1}),
    ("o11", "organisation", "net zero and sustainability", {}, False,
     {"greenward": 3, "tamar-exe-icb": 2, "quantock-mendip-trust": 2}),
    ("o12", "organisation", "rural practice", {"kind": ["primary-care"]}, True,
     {"wolds-edge-surgery": 3, "west-moor-pcn": 3, "saxonbury-villages-pcn": 3, "brandon-lane-surgery": 1,
      "harbourside-medical-practice": 1}),
    ("o13", "organisation", "health innovation network", {}, False,
     {"hin-fens-coast": 3, "hin-pennine-north": 3, "thames-gateway-accelerator": 2}),
]


def queries() -> list[dict]:
    out = []
    for qid, kind, text, filters, held_out, grades in _QUERIES:
        prefix = PREFIX[kind]
        out.append({"id": qid, "kind": kind, "q": text, "filters": filters, "held_out": held_out,
                    "grades": {prefix + ref: grade for ref, grade in grades.items()}})
    return out
