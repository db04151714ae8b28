"""Build the demo listings bundle (marketplace/demo/listings.json).

The handwritten content (organisations, problem statements, products) lives in
the tables below. The script adds what is tedious to write by hand and easy to
get wrong: refs, deployments at NHS organisations in the bundle, deployment
outcomes with plausible figures, and the sentences of each solution
description that restate its regulatory status, adoption and wish to co-design.
Everything random comes from one seeded generator, so the output is the same on
every run.

    python -m marketplace.demo.build_demo              # write and check listings.json
    python -m marketplace.demo.build_demo --check-only # check the existing file

Only the standard library is needed to build. check_bundle() also validates
against listings.schema.json with jsonschema when that package is installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20251126
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


# ---------------------------------------------------------------------------
# NHS organisations
#
# Names, places and ODS codes are invented. "settings" is not part of the
# bundle: it says which care settings an organisation runs, and is used to pick
# believable deployment sites for solutions.
# ---------------------------------------------------------------------------

def _nhs(ref, name, kind, ods, region, settings, description, codesign=""):
    return {
        "ref": ref, "name": name, "kind": kind, "ods_code": ods, "region": region,
        "settings": settings.split(), "description": description,
        "codesign_areas": codesign.split(),
    }


ACUTE = "acute-hospital specialised-services home"
ICB = "primary-care community-services community-pharmacy home social-care"
GP = "primary-care home community-pharmacy"
MH = "mental-health-services community-services home"
COMMUNITY = "community-services home hospice social-care"

NHS_ORGANISATIONS = [
    # East of England
    _nhs("org-ousedale-fens-icb", "NHS Ousedale and Fens Integrated Care Board", "icb", "QF2",
         "east-of-england", ICB,
         "Commissions health services for around 950,000 people across market towns, fenland "
         "villages and the coast. Our joint forward plan prioritises cardiovascular prevention, "
         "frailty and reducing health inequalities in coastal communities.",
         "cardiovascular prevention-population-health frailty-older-people"),
    _nhs("org-eastmere-university-hospitals-ft", "Eastmere University Hospitals NHS Foundation Trust",
         "nhs-trust", "RE7", "east-of-england", ACUTE,
         "A 1,100-bed teaching hospital trust running two acute sites and a specialist cancer centre. "
         "We have an established clinical research facility and a digital team that has rolled out "
         "electronic prescribing and observations on every adult ward.",
         "infection-antimicrobial frailty-older-people cancer medicines-pharmacy"),
    _nhs("org-fenwick-community-trust", "Fenwick Community Health and Care NHS Trust", "nhs-trust", "RF3",
         "east-of-england", COMMUNITY,
         "Provides community nursing, therapies, specialist palliative care and six community "
         "hospitals across a largely rural patch. Our teams cover long distances, and we want to cut "
         "travel without losing face-to-face care where it matters."),
    _nhs("org-brandon-lane-surgery", "Brandon Lane Surgery", "primary-care", "D81042",
         "east-of-england", GP,
         "A training practice of 14,600 patients on the edge of a growing market town, with a large "
         "care home population and a high proportion of patients over 75."),
    _nhs("org-saxonbury-villages-pcn", "Saxonbury and Villages Primary Care Network", "primary-care", "U47291",
         "east-of-england", GP,
         "Five practices serving 52,000 patients across rural villages. Our additional roles team "
         "includes clinical pharmacists, first contact physiotherapists, a health and wellbeing coach "
         "and two social prescribers.",
         "diabetes-endocrine obesity-weight musculoskeletal"),
    # London
    _nhs("org-thames-riverside-icb", "NHS Thames Riverside Integrated Care Board", "icb", "QR4",
         "london", ICB,
         "Covers five boroughs with a young, highly mobile and diverse population of 1.9 million. "
         "More than 120 languages are spoken in our schools, and life expectancy varies by nine years "
         "between neighbouring wards.",
         "pain mental-health sexual-reproductive-health prevention-population-health"),
    _nhs("org-st-aldhelms-ft", "St Aldhelm's Hospital NHS Foundation Trust", "nhs-trust", "RS8",
         "london", ACUTE,
         "A central London teaching hospital with a tertiary maternity and neonatal unit, a major "
         "trauma centre and around 7,500 births a year."),
    _nhs("org-kingsgate-university-hospitals", "Kingsgate University Hospitals NHS Trust", "nhs-trust", "RK6",
         "london", ACUTE,
         "Runs two district general hospitals in outer north-east London. We are under real pressure "
         "on cancer waiting times and diagnostic capacity, particularly in endoscopy and dermatology."),
    _nhs("org-east-thames-mh-ft", "East Thames Mental Health NHS Foundation Trust", "nhs-trust", "RT9",
         "london", MH,
         "Provides adult and children's mental health, learning disability and community health "
         "services across east London. Our CAMHS service receives more than 9,000 referrals a year.",
         "mental-health children-young-people learning-disability-autism"),
    _nhs("org-bowes-green-medical-practice", "Bowes Green Medical Practice", "primary-care", "F84017",
         "london", GP,
         "An 11,000-patient practice with a young, diverse list and high turnover: around a fifth of "
         "our patients register or leave each year."),
    _nhs("org-cranmer-road-health-centre", "Cranmer Road Health Centre", "primary-care", "E85033",
         "london", GP,
         "A GP partnership with 19,000 patients, a busy contraception and sexual health clinic and a "
         "strong record in training GP registrars and nurses."),
    # Midlands
    _nhs("org-trent-vale-icb", "NHS Trent Vale Integrated Care Board", "icb", "QT3", "midlands", ICB,
         "Commissions care for 1.2 million people across two cities and a large rural county. "
         "Cardiovascular disease is our biggest single cause of premature death, and finding atrial "
         "fibrillation earlier is a system priority.",
         "cardiovascular stroke renal"),
    _nhs("org-northfield-teaching-ft", "Northfield Teaching Hospitals NHS Foundation Trust", "nhs-trust", "RN5",
         "midlands", ACUTE,
         "One of the largest teaching trusts in the Midlands, with a regional neurosciences centre, a "
         "hyper-acute stroke unit and more than a million outpatient attendances a year.",
         "neurology stroke operations-patient-flow"),
    _nhs("org-soar-valley-partnership-ft", "Soar Valley Partnership NHS Foundation Trust", "nhs-trust", "RV2",
         "midlands", MH,
         "Provides mental health, learning disability and community services, including early "
         "intervention in psychosis and a perinatal mental health service.",
         "mental-health learning-disability-autism"),
    _nhs("org-wolds-edge-surgery", "Wolds Edge Surgery", "primary-care", "C82061", "midlands", GP,
         "A dispensing practice of 8,900 patients in a rural area with very limited public transport."),
    _nhs("org-central-shires-ambulance", "Central Shires Ambulance Service NHS Trust", "nhs-trust", "RC1",
         "midlands", "ambulance",
         "Responds to more than a million 999 calls a year across six counties, with a clinical hub "
         "that assesses lower-acuity calls by phone and video."),
    # North East and Yorkshire
    _nhs("org-dales-wolds-coast-icb", "NHS Dales, Wolds and Coast Integrated Care Board", "icb", "QH5",
         "north-east-yorkshire", ICB,
         "Serves 1.7 million people from the Dales to the coast. Our coastal towns have some of the "
         "highest rates of tooth decay in young children in England.",
         "oral-health children-young-people prevention-population-health"),
    _nhs("org-tynebridge-hospitals-ft", "Tynebridge Hospitals NHS Foundation Trust", "nhs-trust", "RT2",
         "north-east-yorkshire", ACUTE,
         "A large acute and specialist trust with a comprehensive stroke centre, a regional "
         "cardiothoracic unit and one of the largest virtual ward programmes in the north.",
         "respiratory cardiovascular stroke diagnostics-imaging"),
    _nhs("org-calderbrook-teaching-hospitals", "Calderbrook Teaching Hospitals NHS Trust", "nhs-trust", "RC8",
         "north-east-yorkshire", "acute-hospital community-services home",
         "An integrated acute and community trust serving a post-industrial population with high "
         "rates of musculoskeletal disease and long-term sickness absence from work."),
    _nhs("org-swaledale-cleveland-ft", "Swaledale and Cleveland Partnership NHS Foundation Trust", "nhs-trust",
         "RX3", "north-east-yorkshire", MH,
         "Provides mental health and learning disability services for adults, children and older "
         "people across a large area of towns, moorland and coast.",
         "learning-disability-autism mental-health dementia"),
    _nhs("org-ashcroft-medical-centre", "Ashcroft Medical Centre", "primary-care", "B82044",
         "north-east-yorkshire", GP,
         "A 7,400-patient practice in a former mining town. More than a third of our registered "
         "patients live in the most deprived tenth of neighbourhoods in England."),
    # North West
    _nhs("org-ribble-mersey-icb", "NHS Ribble and Mersey Estuary Integrated Care Board", "icb", "QM2",
         "north-west", ICB,
         "Commissions services for 2.6 million people. Our population has high rates of diabetes, "
         "CKD and COPD, and we are working with our PCNs to find people earlier.",
         "renal diabetes-endocrine respiratory"),
    _nhs("org-irwell-valley-ft", "Irwell Valley Hospitals NHS Foundation Trust", "nhs-trust", "RI4",
         "north-west", ACUTE,
         "Runs a large district general hospital and an elective surgical hub. Like most trusts, we "
         "have many patients who are medically ready to leave but waiting for care packages.",
         "operations-patient-flow critical-care surgery-perioperative"),
    _nhs("org-lune-fylde-community-trust", "Lune and Fylde Community NHS Trust", "nhs-trust", "RL7",
         "north-west", COMMUNITY,
         "Delivers community nursing, therapy, neuro-rehabilitation and intermediate care across the "
         "coast and the fells.",
         "rehabilitation stroke neurology frailty-older-people"),
    _nhs("org-hartshead-childrens-ft", "Hartshead Children's Hospital NHS Foundation Trust", "nhs-trust", "RH2",
         "north-west", ACUTE,
         "A specialist children's hospital treating around 300,000 children and young people a year, "
         "with a regional paediatric intensive care unit and a tertiary epilepsy service.",
         "children-young-people respiratory neurology"),
    _nhs("org-kirkby-road-practice", "Kirkby Road Family Practice", "primary-care", "N84029", "north-west", GP,
         "A 12,300-patient practice next to a further education college, with a large population of "
         "teenagers and young adults."),
    # South East
    _nhs("org-weald-downs-icb", "NHS Weald and Downs Integrated Care Board", "icb", "QW8", "south-east", ICB,
         "Commissions services for 1.8 million people across a largely rural county with one of the "
         "oldest populations in England and more than 600 care homes.",
         "dementia frailty-older-people"),
    _nhs("org-arun-valley-ft", "Arun Valley University Hospitals NHS Foundation Trust", "nhs-trust", "RA5",
         "south-east", ACUTE,
         "Runs three hospitals serving the coast and the downs, with an older population and a large "
         "audiology and ENT service."),
    _nhs("org-chiltern-edge-health-ft", "Chiltern Edge Health NHS Foundation Trust", "nhs-trust", "RC4",
         "south-east", MH,
         "Provides mental health and community physical health services, including inpatient wards, "
         "crisis teams and community nursing."),
    _nhs("org-tollgate-surgery", "Tollgate Surgery", "primary-care", "H81077", "south-east", GP,
         "A 16,000-patient practice with a high number of housebound patients and a visiting service "
         "to nine care homes."),
    _nhs("org-downland-coast-ambulance-ft", "Downland and Coast Ambulance Service NHS Foundation Trust",
         "nhs-trust", "RD2", "south-east", "ambulance",
         "Covers four counties and two cities, answering around 900,000 emergency calls a year."),
    # South West
    _nhs("org-tamar-exe-icb", "NHS Tamar and Exe Integrated Care Board", "icb", "QX6", "south-west", ICB,
         "Commissions care for 1.3 million people, many in remote rural and coastal communities where "
         "the journey to hospital can take well over an hour.",
         "diabetes-endocrine ophthalmology sustainability"),
    _nhs("org-severnside-university-hospitals-ft", "Severnside University Hospitals NHS Foundation Trust",
         "nhs-trust", "RV8", "south-west", ACUTE,
         "A university hospital trust with a regional eye unit and an elective orthopaedic centre."),
    _nhs("org-quantock-mendip-trust", "Quantock and Mendip Health and Care NHS Trust", "nhs-trust", "RQ7",
         "south-west", COMMUNITY + " mental-health-services",
         "An integrated community and mental health trust covering a large rural county, with 13 "
         "community hospitals and district nursing teams in every town.",
         "sustainability frailty-older-people dermatology"),
    _nhs("org-harbourside-medical-practice", "Harbourside Medical Practice", "primary-care", "L83052",
         "south-west", GP,
         "A 9,800-patient practice in a coastal town whose population doubles in the summer."),
    _nhs("org-west-moor-pcn", "West Moor Primary Care Network", "primary-care", "U61823", "south-west", GP,
         "Four rural practices and a branch surgery on the moor, serving 34,000 patients."),
]

SUPPORT_ORGANISATIONS = [
    {"ref": "org-hin-fens-coast", "name": "Health Innovation Fens and Coast", "region": "east-of-england",
     "description": "The health innovation network for the east of the region. We help innovators "
                    "understand NHS evidence and procurement requirements, broker real-world "
                    "evaluations and run the regional adoption programme for proven innovations."},
    {"ref": "org-hin-pennine-north", "name": "Health Innovation Pennine North", "region": "north-west",
     "description": "Works with the ICBs, trusts and universities of the north west to spread "
                    "innovations that tackle the region's priorities, from CVD prevention to virtual "
                    "wards, and supports companies through DTAC and clinical safety."},
    {"ref": "org-thames-gateway-accelerator", "name": "Thames Gateway Digital Health Accelerator",
     "region": "london",
     "description": "A twelve-month programme, run with two universities and three trusts, that helps "
                    "early-stage digital health companies gather real-world evidence and prepare for "
                    "DTAC and NHS procurement."},
]


# ---------------------------------------------------------------------------
# Needs: problem statements in the words of the NHS organisations posting them
# ---------------------------------------------------------------------------

def _need(org, title, areas, settings, min_evidence, regulatory, problem, outcomes,
          budget=None, closes=None, codesign=False, status="published"):
    return {
        "organisation": org, "title": title, "clinical_areas": areas.split(),
        "care_settings": settings.split(), "min_evidence_level": min_evidence,
        "required_regulatory": regulatory.split(), "problem": problem, "outcomes": outcomes,
        "budget_gbp": budget, "closes_on": closes, "open_to_codesign": codesign, "status": status,
    }


NEEDS = [
    _need("org-northfield-teaching-ft",
          "Cutting outpatient DNAs, especially in our most deprived communities",
          "operations-patient-flow", "acute-hospital", "real-world", "dtac",
          "Our outpatient DNA rate has been stuck at around 9.5% for two years, rising to over 14% in "
          "diabetes, respiratory and paediatric clinics. Patients from our most deprived postcodes are "
          "almost twice as likely to miss an appointment as those from the least deprived, and many "
          "tell us they never got the letter or could not get through on the phone to rebook. Our SMS "
          "reminders are one-way, so a patient who cannot come has no easy way to tell us and the slot "
          "is wasted. We lose roughly 1,800 appointments a month this way.",
          "A sustained fall in the DNA rate to below 6% within a year, with the gap between the most and "
          "least deprived quintiles halved. Cancelled slots re-used at least half of the time. It must "
          "integrate with our PAS and the NHS App, and work for patients without a smartphone.",
          budget=60000, closes="2027-03-31"),
    _need("org-tynebridge-hospitals-ft",
          "Scaling our respiratory and heart failure virtual wards",
          "respiratory cardiovascular", "home acute-hospital", "real-world", "dtac dcb0129",
          "We run 60 virtual ward beds for frailty and acute respiratory infection and want to grow to "
          "120, adding COPD and heart failure pathways. Monitoring currently relies on patients reading "
          "numbers out over the phone, which takes a great deal of nursing time and limits how many "
          "patients each nurse can hold. Occupancy sits at about 70% because consultants are not yet "
          "confident that deterioration will be picked up quickly. We need remote monitoring that our "
          "community respiratory and heart failure nurses trust and that works for older patients with "
          "little experience of technology.",
          "Virtual ward occupancy above 85%, at least 30 COPD and heart failure patients monitored at "
          "any one time, fewer 30-day readmissions and no rise in unplanned escalations. Readings and "
          "alerts visible in our electronic patient record.",
          budget=250000, closes="2027-01-29", codesign=True),
    _need("org-trent-vale-icb",
          "Finding undiagnosed atrial fibrillation before it causes a stroke",
          "cardiovascular stroke", "primary-care community-pharmacy", "comparative", "ukca-ce-marked",
          "We estimate that around 9,000 people in our area have atrial fibrillation that has not been "
          "diagnosed, and AF-related strokes are a major cause of disability here. Detection in general "
          "practice relies on manual pulse checks, which are patchy, and the gap is widest in our most "
          "deprived neighbourhoods and among South Asian communities. We want to find AF "
          "opportunistically in flu clinics, NHS Health Checks, pharmacy blood pressure checks and "
          "routine reviews, and make sure everyone found is offered anticoagulation.",
          "Recorded AF prevalence rising towards the expected level, at least 1,500 new diagnoses over "
          "two years, and 90% of people with a CHA2DS2-VASc score of 2 or more anticoagulated. Devices "
          "must be UKCA marked and results must reach the GP record.",
          budget=180000, closes="2027-06-30", codesign=True),
    _need("org-east-thames-mh-ft",
          "Keeping young people safe and supported while they wait for CAMHS",
          "mental-health children-young-people", "mental-health-services home", "pilot", "dtac",
          "More than 2,400 children and young people are waiting for a first CAMHS appointment, and the "
          "longest waits are now over a year. Families tell us they feel abandoned, and some young "
          "people deteriorate while they wait and present at A&E in crisis. At the moment our only "
          "contact during the wait is a letter every three months. We need a way to stay in touch, spot "
          "those who are getting worse and offer something useful in the meantime.",
          "Every young person on the waiting list in regular contact, deterioration picked up and acted "
          "on within 48 hours, fewer A&E attendances for self-harm among those waiting, and families "
          "saying they feel supported. Content must suit a diverse inner-city population.",
          budget=90000, closes="2027-02-26", codesign=True),
    _need("org-kingsgate-university-hospitals",
          "Faster, safer triage of suspected skin cancer referrals",
          "dermatology cancer", "acute-hospital primary-care", "comparative", "ukca-ce-marked dtac",
          "Suspected skin cancer referrals have grown by 40% in three years and are now the largest "
          "share of our 2WW referrals. Around 85% turn out to be benign, but every patient needs a "
          "consultant appointment, and we regularly miss the 28-day Faster Diagnosis Standard. We have "
          "two substantive dermatology consultants and rely on locums. We want to see the lesions that "
          "need us and safely discharge the rest, without adding to our dermatologists' workload.",
          "Meeting the 28-day Faster Diagnosis Standard for skin consistently, with at least a quarter "
          "of referrals managed without a face-to-face appointment, no missed melanomas at audit and "
          "good patient experience.",
          budget=150000, closes="2027-04-30"),
    _need("org-eastmere-university-hospitals-ft",
          "Reducing inpatient falls on our older people's wards",
          "frailty-older-people", "acute-hospital", "pilot", "",
          "We had 1,240 inpatient falls last year, 31 of them causing moderate or severe harm, including "
          "hip fractures. Most happen at night on our care of the elderly and stroke wards, often when a "
          "confused patient tries to get up to go to the toilet. Bay nursing and enhanced observation "
          "help, but we cannot staff one-to-one care for everyone at risk. Pressure mats cause alarm "
          "fatigue and patients find them distressing.",
          "A 20% reduction in falls and in falls with harm on the wards that use it, fewer hours of "
          "enhanced observation, and staff who feel the alerts are worth responding to.",
          budget=40000, codesign=True),
    _need("org-calderbrook-teaching-hospitals",
          "Getting people with back, neck and joint pain seen sooner",
          "musculoskeletal rehabilitation", "community-services home", "real-world", "dtac",
          "Our community MSK physiotherapy waiting list has passed 6,000 patients, with routine waits of "
          "28 weeks. Back, neck and knee pain are the commonest reasons people in our area are off work, "
          "and long waits mean many problems become chronic. We have been unable to fill four "
          "physiotherapy vacancies for over a year. We need a way to give people effective treatment "
          "quickly, keeping face-to-face appointments for those who really need them.",
          "Routine waits under 8 weeks, at least a third of patients managed digitally with MSK-HQ "
          "outcomes as good as face-to-face care, and a clear route for people who cannot or do not want "
          "to use digital services.",
          budget=120000, closes="2027-03-31"),
    _need("org-irwell-valley-ft",
          "Getting patients with no criteria to reside home",
          "operations-patient-flow frailty-older-people", "acute-hospital social-care", "real-world", "dtac",
          "On any day between 110 and 140 of our beds are occupied by patients who no longer meet the "
          "criteria to reside, most of them older people waiting for a care package, a care home place "
          "or community rehabilitation. Information about why each person is delayed sits on ward "
          "whiteboards, in spreadsheets and in daily calls with the council, so nobody has a reliable "
          "picture. This adds to A&E crowding and ambulance handover delays. We want the hospital, the "
          "council and community services working from one up-to-date list.",
          "A 25% fall in patients without criteria to reside within six months, an accurate daily "
          "picture of delays by reason, and less ward time spent on phone calls and spreadsheets.",
          budget=200000, closes="2027-05-28", codesign=True),
    _need("org-ribble-mersey-icb",
          "Finding chronic kidney disease earlier in primary care",
          "renal diabetes-endocrine", "primary-care", "real-world", "dtac dcb0129",
          "Only around 60% of the people we expect to have CKD stages 3 to 5 are on a GP register, and "
          "fewer than half of our patients with diabetes had a urine ACR test last year. People are "
          "missing out on treatments that slow kidney decline and cut cardiovascular risk, such as SGLT2 "
          "inhibitors. Our PCNs want to act but do not have the analytical capacity to find the right "
          "patients and work through the lists.",
          "CKD register prevalence up by at least 15%, ACR testing in people with diabetes above 75%, "
          "and more people with CKD on recommended treatment. Tools must work with both EMIS and "
          "SystmOne.",
          budget=140000, closes="2027-02-26", codesign=True),
    _need("org-wolds-edge-surgery",
          "Taking the routine work out of repeat prescriptions",
          "medicines-pharmacy", "primary-care community-pharmacy", "pilot", "dtac",
          "As a dispensing practice we process around 3,500 repeat prescription requests a month, and "
          "reception and dispensary staff spend hours checking requests, chasing monitoring bloods and "
          "answering calls about when prescriptions will be ready. Mistakes happen when patients are "
          "overdue a medication review. We are looking for something that takes the routine work off us "
          "safely.",
          "At least 20 hours of staff time released each month, fewer queries from patients and "
          "pharmacies, and no requests processed for patients whose monitoring is overdue.",
          budget=15000, status="closed"),
    _need("org-central-shires-ambulance",
          "Fewer long waits on the floor after a fall",
          "urgent-emergency-care frailty-older-people", "ambulance home", "pilot", "",
          "Falls in people over 75 are one of our most common call types, and when we are under "
          "pressure these patients can wait many hours for an ambulance, often on the floor. Long lies "
          "cause pressure damage, dehydration and loss of confidence, and around half of these patients "
          "are then taken to A&E even though many are not injured. We want to get uninjured people up "
          "quickly and safely and avoid unnecessary conveyance, working with care homes and community "
          "falls services.",
          "Average response to uninjured fallers under one hour, conveyance for over-75 falls below "
          "40%, and everyone who falls referred to the community falls service.",
          budget=75000, closes="2027-01-15", codesign=True),
    _need("org-arun-valley-ft",
          "Earlier recognition and treatment of sepsis on the wards",
          "infection-antimicrobial critical-care", "acute-hospital", "comparative", "dtac dcb0129",
          "Our audits show that only 58% of inpatients who trigger for red-flag sepsis receive "
          "antibiotics within an hour, compared with over 80% in our emergency department. Sepsis "
          "screening on the wards is on paper and observations are often recorded late, so "
          "deterioration is picked up at handover rather than when it happens. Two serious incidents "
          "last year involved delayed recognition of sepsis overnight.",
          "At least 85% of ward patients with red-flag sepsis receiving antibiotics within one hour, "
          "faster escalation to the critical care outreach team, and fewer unplanned ICU admissions.",
          budget=110000, closes="2027-03-31"),
    _need("org-chiltern-edge-health-ft",
          "Supporting the wellbeing of staff on our inpatient mental health wards",
          "workforce-wellbeing mental-health", "mental-health-services", "concept", "",
          "Staff on our acute mental health wards face violence and aggression, high acuity and "
          "frequent use of restrictive practice, and turnover among registered nurses is 19%. Sickness "
          "absence for stress and anxiety is the highest in the trust. Exit interviews say people feel "
          "unsupported after incidents and that debriefs rarely happen. We are at an early stage and "
          "want to work with staff and innovators to understand what would help.",
          "Still being defined with staff. Likely measures include turnover, sickness absence, staff "
          "survey results and the proportion of incidents followed by a debrief.",
          codesign=True, status="draft"),
    _need("org-severnside-university-hospitals-ft",
          "Making better use of our theatre time",
          "surgery-perioperative operations-patient-flow", "acute-hospital", "real-world", "dtac",
          "Our capped theatre utilisation is around 74%, well below the 85% national ambition, while "
          "over 9,000 people wait for planned surgery. Lists are booked by medical secretaries using "
          "rough case times, so some lists overrun and are cut short while others finish an hour early. "
          "Late starts, because patients are not ready or beds are not available, cost us roughly 40 "
          "minutes a list. On-the-day cancellations because patients are not fit for surgery are "
          "another problem.",
          "Capped theatre utilisation above 85%, fewer than one in twenty lists starting more than 15 "
          "minutes late, and on-the-day cancellations for clinical reasons halved.",
          budget=130000, closes="2027-04-30"),
    _need("org-quantock-mendip-trust",
          "Preventing and healing wounds in community nursing",
          "frailty-older-people dermatology", "community-services home", "pilot", "",
          "About a third of our district nursing visits are for wound care, and many wounds, especially "
          "leg ulcers and pressure ulcers, take months to heal. Measurements and photos vary from nurse "
          "to nurse, so it is hard to tell whether a wound is improving, and our small tissue viability "
          "team cannot visit everyone who needs advice. Our rural geography means long drives between "
          "patients.",
          "Shorter healing times, fewer category 3 and 4 pressure ulcers acquired in our care, better "
          "use of tissue viability expertise and fewer visits per wound.",
          budget=50000, closes="2027-02-26", codesign=True),
    _need("org-tamar-exe-icb",
          "Helping more people with type 2 diabetes complete structured education",
          "diabetes-endocrine obesity-weight", "primary-care home", "real-world", "dtac",
          "Fewer than one in ten people newly diagnosed with type 2 diabetes in our area complete "
          "structured education. Group courses run in two towns on weekday mornings, and many people in "
          "rural and coastal areas, or in work, cannot get to them. Our HbA1c control and amputation "
          "rates are worse than the national average. We want options that people can use at a time and "
          "place that suits them.",
          "At least 40% of newly diagnosed people completing structured education within a year of "
          "diagnosis, better HbA1c at 12 months, and uptake spread evenly across our most and least "
          "deprived areas.",
          budget=95000, closes="2027-03-31", codesign=True),
    _need("org-harbourside-medical-practice",
          "Finding people with undiagnosed high blood pressure",
          "cardiovascular prevention-population-health", "primary-care community-pharmacy", "pilot", "",
          "We think around 900 of our patients have high blood pressure that has never been diagnosed, "
          "and our recorded prevalence is well below what we would expect for an older coastal "
          "population. Many working-age men rarely come to the surgery at all, and our nurse "
          "appointments are full. We would like to make it easy for people to have their blood pressure "
          "checked and for us to act on the results.",
          "Hypertension prevalence rising towards the expected level, more patients treated to target, "
          "and home blood pressure readings arriving straight in our records.",
          budget=12000),
    _need("org-st-aldhelms-ft",
          "Remote blood pressure monitoring in pregnancy",
          "maternity-neonatal cardiovascular", "home", "real-world", "ukca-ce-marked dtac",
          "Women with chronic or gestational hypertension attend our maternity day assessment unit two "
          "or three times a week for blood pressure checks, which is tiring and costly for them, "
          "especially those with young children or long journeys. The unit is often over capacity. We "
          "want to offer safe self-monitoring at home, with clear escalation for women who develop signs "
          "of pre-eclampsia.",
          "A third fewer day unit attendances for blood pressure monitoring, no increase in severe "
          "pre-eclampsia outcomes, and high satisfaction among women, including those whose first "
          "language is not English.",
          budget=85000, closes="2027-05-28", codesign=True),
    _need("org-hartshead-childrens-ft",
          "Better asthma control for children after an attack",
          "children-young-people respiratory", "home primary-care", "pilot", "dtac",
          "We see more than 1,100 children a year in our emergency department with asthma attacks, and "
          "about one in five comes back within a year. Many families are unsure how to use inhalers and "
          "spacers, and asthma plans are often out of date or lost. Follow-up in primary care after an "
          "attack is variable. We want to support families at home and make sure every child has a "
          "current plan that their school can see.",
          "Fewer repeat emergency attendances and admissions for asthma, every child discharged with a "
          "personalised asthma action plan, and better inhaler technique at follow-up.",
          budget=45000, closes="2027-01-29", codesign=True),
    _need("org-tynebridge-hospitals-ft",
          "Faster access to thrombectomy for stroke patients across the network",
          "stroke diagnostics-imaging", "acute-hospital specialised-services", "rct", "ukca-ce-marked dtac",
          "We are the thrombectomy centre for five referring hospitals. Patients with a large vessel "
          "occlusion who arrive first at another hospital wait too long for their images to be reviewed "
          "and for a transfer decision, and our median door-in-door-out time is 105 minutes. Image "
          "sharing relies on phone calls and a separate transfer system that is slow out of hours. Our "
          "thrombectomy rate is below 3% of stroke admissions, against a national ambition of 10%.",
          "Door-in-door-out times under 60 minutes, a rising thrombectomy rate, and one view of stroke "
          "imaging for the whole network. We will only consider products with trial evidence and UKCA "
          "marking.",
          budget=300000, closes="2027-06-30"),
    _need("org-weald-downs-icb",
          "Diagnosing dementia in care homes",
          "dementia", "social-care primary-care", "pilot", "dtac",
          "Our dementia diagnosis rate is 56%, well below the national ambition of 66.7%, and the gap is "
          "largest among care home residents. Referring frail residents to the memory clinic is "
          "distressing and often inappropriate, and GPs are not always confident diagnosing dementia in "
          "the home. Without a diagnosis, residents miss out on care planning and their families miss "
          "out on support.",
          "A diagnosis rate among care home residents above 70%, fewer memory clinic referrals for care "
          "home residents, and advance care plans in place after diagnosis.",
          budget=70000, closes="2027-02-26", codesign=True),
    _need("org-lune-fylde-community-trust",
          "More rehabilitation at home after stroke and neurological illness",
          "rehabilitation stroke neurology", "community-services home", "real-world", "dtac",
          "People leaving hospital after a stroke or with a new neurological diagnosis get much less "
          "therapy at home than national guidance recommends, typically one or two sessions a week "
          "against a target of 45 minutes a day. Our therapists spend a large part of each day driving "
          "between rural homes. Patients and families tell us they want to practise more but do not know "
          "what to do between visits.",
          "More therapy time per patient without more visits, better function on standard measures, "
          "and patients and families feeling more confident.",
          budget=80000, closes="2027-04-30", codesign=True),
    _need("org-fenwick-community-trust",
          "Joined-up care in the last weeks of life",
          "palliative-end-of-life", "community-services hospice", "pilot", "dtac",
          "When someone is dying at home, out-of-hours nurses and GPs often arrive without knowing the "
          "person's wishes or whether anticipatory medicines are in the house. Families sometimes call "
          "999 in a crisis, and the person is taken into hospital against their wishes. Information sits "
          "in the hospice system, the GP record and our community nursing notes, which do not talk to "
          "each other.",
          "More people dying in their preferred place, fewer emergency admissions in the last 90 days "
          "of life, and out-of-hours teams able to see care plans and medicines before they visit.",
          budget=60000, closes="2027-03-31"),
    _need("org-kirkby-road-practice",
          "Easier access to contraception and sexual health for young people",
          "sexual-reproductive-health children-young-people", "primary-care home", "pilot", "dtac",
          "Around 2,000 of our patients are aged 16 to 24, many of them students at the college next "
          "door. They tell us it is hard to get an appointment for contraception and that they feel "
          "awkward asking at reception. Our teenage pregnancy rate is above the local average and "
          "chlamydia testing is low. We would like to offer confidential online options linked to the "
          "practice.",
          "More young people starting and continuing contraception, higher chlamydia screening in "
          "under-25s, and positive feedback from young people.",
          budget=20000, codesign=True),
    _need("org-dales-wolds-coast-icb",
          "Reducing tooth decay in young children on the coast",
          "oral-health children-young-people prevention-population-health", "community-services home",
          "pilot", "",
          "In two of our coastal towns more than 40% of five-year-olds have visible tooth decay, and "
          "tooth extraction under general anaesthetic is the commonest reason young children are "
          "admitted to hospital here. NHS dental access is very limited. We are drafting a programme "
          "with the two councils and want to hear from organisations that can deliver supervised "
          "toothbrushing and other prevention at scale.",
          "To be agreed with partners. We expect to measure the number of children brushing daily in "
          "nurseries and schools, decay rates in the national dental survey and extractions under "
          "general anaesthetic.",
          budget=150000, codesign=True, status="draft"),
    _need("org-swaledale-cleveland-ft",
          "More people with a learning disability getting their annual health check",
          "learning-disability-autism", "primary-care community-services", "pilot", "",
          "People with a learning disability in our area die on average 20 years earlier than the "
          "general population, often from avoidable causes. Uptake of annual health checks varies from "
          "40% to 90% between practices, and many people are not on their practice's learning "
          "disability register at all. Our community learning disability teams want to help practices "
          "make reasonable adjustments, but there is no easy way to share information.",
          "Health check uptake above 80% in every PCN, more people on learning disability registers, "
          "and health action plans that people and their carers understand.",
          budget=35000, closes="2027-01-29", codesign=True),
    _need("org-eastmere-university-hospitals-ft",
          "Safer, shorter antibiotic courses in hospital",
          "infection-antimicrobial medicines-pharmacy", "acute-hospital", "real-world", "dtac dcb0129",
          "Point prevalence audits show that a third of our inpatients on intravenous antibiotics could "
          "safely switch to oral treatment, and that many courses run past the planned duration without "
          "review. Our antimicrobial stewardship team of two pharmacists cannot review every patient "
          "every day. Unnecessary IV treatment ties up nursing time, delays discharge and increases line "
          "infections.",
          "IV to oral switch within 24 hours of eligibility for at least 60% of patients, a 10% fall in "
          "days of antibiotic therapy, and stewardship pharmacists free to focus on complex patients.",
          budget=65000, closes="2027-02-26", codesign=True),
    _need("org-kingsgate-university-hospitals",
          "More capacity for lower GI diagnostics",
          "gastro-liver diagnostics-imaging cancer", "acute-hospital community-services", "comparative",
          "ukca-ce-marked",
          "Our endoscopy unit runs at full capacity seven days a week and we are still breaching the "
          "six-week diagnostic standard for colonoscopy. Demand from the lower GI 2WW pathway has grown "
          "by a quarter, and many of these patients have normal results. We want to free up colonoscopy "
          "for the patients most likely to need it by offering other tests to people at lower risk.",
          "Colonoscopy waits under six weeks, at least 1,500 patients a year diagnosed by alternative "
          "tests, and no loss of diagnostic accuracy.",
          budget=400000, closes="2027-06-30"),
    _need("org-arun-valley-ft",
          "Shorter waits for audiology follow-up",
          "hearing-ent", "community-services home", "real-world", "dtac",
          "We fit around 6,500 hearing aids a year, and every new user is offered a follow-up "
          "appointment six to eight weeks later for fine-tuning. Many patients are elderly and travel up "
          "to an hour to reach us, and some miss appointments or give up on their hearing aids "
          "altogether. Adult audiology waits have grown to 22 weeks. Support for tinnitus is also very "
          "limited.",
          "Half of follow-up appointments delivered remotely, adult audiology waits under 10 weeks, and "
          "more patients still using their hearing aids after a year.",
          budget=55000, closes="2027-03-31"),
    _need("org-saxonbury-villages-pcn",
          "Weight management for people with type 2 diabetes",
          "obesity-weight diabetes-endocrine", "primary-care home", "real-world", "dtac",
          "About 1,900 of our patients have type 2 diabetes, and three quarters of them are overweight "
          "or living with obesity. The nearest specialist weight management service is 40 miles away "
          "with a 15-month wait, and local slimming groups do not suit everyone. Our health and "
          "wellbeing coach is keen but already has a caseload of over 200. We want evidence-based weight "
          "management, including support for diabetes remission, that patients can do from home.",
          "Meaningful weight loss in at least half of those who start, some patients achieving "
          "remission, and lower HbA1c and blood pressure across the group.",
          budget=30000, closes="2027-01-15", codesign=True),
    _need("org-thames-riverside-icb",
          "Helping people live well with chronic pain and rely less on opioids",
          "pain medicines-pharmacy", "primary-care community-services", "pilot", "dtac",
          "Around 11,000 people in our area are on long-term opioids for chronic non-cancer pain, and "
          "prescribing is highest in our most deprived wards. Community pain services have waits of "
          "over 30 weeks, and GPs say they have few options beyond medication. People want support to "
          "manage pain and cut down their medicines but often feel judged. Any solution must work for "
          "people who speak little English.",
          "A 15% reduction in long-term opioid prescribing, better pain and quality of life scores, and "
          "shorter waits for the community pain service.",
          budget=120000, closes="2027-05-28", codesign=True),
    _need("org-calderbrook-teaching-hospitals",
          "Faster histopathology reporting",
          "pathology cancer", "acute-hospital", "real-world", "ukca-ce-marked",
          "Only half of our histopathology cases are reported within ten days, which holds up cancer "
          "diagnoses and treatment decisions. We have six consultant histopathologist vacancies and "
          "rely on outsourcing, which means posting glass slides around the country. Colleagues in our "
          "pathology network could help with reporting but cannot easily see our slides.",
          "80% of cases reported within ten days, slides shared digitally across the network, and less "
          "spent on outsourcing.",
          budget=350000, closes="2027-06-30"),
    _need("org-severnside-university-hospitals-ft",
          "Clearing the glaucoma follow-up backlog",
          "ophthalmology", "acute-hospital community-services", "comparative", "ukca-ce-marked",
          "More than 7,000 patients are overdue their follow-up in our eye clinics, most of them with "
          "glaucoma or ocular hypertension. Delayed follow-up has led to avoidable sight loss, which we "
          "have reported as serious incidents. Many of these patients are stable and could be monitored "
          "by optometrists closer to home, but we have no reliable way to share results and review them "
          "remotely.",
          "The overdue follow-up list halved within a year, no patients harmed by delays, and stable "
          "patients monitored in the community.",
          budget=200000, closes="2027-04-30", codesign=True),
    _need("org-irwell-valley-ft",
          "Spotting deterioration earlier after critical care",
          "critical-care", "acute-hospital", "real-world", "dtac dcb0129",
          "Around one in ten patients discharged from our critical care unit to a general ward is "
          "readmitted within 48 hours, often after deterioration that was not recognised in time. "
          "Observations on the wards are taken every four to six hours and are still partly on paper, "
          "and the outreach team only hears about problems when patients are already very unwell.",
          "Fewer unplanned readmissions to critical care, NEWS2 scores visible to the outreach team in "
          "real time, and faster response to escalation.",
          budget=160000, closes="2027-03-31", codesign=True),
    _need("org-tollgate-surgery",
          "Proactive care for housebound and frail patients",
          "prevention-population-health frailty-older-people", "primary-care", "pilot", "dtac",
          "We have around 420 housebound patients, many with several long-term conditions, and their "
          "reviews are often missed because we only see them when something goes wrong. Our frailty "
          "register is incomplete, and we have no easy way to work out who is at rising risk of "
          "admission. We want to plan home visits and reviews ahead rather than wait for a crisis.",
          "Every housebound patient reviewed at least once a year, a complete frailty register, and "
          "fewer emergency admissions among our frailest patients.",
          budget=10000),
    _need("org-downland-coast-ambulance-ft",
          "Reducing ambulance handover delays at the emergency department",
          "urgent-emergency-care operations-patient-flow", "ambulance acute-hospital", "real-world", "dtac",
          "Last winter our crews lost more than 60,000 hours waiting to hand over patients at emergency "
          "departments, which left people in the community waiting far longer than they should. "
          "Neither we nor the hospitals have a live, shared picture of who is waiting and for how long. "
          "We also want to convey fewer patients in the first place when they could be safely cared for "
          "another way.",
          "All handovers within 45 minutes and most within 30, a shared live view for crews, emergency "
          "departments and site teams, and less conveyance of people who could be cared for at home.",
          budget=180000, closes="2027-02-26"),
    _need("org-quantock-mendip-trust",
          "Cutting carbon from community nursing travel",
          "sustainability workforce-wellbeing", "community-services", "concept", "",
          "Our community teams drive about 4.5 million miles a year, which is the largest single source "
          "of our direct emissions and takes up time staff would rather spend with patients. Visit "
          "planning is done by hand each morning. We are at the very beginning of this work and want to "
          "explore ideas with innovators and our own staff before deciding what to buy.",
          "Still being defined. We are interested in lower mileage and emissions, more clinical time "
          "and less stress for staff.",
          codesign=True, status="draft"),
    _need("org-soar-valley-partnership-ft",
          "Preventing relapse in early psychosis",
          "mental-health", "mental-health-services home", "pilot", "dtac dcb0129",
          "Our early intervention in psychosis service supports around 600 young adults. Relapses often "
          "lead to admission, sometimes under the Mental Health Act, and each one sets back recovery, "
          "education and work. Service users and care coordinators agree that early warning signs are "
          "usually there weeks before, but contact is only every two to four weeks, so changes are "
          "missed.",
          "Fewer relapses and admissions, more contacts prompted by early warning signs, and service "
          "users feeling more in control of their care.",
          budget=75000, closes="2027-04-30", codesign=True),
    _need("org-northfield-teaching-ft",
          "Seizure monitoring at home for adults with epilepsy",
          "neurology", "home", "comparative", "ukca-ce-marked",
          "Our epilepsy service looks after around 4,000 adults, many of whom have seizures at night. "
          "Seizure diaries are often incomplete, which makes it hard to judge whether treatment is "
          "working, and families worry about sudden unexpected death in epilepsy. We want reliable "
          "seizure detection and recording at home that feeds into our clinics.",
          "Accurate seizure records for clinic reviews, carers alerted to seizures at night, and fewer "
          "unnecessary clinic visits.",
          budget=90000, closes="2027-05-28"),
    _need("org-brandon-lane-surgery",
          "Managing same-day demand safely",
          "operations-patient-flow", "primary-care", "real-world", "dtac dcb0129",
          "The phones open at 8am and every same-day appointment is gone by twenty past, and our duty "
          "GP sees or speaks to more than 60 patients a day. Patients are frustrated by the 8am rush and "
          "reception staff are taking abuse. Many requests could be dealt with by our pharmacists, "
          "physiotherapist or nurses, or by community pharmacy, but we cannot sort them quickly enough.",
          "No 8am rush, every request triaged and answered the same day, fewer requests going to the "
          "duty GP, and better results in the GP patient survey.",
          budget=18000, closes="2027-01-15"),
]


# ---------------------------------------------------------------------------
# Innovators and their solutions
#
# Each solution: name, clinical areas, care settings, evidence level, device
# class, regulatory codes, summary, the opening of its description (two or
# three sentences written by the innovator) and an outcome template for its
# deployments. In templates "{a-b}" becomes a whole number from a to b and
# "{x|y}" one of the choices.
# ---------------------------------------------------------------------------

def _sol(name, areas, settings, evidence, device, regulatory, summary, description, outcome="",
         codesign=False, status="published"):
    return {
        "name": name, "clinical_areas": areas.split(), "care_settings": settings.split(),
        "evidence_level": evidence, "device_class": device, "regulatory": regulatory.split(),
        "summary": summary, "description": description, "outcome": outcome,
        "seeking_codesign": codesign, "status": status,
    }


def _innovator(ref, name, region, description, solutions):
    return {"ref": ref, "name": name, "region": region, "description": description,
            "solutions": solutions}


DIGITAL = "dtac dspt dcb0129"

INNOVATORS = [
    _innovator("org-brightpath-health", "Brightpath Health Ltd", "london",
        "A London company founded in 2017 by a former outpatient services manager and two engineers. "
        "We build patient communication tools that plug into hospital patient administration systems "
        "and the NHS App.", [
        _sol("Brightpath Reminders", "operations-patient-flow", "acute-hospital community-services",
             "real-world", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "Two-way appointment reminders by text, NHS App and WhatsApp that let patients confirm, "
             "cancel or rebook in a couple of taps, with freed slots going straight back to the booking "
             "team.",
             "Brightpath Reminders reads clinic lists from the patient administration system and sends "
             "reminders at intervals tuned for each specialty. Patients can reply to cancel or ask for a "
             "new date, and freed slots are offered to patients on a short-notice list. Messages come in "
             "14 languages and in easy read, and patients flagged as digitally excluded get an automated "
             "phone call instead.",
             "Reduced the outpatient DNA rate from {11-14}% to {6-8}% over {6|9|12} months"),
        _sol("Brightpath Waiting Well", "operations-patient-flow surgery-perioperative", "acute-hospital home",
             "pilot", "not-a-device", DIGITAL,
             "Validates elective waiting lists by asking patients whether they still need their "
             "appointment or operation, and collects symptom scores so clinicians can spot those who are "
             "getting worse.",
             "Patients on the waiting list receive a short digital questionnaire every three months, with "
             "a telephone follow-up for anyone who does not respond. Answers flag patients who have been "
             "treated elsewhere, no longer want treatment or report worsening symptoms, so that teams can "
             "prioritise clinically rather than by date alone.",
             "Validated {1200-4800} pathways; {9-16}% of patients removed or redirected after review",
             codesign=True),
        _sol("Brightpath Easy Read Letters", "operations-patient-flow learning-disability-autism",
             "acute-hospital community-services", "pilot", "not-a-device", "dtac dspt",
             "Turns standard appointment letters into easy read, large print and translated versions "
             "automatically, so patients with a learning disability or limited English know where to go "
             "and what to expect.",
             "Letter templates are rewritten once with people with lived experience, and the system then "
             "produces the right version for each patient from flags in their record. Letters include "
             "photos of the clinic entrance and the name of the person they will meet.",
             "Complaints about unclear appointment letters fell by {30-50}% during the pilot"),
        _sol("Brightpath PIFU", "operations-patient-flow musculoskeletal", "acute-hospital home",
             "real-world", "not-a-device", DIGITAL,
             "Supports patient-initiated follow-up: patients who no longer need routine review get a "
             "direct route back to the clinic if their symptoms change, with reminders before their PIFU "
             "window closes.",
             "Clinicians move a patient onto a PIFU pathway from clinic with one click and choose the "
             "duration and the symptoms that should prompt contact. Patients get a named contact, a short "
             "guide and a simple way to request an appointment, and teams see a dashboard of requests and "
             "patients due for discharge.",
             "{12-20}% of follow-up outpatient activity moved to patient-initiated follow-up"),
    ]),
    _innovator("org-kestrel-respiratory", "Kestrel Respiratory Ltd", "north-east-yorkshire",
        "A respiratory technology company spun out of a northern university's lung research group in "
        "2016, with respiratory physiotherapists and nurses on the team.", [
        _sol("Kestrel COPD Home", "respiratory", "home community-services", "comparative", "class-i",
             "ukca-ce-marked mhra-registered " + DIGITAL,
             "Remote monitoring for people with COPD on a virtual ward or after an exacerbation: daily "
             "oxygen saturation, symptom scores and inhaler use, with alerts triaged by the community "
             "respiratory team.",
             "Patients record their oxygen saturation, breathlessness and sputum colour each morning on a "
             "tablet or their own phone, and the system flags early signs of an exacerbation against each "
             "person's own baseline. A matched-cohort study across two trusts, published in 2023, found "
             "fewer readmissions and shorter stays for enrolled patients.",
             "Reduced 30-day COPD readmissions by {18-31}% compared with the previous year"),
        _sol("Kestrel Inhaler Coach", "respiratory children-young-people", "home community-pharmacy",
             "pilot", "not-a-device", DIGITAL,
             "Short videos and a camera-based check that help people use their inhaler properly, at home, "
             "in community pharmacy and at annual asthma and COPD reviews.",
             "The app recognises the patient's inhaler from a photo and plays a one-minute demonstration, "
             "then watches a practice attempt and points out common errors such as not breathing out "
             "first. Community pharmacists use it during New Medicine Service consultations.",
             "Correct inhaler technique improved from {38-45}% to {68-80}% of patients reviewed",
             codesign=True),
        _sol("Kestrel Spirometry Hub", "respiratory diagnostics-imaging", "primary-care community-services",
             "real-world", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "A connected spirometer with remote quality assurance, so healthcare assistants in community "
             "diagnostic hubs can carry out spirometry and have traces reviewed by accredited "
             "physiologists.",
             "Each test is uploaded with its flow-volume loop and checked remotely against ARTP quality "
             "standards within two working days. Results and interpretation go straight into the GP "
             "record, and poor-quality tests are flagged for a repeat before the patient leaves.",
             "Cleared a backlog of {300-900} spirometry tests in {4|6|8} months"),
        _sol("Kestrel Oximetry@home", "respiratory urgent-emergency-care", "home", "real-world", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Pulse oximetry at home with automated escalation, for patients discharged early from A&E or "
             "the acute medical unit with respiratory infections.",
             "Patients take home a Bluetooth pulse oximeter that sends readings three times a day. "
             "Readings below agreed thresholds trigger a call from the virtual ward team within an hour, "
             "and the oximeter has been tested for accuracy across skin tones.",
             "Supported early discharge for {200-650} patients from the acute medical unit"),
    ]),
    _innovator("org-harbour-cardio", "Harbour Cardio Ltd", "south-west",
        "Founded by a cardiologist and a GP in 2015, we make tools for finding and managing "
        "cardiovascular disease earlier, in general practice, pharmacies and patients' homes.", [
        _sol("PulseCheck AF", "cardiovascular stroke", "primary-care community-pharmacy", "comparative",
             "class-iia", "ukca-ce-marked mhra-registered iso-13485 dtac dspt",
             "A handheld single-lead ECG with an AF detection algorithm for opportunistic pulse checks in "
             "GP practices, community pharmacies and flu clinics.",
             "Staff take a 30-second recording during a routine visit; suspected AF is flagged at once and "
             "the trace is shared with the practice for a 12-lead ECG and a review of anticoagulation. A "
             "published comparative study in 24 practices found a marked rise in new AF diagnoses "
             "compared with matched practices.",
             "Detected {14-38} new cases of AF in the first {6|9|12} months"),
        _sol("HeartWatch Virtual Ward", "cardiovascular", "home acute-hospital", "real-world", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Remote monitoring of weight, blood pressure, heart rate and symptoms for people with heart "
             "failure, supporting virtual wards and diuretic titration at home.",
             "Patients use connected scales and a blood pressure cuff, and the heart failure nurses see a "
             "prioritised list of patients whose readings suggest fluid overload. Nurses can adjust "
             "diuretics remotely under protocol, and patients can message the team.",
             "Avoided an estimated {40-120} bed days a month"),
        _sol("BP@Home", "cardiovascular prevention-population-health", "home primary-care", "real-world",
             "not-a-device", DIGITAL,
             "Home blood pressure monitoring for diagnosing and reviewing hypertension, with readings sent "
             "from a validated cuff to the GP record and averaged in line with NICE guidance.",
             "Practices send a link by text and lend or post a validated monitor. The software calculates "
             "the home average, highlights readings that need same-day action and files a summary in the "
             "record, ready for a clinician to act on.",
             "Blood pressure recorded in the last year for {70-82}% of patients with hypertension, up from "
             "{55-64}%"),
        _sol("Harbour Lipid Optimiser", "cardiovascular prevention-population-health medicines-pharmacy",
             "primary-care", "pilot", "not-a-device", DIGITAL,
             "Finds patients whose cholesterol is not at target and suggests the next step on the national "
             "lipid pathway, so PCN pharmacists can work through lists in batches.",
             "The tool runs a search against the GP system each month and groups patients by the action "
             "needed, from starting a statin to referral for inclisiran. Pharmacists record decisions in a "
             "few clicks, and the practice can track progress against the CVDPREVENT indicators.",
             "Patients at lipid target rose by {8-15} percentage points", codesign=True),
    ]),
    _innovator("org-lumen-dermatology", "Lumen Dermatology AI Ltd", "london",
        "A London company building AI for skin cancer pathways. Our dermatologists and data scientists "
        "work alongside NHS teledermatology services.", [
        _sol("Lumen Skin Triage", "dermatology cancer", "acute-hospital primary-care", "rct", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "AI assessment of dermoscopic images for suspected skin cancer referrals, so benign lesions "
             "can be safely discharged and 2WW clinic time goes to the patients who need it.",
             "Medical photographers capture dermoscopic images in a community hub, and the algorithm "
             "identifies lesions that can be discharged without specialist review. All other lesions go "
             "to a consultant for teledermatology triage. A multicentre randomised trial published in 2024 "
             "found safe discharge rates with no missed melanomas at twelve-month follow-up.",
             "{25-40}% of 2WW skin referrals discharged without a face-to-face appointment"),
        _sol("Lumen Teledermatology", "dermatology", "primary-care community-services", "real-world",
             "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "Image capture and advice and guidance for routine dermatology referrals, with clip-on "
             "dermatoscopes for practices and a consultant reporting queue.",
             "GPs and practice nurses photograph the lesion or rash with a clip-on dermatoscope and send "
             "it with a short structured history. Consultants reply with advice, a suggested treatment or "
             "a booked appointment, usually within three working days.",
             "Advice and guidance turnaround cut from {9-14} days to {2-3} days"),
        _sol("Lumen Mole Check", "dermatology cancer", "home community-pharmacy", "pilot", "class-i",
             "ukca-ce-marked mhra-registered",
             "A mole-checking service in community pharmacies, where pharmacists take dermoscopic images "
             "of lesions that worry patients and send them for remote review.",
             "The service is aimed at people who would otherwise wait for a GP appointment about a "
             "changing mole. Pharmacy staff are trained in image capture, and patients receive a result "
             "and advice by text within five working days.",
             "{400-900} people seen in pharmacies; {4-9}% referred on urgently"),
    ]),
    _innovator("org-willow-mind", "Willow Mind Ltd", "north-west",
        "A Manchester-based digital mental health company whose clinical team includes psychologists, "
        "mental health nurses and young people with lived experience.", [
        _sol("Willow Waiting Room", "mental-health children-young-people", "mental-health-services home",
             "pilot", "not-a-device", DIGITAL,
             "Support for children and young people waiting for CAMHS: regular check-ins, guided self-help "
             "and a clear route to escalate if things get worse while they wait.",
             "Young people and their parents complete a short wellbeing measure every two weeks, and a "
             "drop in score or a risk answer alerts the duty clinician the same day. Between check-ins they "
             "can use self-help content co-produced with young people.",
             "{60-80}% of young people on the waiting list engaged at least monthly", codesign=True),
        _sol("Willow Check-in", "mental-health", "mental-health-services home", "real-world", "not-a-device",
             DIGITAL + " cyber-essentials-plus",
             "Mood and symptom monitoring between appointments for adults under community mental health "
             "teams and early intervention in psychosis services, built around each person's relapse "
             "signature.",
             "Service users agree their early warning signs with their care coordinator, then answer a few "
             "personalised questions on their phone each week. Changes are flagged to the team, who can "
             "offer an earlier contact before a crisis develops.",
             "Crisis contacts among enrolled service users fell by {12-25}%"),
        _sol("Willow Staff Space", "workforce-wellbeing mental-health", "acute-hospital mental-health-services",
             "prototype", "not-a-device", "dspt",
             "A peer support and reflective practice app for staff in inpatient and emergency settings, "
             "with quick check-ins after difficult shifts and signposting to staff psychological support.",
             "Staff can start an anonymous check-in after a shift and be matched with a trained peer "
             "supporter if they want to talk. Managers see only team-level trends.",
             codesign=True, status="archived"),
        _sol("Willow Talking Therapies Front Door", "mental-health", "home primary-care", "comparative",
             "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "A conversational self-referral and assessment tool for NHS Talking Therapies, available at "
             "any hour, that gathers what clinicians need before the first appointment.",
             "People refer themselves through a chat interface that asks the standard screening "
             "questions, checks for risk and summarises the presenting problem for the assessing "
             "clinician. A comparative study across five services found more referrals from "
             "under-represented groups and shorter assessments.",
             "Assessment time cut by {10-18} minutes per referral; recovery rate up {3-6} percentage points"),
    ]),
    _innovator("org-steadfast-falls", "Steadfast Falls Technology Ltd", "midlands",
        "Specialists in falls prevention and response, working with hospitals, care homes and ambulance "
        "services since 2014.", [
        _sol("Steadfast Bedside Sensor", "frailty-older-people", "acute-hospital social-care", "comparative",
             "class-i", "ukca-ce-marked mhra-registered",
             "A contactless sensor that alerts staff when a patient at high risk of falling starts to get "
             "out of bed or a chair, without pressure mats or alarms at the bedside.",
             "The sensor sits above the bed and recognises the movements that come before an unassisted "
             "exit, sending a silent alert to staff handsets. A before-and-after study on six wards, with "
             "matched control wards, was published in 2022.",
             "Inpatient falls fell by {20-35}% on the wards using it"),
        _sol("Steadfast Lifting Guide", "frailty-older-people urgent-emergency-care",
             "social-care ambulance home", "pilot", "not-a-device", "",
             "A guided assessment for care home staff when a resident falls, with a video link to a "
             "clinician and a lifting cushion, so uninjured residents are not left on the floor waiting "
             "for an ambulance.",
             "Carers follow step-by-step questions that check for injury and then use the lifting cushion "
             "if it is safe to do so. A clinician at the ambulance clinical hub can join by video to "
             "support the decision.",
             "{55-70}% of falls in participating homes managed without an ambulance", codesign=True),
        _sol("Steadfast Home Strength", "frailty-older-people rehabilitation", "home community-services",
             "real-world", "not-a-device", DIGITAL,
             "A tablet-based strength and balance programme based on the Otago exercises, with video "
             "coaching and progress checks by the community falls team.",
             "Older people follow short daily sessions at home and join a weekly group video call with a "
             "physiotherapist. Progress is tracked with simple tests such as sit-to-stand, and the team "
             "can step up support if someone stops taking part.",
             "Timed Up and Go improved by an average of {3-6} seconds after 12 weeks"),
    ]),
    _innovator("org-orbis-flow", "Orbis Flow Ltd", "north-west",
        "A patient flow software company founded by a former director of operations. Our products are "
        "used in acute trusts, ambulance services and local authority discharge teams.", [
        _sol("Orbis Discharge Board", "operations-patient-flow frailty-older-people",
             "acute-hospital social-care community-services", "real-world", "not-a-device",
             DIGITAL + " iso-27001",
             "A shared electronic discharge board for wards, transfer of care hubs and social care, showing "
             "every patient without criteria to reside and what is holding up their discharge.",
             "Ward teams record the reason for each delay in a few clicks, and the transfer of care hub "
             "sees the whole hospital on one screen. Local authority brokerage and community services "
             "update the same record, which cuts down phone calls and daily spreadsheets.",
             "Patients with no criteria to reside reduced by {15-28}% in {4|6|9} months"),
        _sol("Orbis Theatre Planner", "surgery-perioperative operations-patient-flow", "acute-hospital",
             "comparative", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "Theatre scheduling that predicts case durations from past data, so lists are booked fully "
             "without overrunning, and late starts and early finishes are visible to everyone.",
             "The planner learns how long each surgeon's procedures usually take and suggests bookings "
             "that fit the session, and it records the reasons for late starts and on-the-day "
             "cancellations. A published matched comparison with four other trusts showed higher "
             "utilisation.",
             "Theatre utilisation rose from {71-76}% to {83-88}%"),
        _sol("Orbis Handover", "urgent-emergency-care operations-patient-flow", "ambulance acute-hospital",
             "real-world", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "Live tracking of ambulance arrivals and handovers at the front door, shared by the emergency "
             "department, the ambulance service and the site team.",
             "Arrival times come from the ambulance service's system, so the emergency department can see "
             "who is coming and how long each crew has waited. Escalation triggers at 30 and 60 minutes, "
             "and the data feeds the daily handover review.",
             "Average ambulance handover time fell from {38-55} to {21-30} minutes"),
        _sol("Orbis Capacity Forecast", "operations-patient-flow urgent-emergency-care", "acute-hospital",
             "pilot", "not-a-device", "dtac dspt iso-27001",
             "Forecasts A&E attendances, admissions and bed demand up to ten days ahead, to help site teams "
             "plan staffing and elective activity.",
             "The model combines past activity with weather, school holidays and local events, and is "
             "retrained every week. Forecasts appear on the site team's dashboard next to the actual "
             "position.",
             "Forecasts within {4-7}% of actual emergency admissions", codesign=True),
    ]),
    _innovator("org-nephra-health", "Nephra Health Ltd", "midlands",
        "A kidney health company founded by two nephrologists. We focus on finding chronic kidney "
        "disease earlier and helping people manage it at home.", [
        _sol("Nephra CKD Finder", "renal diabetes-endocrine cardiovascular", "primary-care", "real-world",
             "not-a-device", DIGITAL,
             "Searches GP records for people with likely chronic kidney disease who are not on the "
             "register or are missing an annual urine ACR, and produces prioritised action lists for PCN "
             "teams.",
             "The searches use eGFR and ACR results to find uncoded CKD, people with diabetes or "
             "hypertension with no ACR in the last year, and patients who would benefit from an SGLT2 "
             "inhibitor. Practices get a monthly list, and our pharmacists help them work through it.",
             "Identified {180-420} patients with uncoded CKD across the network"),
        _sol("Nephra Home ACR", "renal diabetes-endocrine", "home primary-care", "comparative", "ivd",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "A smartphone urine ACR test that patients do at home, with results sent straight to their GP "
             "record, to improve annual kidney checks for people with diabetes.",
             "Practices send a kit to patients who have missed their urine test, and the app reads the "
             "dipstick with the phone camera. A controlled study in 30 practices found a large rise in ACR "
             "completion, especially among younger people and those in work.",
             "ACR testing in people with diabetes rose from {45-55}% to {72-84}%"),
        _sol("Nephra Dialysis Diary", "renal", "home specialised-services", "pilot", "not-a-device",
             "dtac dspt",
             "A digital treatment diary for people on home haemodialysis and peritoneal dialysis, shared "
             "with the renal unit.",
             "Patients record each session, fluid balance and blood pressure, and the home therapies team "
             "sees trends and missed sessions. It replaces paper diaries that were often only looked at in "
             "clinic.",
             "Used by {25-60} home dialysis patients", codesign=True),
        _sol("Nephra AKI Alert", "renal pathology", "acute-hospital primary-care", "real-world",
             "not-a-device", DIGITAL,
             "Follows up acute kidney injury warning results with clear actions for the GP or ward team, "
             "and reminders to recheck kidney function after discharge.",
             "When the laboratory flags an AKI warning stage, the tool sends the responsible clinician a "
             "summary of recent results and medicines that may need stopping. It also tracks patients "
             "discharged after AKI and prompts a repeat blood test.",
             "Repeat creatinine within 7 days of discharge after AKI rose from {35-45}% to {60-75}%"),
    ]),
    _innovator("org-scriptwise", "Scriptwise Ltd", "east-of-england",
        "A medicines optimisation company founded by a pharmacist and a software engineer in Cambridge. "
        "Our tools are used by GP practices, community pharmacies and hospital pharmacy teams.", [
        _sol("Scriptwise Repeat", "medicines-pharmacy", "primary-care community-pharmacy", "real-world",
             "not-a-device", DIGITAL,
             "Automates the routine parts of repeat prescribing: checks requests against monitoring and "
             "review dates, prepares the prescription and sends anything unusual to a clinician.",
             "Requests from the NHS App, online or pharmacies are checked against rules agreed with the "
             "practice, such as blood tests due for patients on methotrexate or lithium. Straightforward "
             "requests are prepared for signing in batches, and exceptions go to the practice pharmacist.",
             "Saved around {25-45} hours of reception and pharmacist time a month"),
        _sol("Scriptwise Switch", "infection-antimicrobial medicines-pharmacy", "acute-hospital",
             "comparative", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "Identifies inpatients on intravenous antibiotics who meet the criteria for switching to oral "
             "treatment, and prompts the team at the daily review.",
             "The tool reads observations, blood results and prescriptions from the electronic patient "
             "record and applies the national IV to oral switch criteria, giving pharmacists and "
             "microbiologists a ward-by-ward list each morning. A published comparative study at three "
             "trusts showed earlier switching with no rise in readmissions.",
             "IV to oral switch within 24 hours of eligibility rose from {30-40}% to {58-70}%"),
        _sol("Scriptwise Structured Review", "medicines-pharmacy frailty-older-people",
             "primary-care social-care", "pilot", "not-a-device", DIGITAL,
             "Supports structured medication reviews for care home residents and people with "
             "polypharmacy, highlighting medicines with a high anticholinergic burden or falls risk.",
             "Pharmacists see each resident's medicines scored against STOPP/START criteria, alongside "
             "relevant results and notes from carers. Agreed changes go back to the practice and the care "
             "home in one step.",
             "An average of {1-2}.{1-9} medicines stopped per resident reviewed"),
        _sol("Scriptwise Taper", "pain medicines-pharmacy", "primary-care community-pharmacy", "pilot",
             "not-a-device", "dspt",
             "Helps GPs and pharmacists plan and support gradual reductions in opioids and "
             "gabapentinoids, with a plan for the patient and regular check-ins.",
             "Clinicians agree a tapering schedule with the patient, who gets reminders and can report "
             "withdrawal symptoms and pain scores. The community pharmacist sees the same plan when "
             "dispensing.",
             "{40-90} patients started a tapering plan; {55-70}% reached their first reduction target",
             codesign=True),
        _sol("Scriptwise Discharge Medicines", "medicines-pharmacy operations-patient-flow",
             "acute-hospital community-pharmacy", "comparative", "not-a-device", DIGITAL,
             "Sends discharge medicines information from hospital to the patient's community pharmacy for "
             "the Discharge Medicines Service, and tracks whether the pharmacy has acted on it.",
             "Hospital pharmacy teams choose patients who would benefit, and the referral goes to the "
             "patient's pharmacy with the changes highlighted. A published matched-cohort study found "
             "fewer readmissions among patients whose pharmacy completed the follow-up.",
             "30-day readmissions among referred patients fell by {3-6} percentage points"),
    ]),
    _innovator("org-clearsight-vision", "Clearsight Vision Ltd", "south-west",
        "An eye health company based in Bristol, working with hospital eye services and community "
        "optometrists to move routine monitoring closer to home.", [
        _sol("Clearsight Glaucoma Monitor", "ophthalmology", "community-services acute-hospital",
             "comparative", "class-iia", "ukca-ce-marked mhra-registered iso-13485 dtac dspt",
             "A virtual glaucoma monitoring service in which community optometrists capture visual fields, "
             "pressures and OCT scans and hospital clinicians review them remotely.",
             "Stable patients are seen in a local optometry practice instead of the hospital clinic, and "
             "the software compares each visit with previous results and highlights progression. A "
             "comparative study against standard hospital follow-up was published in 2023.",
             "Glaucoma follow-up backlog reduced by {22-40}%"),
        _sol("Clearsight Retina Screen", "ophthalmology diabetes-endocrine", "community-services acute-hospital",
             "rct", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "AI grading of retinal photographs for diabetic eye screening, used as the first grader to "
             "reduce the human grading workload.",
             "Images the algorithm grades as showing no retinopathy go into the quality assurance sample, "
             "while any sign of disease goes to a human grader. It was evaluated in a randomised "
             "comparison within a screening programme, with sensitivity for referable retinopathy above "
             "99%.",
             "Grader workload reduced by {35-50}% with no missed referable disease at audit"),
        _sol("Clearsight Home Acuity", "ophthalmology", "home", "prototype", "not-a-device", "",
             "A home test of visual acuity and distortion for people with macular degeneration between "
             "injections, to help decide who needs to be seen sooner.",
             "Patients test each eye weekly on a tablet, and significant changes are flagged to the "
             "macular clinic. We are preparing for a feasibility study.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-sonar-hearing", "Sonar Hearing Ltd", "south-east",
        "An audiology technology company set up by NHS audiologists in 2018. We help audiology and ENT "
        "services see more people closer to home.", [
        _sol("Sonar Remote Audiology", "hearing-ent", "home community-services", "real-world", "class-i",
             "ukca-ce-marked mhra-registered dtac dspt",
             "Remote hearing aid fine-tuning and follow-up, so adults with new hearing aids can have "
             "adjustments made at home rather than travelling to clinic.",
             "Audiologists connect to the patient's hearing aids through a smartphone app during a video "
             "appointment and adjust the settings in real time. Patients can also complete the hearing "
             "aid benefit questionnaire at home.",
             "Face-to-face audiology follow-ups reduced by {30-45}%"),
        _sol("Sonar Tinnitus Companion", "hearing-ent", "home", "real-world", "not-a-device",
             DIGITAL,
             "A self-management programme for tinnitus based on cognitive behavioural therapy, offered "
             "while people wait for specialist audiology or alongside their care.",
             "The programme covers sound therapy, sleep, relaxation and ways of reducing the distress "
             "tinnitus causes, with progress measured on the Tinnitus Handicap Inventory. Clinicians can "
             "see who is struggling and bring them forward.",
             "Mean Tinnitus Handicap Inventory score improved by {10-18} points at 12 weeks"),
        _sol("Sonar ENT Triage", "hearing-ent", "primary-care acute-hospital", "prototype", "not-a-device", "",
             "Structured referral triage for ENT, helping GPs send the right tests with the referral and "
             "routing patients to audiology, community ENT or the hospital.",
             "Referrers answer condition-specific questions for problems such as hearing loss, nasal "
             "obstruction and recurrent tonsillitis. The prototype has been tested on referral data from "
             "one ICB.",
             codesign=True),
        _sol("Sonar Newborn Hearing Link", "hearing-ent children-young-people maternity-neonatal",
             "acute-hospital community-services", "pilot", "not-a-device", "dtac dspt",
             "Tracks babies who need follow-up after the newborn hearing screen, so no referral is lost "
             "between maternity, the screening programme and paediatric audiology.",
             "Screeners record results on a tablet and the system books audiology appointments "
             "automatically. Families receive reminders in their own language, and missed appointments "
             "are followed up.",
             "Babies seen in audiology within four weeks of screening rose to {92-98}%"),
    ]),
    _innovator("org-cradle-digital", "Cradle Digital Ltd", "london",
        "A maternity technology company founded by a midwife and a software engineer. Our products are "
        "used by maternity services across England.", [
        _sol("Cradle BP", "maternity-neonatal cardiovascular", "home", "real-world", "class-i",
             "ukca-ce-marked mhra-registered " + DIGITAL,
             "Blood pressure and urine self-testing at home for pregnant women with hypertension or at "
             "risk of pre-eclampsia, with readings reviewed by the maternity team.",
             "Women take readings with a validated monitor and enter symptoms in the app, which applies "
             "the unit's escalation thresholds and tells them to call maternity triage when needed. "
             "Midwives review a dashboard each day instead of booking routine day unit visits.",
             "Antenatal day unit attendances fell by {20-35}%"),
        _sol("Cradle Maternity Notes", "maternity-neonatal", "home acute-hospital community-services",
             "real-world", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "A digital maternity record that women hold on their phone, with their care plan, test "
             "results and information in more than 30 languages.",
             "Midwives and obstetricians record care in the same system the woman can see, so her notes "
             "are always up to date. Personalised care and support plans are built in, and information is "
             "available as audio for women with low literacy.",
             "{85-95}% of women accessing their notes on their phone by 20 weeks"),
        _sol("Cradle Neonatal Family", "maternity-neonatal children-young-people",
             "specialised-services acute-hospital", "pilot", "not-a-device", "dtac dspt",
             "An app for parents with a baby in neonatal care, with daily updates from the nursing team, "
             "photos and guidance on feeding and going home.",
             "Nurses send short updates and photos, so parents who cannot be on the unit still feel "
             "involved. Discharge checklists help families get ready to take their baby home.",
             "Parent satisfaction scores rose from {68-75}% to {86-94}%", codesign=True),
        _sol("Cradle Postnatal Mood", "maternity-neonatal mental-health", "home primary-care", "concept",
             "not-a-device", "",
             "An early idea for regular mood check-ins in the year after birth, linking mothers and "
             "birthing partners to perinatal mental health services.",
             "We are designing the check-ins with women who have used perinatal mental health services. "
             "We want to understand how health visitors and GPs would use the information.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-breathe-easy-kids", "Breathe Easy Kids CIC", "north-west",
        "A community interest company set up by a paediatric asthma nurse and parents of children with "
        "asthma. Surpluses are reinvested in work with schools.", [
        _sol("AsthmaPal", "children-young-people respiratory", "home primary-care", "pilot", "not-a-device",
             "dtac dspt",
             "A child-friendly asthma app with a personal asthma action plan, inhaler reminders and a "
             "symptom diary that families can share with their GP practice and school.",
             "Children and parents record symptoms and reliever use, and the app explains what to do when "
             "asthma is getting worse. Practices receive a summary before the annual review, and the pilot "
             "ran in two PCNs with high rates of emergency asthma admissions.",
             "Unscheduled asthma attendances down {20-30}% in the pilot group"),
        _sol("AsthmaPal Schools", "children-young-people respiratory prevention-population-health",
             "community-services", "prototype", "not-a-device", "",
             "Helps schools keep track of pupils with asthma, their inhalers and action plans, with simple "
             "training for school staff.",
             "School staff can see which pupils have asthma, where their inhalers are and when they "
             "expire. The prototype is being tested in four primary schools.",
             codesign=True),
        _sol("Smokefree Homes Coach", "prevention-population-health respiratory children-young-people",
             "home community-services", "real-world", "not-a-device", DIGITAL,
             "Text and phone coaching for parents and carers who smoke, to help them make their home "
             "smokefree and quit, with free nicotine replacement posted to their door.",
             "Families are referred by health visitors, maternity services or the children's ward. Coaches "
             "use behaviour change techniques over twelve weeks, and carbon monoxide readings confirm "
             "progress.",
             "Four-week quit rate of {28-40}% among referred parents"),
    ]),
    _innovator("org-neurovista-imaging", "Neurovista Imaging Ltd", "london",
        "A medical imaging AI company founded by neuroradiologists. Our software supports stroke "
        "networks and radiology departments across the UK.", [
        _sol("Neurovista Stroke", "stroke diagnostics-imaging", "acute-hospital specialised-services", "rct",
             "class-iib", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "AI analysis of CT and CT angiography for suspected stroke, detecting large vessel occlusions "
             "and sharing images instantly with the thrombectomy centre.",
             "Scans are analysed within minutes, and the stroke team get an alert with key images on their "
             "phones, while referring hospitals and the comprehensive stroke centre see the same images. A "
             "stepped-wedge randomised trial across a stroke network showed faster door-in-door-out "
             "times.",
             "Door-in-door-out time for thrombectomy transfers fell by {25-45} minutes"),
        _sol("Neurovista Bleed Alert", "stroke neurology diagnostics-imaging", "acute-hospital",
             "comparative", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Flags intracranial haemorrhage on non-contrast head CT and moves those scans to the top of "
             "the reporting list.",
             "Every head CT is screened in the background, and scans with suspected bleeding are "
             "prioritised for the reporting radiologist and flagged to the emergency department. A "
             "comparative study found shorter time to report for positive scans.",
             "Median time to report for scans showing haemorrhage fell by {40-80} minutes"),
        _sol("Neurovista Chest", "diagnostics-imaging respiratory cancer", "acute-hospital community-services",
             "real-world", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Chest X-ray triage that flags possible lung cancer and other urgent findings, so GP-requested "
             "X-rays with suspicious features are reported and followed by CT quickly.",
             "The algorithm reviews each chest X-ray as soon as it is taken and puts suspected nodules or "
             "masses at the front of the reporting queue. Departments can book a CT the same day under an "
             "agreed pathway.",
             "Time from chest X-ray to CT for suspected lung cancer cut from {9-14} to {3-5} days"),
    ]),
    _innovator("org-remembering-together", "Remembering Together Ltd", "south-east",
        "A dementia care company working with care homes, GP practices and memory services. Our founders "
        "include an old age psychiatrist and a care home manager.", [
        _sol("MemoryLane Assess", "dementia", "social-care primary-care", "pilot", "not-a-device", DIGITAL,
             "A tablet-based cognitive assessment for care home residents, helping GPs diagnose dementia "
             "in the home without a memory clinic referral.",
             "Care home staff trained in the tool gather a history, observations and a validated cognitive "
             "test, and the information reaches the GP in a form that supports diagnosis using the DiADeM "
             "approach. Families are involved from the start.",
             "Dementia diagnosis rate in participating care homes rose from {52-60}% to {68-76}%",
             codesign=True),
        _sol("MemoryLane Life Story", "dementia frailty-older-people", "social-care acute-hospital home",
             "real-world", "not-a-device", "dtac dspt",
             "A digital life story and 'about me' profile for people living with dementia that travels "
             "with them between home, care home and hospital.",
             "Families and carers build the profile with photos, routines, preferences and what helps when "
             "the person is distressed. Ward staff can open it from the hospital record when the person is "
             "admitted.",
             "Antipsychotic use on the dementia ward fell by {10-20}%"),
        _sol("MemoryLane Night Watch", "dementia frailty-older-people", "home social-care", "comparative",
             "class-i", "ukca-ce-marked mhra-registered dtac dspt",
             "Discreet sensors that pick up night-time wandering, falls and changes in routine for people "
             "with dementia living at home or in extra care housing.",
             "The system learns each person's usual pattern and alerts a family member or the response "
             "service when something unusual happens, such as leaving the house at night. A matched study "
             "with a local authority found fewer emergency admissions.",
             "Emergency admissions among users fell by {12-22}% compared with a matched group"),
    ]),
    _innovator("org-motion-health", "Motion Health Ltd", "north-east-yorkshire",
        "A digital musculoskeletal care company founded by NHS physiotherapists in Leeds. Our clinical "
        "team delivers and supervises care alongside NHS MSK services.", [
        _sol("Motion MSK", "musculoskeletal rehabilitation", "home community-services primary-care",
             "comparative", "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "Digital physiotherapy for back, neck and joint pain: an assessment, a personalised exercise "
             "programme with video guidance, and access to a physiotherapist by chat or video.",
             "Patients referred by their GP, or referring themselves, start with a digital assessment that "
             "screens for red flags and routes them to the right level of care. Most are managed through "
             "guided exercise at home with a physiotherapist reviewing progress. A matched-cohort study "
             "published in 2024 compared outcomes with face-to-face physiotherapy.",
             "{30-45}% of patients discharged without a face-to-face appointment"),
        _sol("Motion First Contact", "musculoskeletal", "primary-care", "real-world", "not-a-device", DIGITAL,
             "Booking, triage and outcome tracking for first contact physiotherapists in primary care "
             "networks.",
             "Receptionists use a simple script to book MSK problems directly with the first contact "
             "physiotherapist, and the software records outcomes and onward referrals. PCNs can show the "
             "effect on GP appointments and imaging requests.",
             "GP appointments for MSK problems fell by {15-25}%"),
        _sol("Motion Prehab", "surgery-perioperative musculoskeletal rehabilitation", "home", "real-world",
             "not-a-device", DIGITAL,
             "A prehabilitation programme for people waiting for hip and knee replacement, with exercise, "
             "weight and smoking support, and preparation for going home.",
             "Patients start as soon as they are listed and are supported by physiotherapists and health "
             "coaches. The programme also checks readiness for surgery, such as anaemia and blood sugar, so "
             "problems are found before pre-operative assessment.",
             "Average stay after joint replacement fell from {3-4}.{1-9} to 2.{0-9} days"),
        _sol("Motion Hand Therapy", "musculoskeletal rehabilitation", "home", "pilot", "class-i",
             "ukca-ce-marked mhra-registered " + DIGITAL,
             "Guided home exercises after hand and wrist surgery or fracture, with range of movement "
             "measured using the phone camera.",
             "Hand therapists set the programme and see measurements between appointments. Patients who "
             "are not progressing are brought back sooner.",
             "Hand therapy appointments per patient fell from {6-8} to {3-4}", codesign=True),
    ]),
    _innovator("org-sentinel-clinical", "Sentinel Clinical Systems Ltd", "south-east",
        "A clinical safety software company that started in an intensive care unit in Kent. We focus on "
        "spotting deterioration early and getting the right help to the bedside.", [
        _sol("Sentinel Obs", "critical-care urgent-emergency-care infection-antimicrobial", "acute-hospital",
             "comparative", "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "Electronic observations with automatic NEWS2 scoring and escalation to the right clinician, "
             "including critical care outreach, on wards and in the emergency department.",
             "Nurses record observations on handheld devices at the bedside, and rising scores trigger "
             "alerts to the nurse in charge, doctors and the outreach team, with every response timed. A "
             "controlled before-and-after study across two hospitals was published in 2021.",
             "Time to escalation for NEWS2 of 5 or more fell from {45-70} to {15-25} minutes"),
        _sol("Sentinel Sepsis", "infection-antimicrobial critical-care urgent-emergency-care",
             "acute-hospital", "comparative", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Sepsis screening that combines observations, blood results and risk factors to prompt review "
             "and time-critical antibiotics in the emergency department and on wards.",
             "The tool runs in the electronic patient record, prompts the sepsis screen when a patient "
             "meets the criteria and tracks the one-hour treatment bundle. Lactate and blood culture "
             "results are surfaced as soon as they are available. A multi-site comparative study showed "
             "faster time to antibiotics.",
             "Antibiotics within one hour for red-flag sepsis rose from {55-65}% to {82-92}%"),
        _sol("Sentinel Wearable", "critical-care frailty-older-people", "acute-hospital home", "real-world",
             "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "A wireless patch that continuously measures heart rate, breathing rate and temperature, for "
             "patients stepping down from critical care or at high risk on general wards.",
             "Continuous readings fill the gaps between routine observations and alert staff to "
             "deterioration hours earlier. The same patch can be used to support early discharge on a "
             "virtual ward.",
             "Unplanned readmissions to critical care within 48 hours fell by {20-35}%"),
        _sol("Sentinel Paediatric Early Warning", "children-young-people critical-care", "acute-hospital",
             "pilot", "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "Electronic paediatric early warning scores, aligned with the national PEWS charts, with "
             "escalation that takes account of parents' concerns.",
             "Observations are scored against age-specific charts, and parents can raise a concern that "
             "triggers a review. The pilot is running on two children's wards.",
             "Escalations acted on within 30 minutes rose to {85-95}%", codesign=True),
    ]),
    _innovator("org-glucoguide", "Glucoguide Ltd", "south-west",
        "A diabetes company based in Exeter. Our programmes are delivered by dietitians, diabetes "
        "specialist nurses and health coaches.", [
        _sol("Glucoguide Education", "diabetes-endocrine obesity-weight", "home primary-care", "guidance",
             "not-a-device", DIGITAL,
             "Digital structured education for people with type 2 diabetes that meets NICE criteria, "
             "available online at any time or as group video sessions.",
             "The programme covers food, activity, medicines and foot and eye care, with a health coach for "
             "people who want more support. It is recognised in national guidance as a structured "
             "education option, and completion data is shared with the practice.",
             "Completion of structured education rose from {8-15}% to {35-48}% of people referred"),
        _sol("Glucoguide Remission", "diabetes-endocrine obesity-weight", "home primary-care", "rct",
             "not-a-device", DIGITAL,
             "A total diet replacement programme for type 2 diabetes remission, with soups and shakes, "
             "food reintroduction and twelve months of coaching.",
             "Patients referred by their practice are supported by dietitians through the low calorie "
             "phase and by coaches afterwards, and medicines are adjusted safely at the start under an "
             "agreed protocol. The approach is based on a published randomised controlled trial.",
             "{28-40}% of participants in remission at 12 months"),
        _sol("Glucoguide Foot Check", "diabetes-endocrine", "primary-care community-services", "pilot",
             "class-i", "ukca-ce-marked mhra-registered",
             "A thermal imaging mat that spots early signs of foot ulceration in people with diabetes, for "
             "use at annual reviews and in podiatry clinics.",
             "Patients stand on the mat for 20 seconds and the system highlights temperature differences "
             "between the feet that can come before an ulcer. High-risk patients are referred to the foot "
             "protection service.",
             "{6-14} people referred early to the foot protection service", codesign=True),
        _sol("Glucoguide Insulin Titration", "diabetes-endocrine medicines-pharmacy",
             "home community-services", "real-world", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Insulin dose advice for people starting basal insulin, based on their blood glucose "
             "readings, overseen by the diabetes nursing team.",
             "Patients enter or upload their fasting glucose, and the software recommends dose changes "
             "within limits set by their clinician. Nurses are alerted to hypoglycaemia and to readings "
             "out of range.",
             "Time to reach target fasting glucose fell from {10-14} to {5-7} weeks"),
    ]),
    _innovator("org-compass-care", "Compass Care Coordination Ltd", "east-of-england",
        "We build shared care records and coordination tools for palliative and end of life care, "
        "working closely with hospices and community palliative care teams.", [
        _sol("Compass EPaCCS", "palliative-end-of-life", "community-services hospice primary-care",
             "real-world", "not-a-device", DIGITAL + " cyber-essentials-plus",
             "A shared palliative care record that lets GPs, community nurses, hospices, ambulance crews "
             "and out-of-hours services see a person's wishes and care plan.",
             "Advance care plans, ReSPECT forms and preferred place of death are recorded once and visible "
             "to everyone involved, including 111 and ambulance clinicians. Teams share a list of people "
             "thought to be in the last year of life.",
             "Deaths in the preferred place rose from {62-70}% to {78-86}%"),
        _sol("Compass Just in Case", "palliative-end-of-life medicines-pharmacy",
             "community-services community-pharmacy hospice", "pilot", "not-a-device", DIGITAL,
             "Tracks anticipatory medicines from prescription to the patient's home, and tells community "
             "nurses and out-of-hours teams what is available and where.",
             "Prescribers record the anticipatory prescription, and pharmacies that stock end of life "
             "medicines confirm supply. Out-of-hours nurses can see what is already in the home before "
             "they visit.",
             "Out-of-hours calls about anticipatory medicines fell by {20-35}%", codesign=True),
        _sol("Compass Advance Care Planning", "palliative-end-of-life frailty-older-people dementia",
             "primary-care social-care", "real-world", "not-a-device", "dtac dspt",
             "Guided conversations and templates for advance care planning with people living with "
             "frailty or dementia, for GPs, care home staff and community matrons.",
             "The guide helps staff talk about what matters to the person, with prompts written with "
             "families. Completed plans are shared with the GP record and the shared palliative care "
             "record.",
             "Care home residents with an advance care plan rose from {40-55}% to {75-88}%"),
        _sol("Compass Bereavement", "palliative-end-of-life mental-health", "hospice home", "concept",
             "not-a-device", "",
             "An idea for light-touch bereavement follow-up after an expected death at home, connecting "
             "families with hospice and community support.",
             "We are interviewing families and hospice teams about what helps in the first months after a "
             "death. The aim is a simple check-in service, not a new clinical record.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-sprout-sexual-health", "Sprout Sexual Health CIC", "london",
        "A community interest company providing online sexual and reproductive health services with NHS "
        "and local authority commissioners since 2016.", [
        _sol("Sprout Online Testing", "sexual-reproductive-health infection-antimicrobial", "home",
             "real-world", "ivd", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Online STI testing: people order a kit, take samples at home and get results by text, with "
             "treatment arranged through local clinics or pharmacies.",
             "We handle ordering, laboratory processing and results, and positive results go to the local "
             "sexual health clinic for treatment and partner notification. Kits are discreet and "
             "instructions come in several languages.",
             "{60-75}% of kits returned; clinic walk-ins for testing without symptoms down {25-40}%"),
        _sol("Sprout Contraception Online", "sexual-reproductive-health children-young-people",
             "home community-pharmacy primary-care", "pilot", "not-a-device", DIGITAL,
             "Online consultations for oral contraception, with supply through community pharmacies and "
             "quick access to long-acting methods through local clinics.",
             "Young people complete a consultation online, a nurse reviews it the same day, and they "
             "collect their pill from a local pharmacy. Anyone interested in an implant or coil is booked "
             "straight into a clinic.",
             "{300-700} young people supplied with oral contraception through pharmacies in the first year"),
        _sol("Sprout Menopause", "sexual-reproductive-health workforce-wellbeing", "primary-care home",
             "pilot", "not-a-device", "dtac dspt",
             "Menopause information, symptom tracking and group education sessions, offered through GP "
             "practices and to NHS employers for their staff.",
             "Women track symptoms and bring a summary to their appointment, which helps GPs prescribe "
             "with confidence. Employers can offer group sessions and training for line managers.",
             "Repeat GP appointments for menopause symptoms fell by {15-30}%"),
        _sol("Sprout PrEP Online", "sexual-reproductive-health infection-antimicrobial",
             "home specialised-services", "prototype", "not-a-device", "",
             "Online PrEP starts and monitoring, with home HIV and kidney function tests, for people who "
             "find it hard to attend clinic.",
             "People complete a risk assessment online and take home tests before a video consultation. "
             "The prototype is being tested with a London clinic.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-brightsmile-dental", "Brightsmile Community Dental CIC", "north-east-yorkshire",
        "A social enterprise run by dental therapists and oral health promoters. We work with councils, "
        "nurseries, schools and care homes.", [
        _sol("Brushing Buddies", "oral-health children-young-people prevention-population-health",
             "community-services home", "real-world", "not-a-device", "",
             "A supervised toothbrushing programme for nurseries and primary schools, with training, "
             "brushes and paste, and a simple app for staff to record daily brushing.",
             "We recruit and train settings in the areas with the highest rates of decay and supply "
             "everything they need. Take-home packs and messages in community languages encourage "
             "brushing at home too.",
             "Supervised toothbrushing running in {40-75} nurseries and primary schools"),
        _sol("Smile Check", "oral-health frailty-older-people", "social-care", "pilot", "not-a-device",
             "dtac dspt",
             "Mouth care assessments and daily mouth care records for care home residents, with training "
             "for care staff.",
             "Care staff complete a short assessment when a resident moves in and record daily mouth care. "
             "Residents with problems are referred to community dental services.",
             "Mouth care assessments completed for {80-95}% of residents"),
        _sol("Dental Access Finder", "oral-health prevention-population-health", "home primary-care",
             "prototype", "not-a-device", "",
             "Helps people find NHS dental appointments and urgent dental care nearby, and shows "
             "commissioners where demand is going unmet.",
             "Patients enter their postcode and need, and the service shows practices with capacity. "
             "Commissioners see anonymised data on where people cannot find a dentist.",
             status="archived"),
        _sol("Mouthwise Oral Cancer Referral", "oral-health cancer", "primary-care acute-hospital",
             "prototype", "not-a-device", "",
             "Structured photo referral from high street dentists to oral and maxillofacial surgery for "
             "suspected mouth cancer.",
             "Dentists photograph the lesion and answer a short checklist, and the hospital team triages "
             "within 48 hours. We are testing the prototype with one maxillofacial unit.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-bridgeway-health", "Bridgeway Health Ltd", "midlands",
        "Co-founded by a learning disability nurse and an autistic software developer, we make health "
        "services easier to use for people with a learning disability and autistic people.", [
        _sol("Bridgeway Health Checks", "learning-disability-autism prevention-population-health",
             "primary-care", "real-world", "not-a-device", DIGITAL,
             "Raises uptake of annual health checks for people with a learning disability: register "
             "searches, easy read invitations and help planning reasonable adjustments.",
             "Practices find people missing from the learning disability register, and invitations go out "
             "in easy read with photos of the practice. Carers can tell the practice in advance what will "
             "help, such as a quiet room or a longer appointment, and health action plans are produced in "
             "easy read.",
             "Annual health check uptake rose from {58-66}% to {78-88}%"),
        _sol("Bridgeway Hospital Passport", "learning-disability-autism", "acute-hospital home",
             "real-world", "not-a-device", "dtac dspt",
             "A digital hospital passport for people with a learning disability and autistic people, "
             "shared with the hospital when they are admitted.",
             "People and their families record how they communicate, what upsets them and what helps. "
             "Ward staff see it flagged in the hospital record.",
             "Hospital passports available at admission for {60-80}% of patients on the learning "
             "disability register"),
        _sol("Bridgeway Autism Assessment", "learning-disability-autism children-young-people mental-health",
             "mental-health-services community-services", "pilot", "not-a-device", DIGITAL,
             "Gathers information from families, schools and clinicians before an autism assessment, so "
             "the assessment itself is shorter and fewer children wait years.",
             "Parents and teachers complete structured questionnaires online, and clinicians get a summary "
             "that supports decisions in line with NICE guidance. Families get support and information "
             "while they wait.",
             "Clinician time per autism assessment fell by {20-35}%", codesign=True),
        _sol("Bridgeway STOMP Review", "learning-disability-autism medicines-pharmacy",
             "primary-care community-services", "pilot", "not-a-device", DIGITAL,
             "Supports reviews of psychotropic medicines for people with a learning disability or autism, "
             "in line with STOMP.",
             "The tool finds people prescribed antipsychotics or other psychotropics without a clear "
             "reason and supports a structured review with the person and their carers. Progress is "
             "tracked over time.",
             "{20-45}% of people reviewed had a psychotropic medicine reduced or stopped"),
    ]),
    _innovator("org-waypoint-pain", "Waypoint Pain Ltd", "north-west",
        "A pain management company founded by a consultant in pain medicine and a clinical psychologist. "
        "We help people live well with persistent pain.", [
        _sol("Waypoint Pain Self-management", "pain musculoskeletal mental-health",
             "home primary-care community-services", "comparative", "not-a-device", DIGITAL,
             "A self-management programme for persistent pain combining pain education, acceptance and "
             "commitment therapy and graded activity, with a clinician checking in.",
             "People work through weekly modules and set their own goals, supported by a pain "
             "psychologist or physiotherapist, and prescribers are told when someone wants to reduce their "
             "pain medicines. A comparative study in two ICBs found less opioid prescribing and fewer GP "
             "consultations.",
             "Opioid prescriptions among participants fell by {18-30}% at six months"),
        _sol("Waypoint Pain Clinic Triage", "pain", "specialised-services community-services", "pilot",
             "not-a-device", DIGITAL,
             "Digital triage for referrals to pain services, routing people to a group programme, "
             "psychology, injections or specialist review.",
             "Patients complete validated questionnaires before triage, and clinicians see a summary with "
             "suggested pathways. Patients can start self-management while they wait.",
             "Wait for a first pain clinic appointment fell from {32-40} to {18-24} weeks"),
        _sol("Waypoint Back Pain Pathway", "pain musculoskeletal", "primary-care community-services",
             "real-world", "not-a-device", DIGITAL,
             "Supports the national low back pain pathway in primary care, with risk stratification and "
             "matched treatment.",
             "Patients complete the STarT Back questionnaire and are directed to self-management, "
             "physiotherapy or combined physical and psychological care. GPs get advice on pain relief "
             "that avoids opioids.",
             "Imaging requests for low back pain fell by {15-25}%"),
    ]),
    _innovator("org-gutsy-diagnostics", "Gutsy Diagnostics Ltd", "east-of-england",
        "A gastroenterology diagnostics company working with endoscopy units and cancer alliances to "
        "increase diagnostic capacity.", [
        _sol("Colonsight Capsule", "gastro-liver cancer diagnostics-imaging",
             "acute-hospital community-services", "comparative", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Colon capsule endoscopy with AI-assisted reading, offered in community settings to patients "
             "on the lower GI pathway, to free up colonoscopy capacity.",
             "Patients swallow the capsule at a community hub or at home, and images are read by "
             "accredited readers with AI flagging polyps and bleeding, so only patients with findings "
             "need colonoscopy. Outcomes were compared with colonoscopy in a national evaluation.",
             "{1800-3200} capsule procedures; {40-55}% of patients avoided colonoscopy"),
        _sol("FIT Tracker", "gastro-liver cancer pathology", "primary-care", "real-world", "not-a-device",
             DIGITAL,
             "Safety-netting for FIT in suspected colorectal cancer, tracking every kit from request to "
             "result and prompting practices to act.",
             "The practice requests a FIT when a patient presents with symptoms, and the tool tracks "
             "whether the kit has come back and chases overdue results. Positive results prompt a 2WW "
             "referral with the result attached.",
             "FIT returned before referral for {88-97}% of suspected colorectal cancer referrals"),
        _sol("LiverScan Community", "gastro-liver prevention-population-health",
             "community-services primary-care", "pilot", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485",
             "Liver stiffness testing in community settings for people with risk factors for liver "
             "disease, such as alcohol use, obesity and type 2 diabetes.",
             "Nurses use a portable elastography device in GP surgeries, drug and alcohol services and "
             "community venues. People with raised readings are referred to hepatology.",
             "{500-1200} people scanned; {6-12}% had significant fibrosis", codesign=True),
        _sol("Gutsy IBD Home Monitoring", "gastro-liver", "home acute-hospital", "real-world", "ivd",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Home faecal calprotectin testing and symptom scores for people with inflammatory bowel "
             "disease, so stable patients can be monitored without routine clinic visits.",
             "Patients do a home test and a short symptom questionnaire when prompted or when they feel "
             "unwell. IBD nurses see results on a dashboard and contact patients whose scores are rising.",
             "Routine IBD clinic follow-up replaced by remote monitoring for {35-50}% of patients"),
    ]),
    _innovator("org-aegis-pathology", "Aegis Pathology Ltd", "north-east-yorkshire",
        "A pathology technology company working with NHS pathology networks on digital pathology, "
        "sample logistics and point-of-care testing.", [
        _sol("Aegis Digital Pathology", "pathology cancer diagnostics-imaging",
             "acute-hospital specialised-services", "real-world", "ivd",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Digital slide scanning, viewing and AI-assisted reporting for histopathology, so slides can "
             "be reported anywhere in the pathology network.",
             "Glass slides are scanned in the laboratory and reported on screen, and AI tools prioritise "
             "cases and help with prostate and breast cancer grading. Cases can be shared with colleagues "
             "for a second opinion in minutes rather than days.",
             "Histopathology reported within 10 days rose from {48-60}% to {75-85}%"),
        _sol("Aegis Sample Tracker", "pathology operations-patient-flow", "acute-hospital primary-care",
             "real-world", "not-a-device", "dtac dspt iso-27001",
             "Tracks blood and pathology samples from collection in GP practices and wards to the "
             "laboratory, cutting lost and rejected samples.",
             "Each sample is scanned at collection, on the courier run and on arrival, so the laboratory "
             "can see what is on its way. Practices are told quickly if a sample is rejected, and why.",
             "Rejected samples fell by {20-35}%"),
        _sol("Aegis Point-of-care CRP", "pathology infection-antimicrobial",
             "primary-care community-pharmacy", "guidance", "ivd", "ukca-ce-marked mhra-registered iso-13485",
             "A finger-prick CRP test for GP practices and community pharmacies, with a result in four "
             "minutes, to support decisions about antibiotics for chest infections.",
             "The analyser connects to the practice system, so results are filed automatically. NICE "
             "guidance supports CRP testing when it is unclear whether a chest infection needs "
             "antibiotics, and randomised trials show less prescribing without harm.",
             "Antibiotic prescriptions for chest infections fell by {18-30}%"),
        _sol("Aegis Autovalidation", "pathology", "acute-hospital", "comparative", "ivd",
             "ukca-ce-marked mhra-registered iso-13485 dspt",
             "Rules-based autovalidation for blood sciences, so normal and expected results are released "
             "automatically and biomedical scientists can focus on the rest.",
             "Rules are built with the laboratory's own clinical team and cover delta checks, "
             "interferences and critical values. A published comparison across two laboratories showed "
             "faster turnaround with no increase in errors.",
             "{55-70}% of blood sciences results released by autovalidation"),
    ]),
    _innovator("org-wardwide-health", "Wardwide Health Ltd", "south-east",
        "A virtual ward and hospital at home company. Our platform and clinical monitoring service are "
        "used by trusts and ICBs across England.", [
        _sol("Wardwide Virtual Ward", "frailty-older-people respiratory cardiovascular",
             "home acute-hospital community-services", "real-world", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL + " cyber-essentials-plus",
             "A virtual ward platform with connected devices, a clinical dashboard and round-the-clock "
             "technical support, for frailty, respiratory and heart failure pathways.",
             "Patients go home with connected devices chosen for their condition, and readings flow to a "
             "dashboard that ranks patients by risk. Our clinical monitoring hub can watch readings "
             "overnight and escalate to the trust's team.",
             "Supported {400-1100} virtual ward admissions; {70-85}% without readmission at 30 days"),
        _sol("Wardwide Hospital at Home Rota", "workforce-wellbeing operations-patient-flow",
             "community-services", "pilot", "not-a-device", "dtac dspt",
             "Scheduling and route planning for hospital at home teams, matching visits to staff skills "
             "and travel time.",
             "Coordinators see all the day's visits and the tool suggests the best allocation, taking "
             "account of skills and distances. Staff get their list on their phones.",
             "Visits per clinician per day rose from {5-6} to {7-8}", codesign=True),
    ]),
    _innovator("org-greenward", "Greenward Sustainability Ltd", "south-west",
        "We help NHS organisations meet their net zero commitments with carbon data and practical changes "
        "to clinical and estates practice.", [
        _sol("Greenward Carbon Ledger", "sustainability", "acute-hospital community-services", "real-world",
             "not-a-device", "cyber-essentials-plus",
             "Measures the carbon footprint of clinical services, from energy and travel to medicines and "
             "supplies, and shows which changes would cut emissions most.",
             "We combine estates, procurement, travel and prescribing data into a single carbon ledger, "
             "broken down by service. Green plan leads can model changes and track progress.",
             "Identified {180-450} tonnes of avoidable CO2e emissions a year"),
        _sol("Greenward Route Planner", "sustainability workforce-wellbeing", "community-services", "pilot",
             "not-a-device", "dtac dspt cyber-essentials-plus",
             "Route planning for community nursing and therapy teams that cuts mileage and gives staff "
             "more time with patients.",
             "Visits are planned around patients' time windows and staff skills, using the shortest "
             "sensible routes. Charging for electric pool cars is built into the plan.",
             "Community nursing mileage cut by {12-22}%", codesign=True),
        _sol("Greenward Anaesthetic Gas Capture", "sustainability surgery-perioperative", "acute-hospital",
             "comparative", "class-i", "ukca-ce-marked mhra-registered",
             "Captures volatile anaesthetic gases from theatre exhaust, and supports a switch away from "
             "desflurane and piped nitrous oxide.",
             "Capture units fit existing anaesthetic machines, and the captured agent is recovered rather "
             "than released. We also help departments decommission leaking nitrous oxide manifolds.",
             "Volatile anaesthetic emissions down {60-80}%"),
        _sol("Greenward Reusables", "sustainability infection-antimicrobial", "acute-hospital", "pilot",
             "not-a-device", "",
             "Supports the switch from single-use to reusable items such as theatre gowns, sharps bins and "
             "tourniquets, with infection prevention sign-off built in.",
             "We model the carbon and cost of each switch and work with infection prevention teams on the "
             "risk assessment. Waste volumes are tracked after the change.",
             "Clinical waste from theatres fell by {15-30}%", codesign=True),
    ]),
    _innovator("org-shiftwell", "Shiftwell Ltd", "london",
        "Workforce software for NHS trusts and primary care, built with nurses, healthcare assistants and "
        "HR teams.", [
        _sol("Shiftwell Rostering", "workforce-wellbeing operations-patient-flow",
             "acute-hospital community-services mental-health-services", "real-world", "not-a-device",
             "dspt cyber-essentials-plus iso-27001",
             "Self-rostering and shift swapping for nurses and healthcare assistants, with safe staffing "
             "levels checked automatically.",
             "Staff choose their shifts within agreed rules, swap with colleagues on their phones and pick "
             "up bank shifts. Managers see gaps early and can fill them before paying agency rates.",
             "Nursing agency spend fell by {8-18}%"),
        _sol("Shiftwell Pulse", "workforce-wellbeing", "acute-hospital mental-health-services ambulance",
             "pilot", "not-a-device", "dspt",
             "Short weekly wellbeing check-ins for staff, with team-level insights for managers and quick "
             "routes to support.",
             "Staff answer three questions a week on their phone, and managers see anonymised trends for "
             "their team with prompts for supportive conversations. Individuals are pointed to "
             "occupational health or psychological support when they ask for it.",
             "Staff turnover on participating wards fell from {14-18}% to {9-12}%"),
        _sol("Shiftwell Onboard", "workforce-wellbeing", "acute-hospital", "prototype", "not-a-device", "",
             "Onboarding and preceptorship for newly qualified and internationally educated nurses, with "
             "buddying and regular check-ins.",
             "New starters get a personal plan for their first year and a named buddy. The prototype is "
             "being shaped with nurses who joined the NHS from overseas.",
             codesign=True, status="draft"),
        _sol("Shiftwell Learn", "workforce-wellbeing", "acute-hospital primary-care", "real-world",
             "not-a-device", "cyber-essentials-plus",
             "Short clinical skills refreshers and competency sign-off on the phone, for healthcare "
             "assistants and nurses in hospitals and primary care.",
             "Staff complete five-minute modules and record competencies for their supervisors to sign "
             "off. Training leads see compliance by team.",
             "Competencies signed off for {85-95}% of new healthcare assistants within three months"),
    ]),
    _innovator("org-neuronest", "Neuronest Ltd", "midlands",
        "A neurology technology company founded by an epilepsy nurse specialist and a biomedical "
        "engineer. We develop wearables and apps for people with long-term neurological conditions.", [
        _sol("Neuronest Seizure Watch", "neurology children-young-people", "home", "comparative", "class-iia",
             "ukca-ce-marked mhra-registered iso-13485 dtac dspt",
             "A wrist-worn seizure detector that alerts carers to tonic-clonic seizures, especially at "
             "night, and keeps an accurate seizure diary for the epilepsy team.",
             "The watch detects the movement and heart rate changes of a generalised seizure and alerts "
             "chosen carers with the wearer's location, and seizure records are shared with the epilepsy "
             "nurse before reviews. Detection was compared against video EEG in a published study.",
             "Carers alerted to {85-95}% of tonic-clonic seizures"),
        _sol("Neuronest Parkinson's Diary", "neurology frailty-older-people", "home community-services",
             "real-world", "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "A symptom and medicine timing diary for Parkinson's, with movement data from a wearable, to "
             "help specialist nurses adjust treatment between clinics.",
             "People wear the sensor for a week before their review, and the nurse sees how symptoms "
             "fluctuate around medicine doses. People can also record falls and freezing.",
             "Clinic appointments converted to remote reviews for {30-45}% of patients"),
        _sol("Neuronest Headache Triage", "neurology pain", "primary-care", "prototype", "not-a-device", "",
             "Helps GPs manage headache and migraine, with diaries for patients and advice on when to "
             "refer.",
             "Patients keep a headache diary that summarises patterns and medication overuse. The "
             "prototype was tested in three practices."),
        _sol("Neuronest MS Relapse", "neurology", "home specialised-services", "pilot", "not-a-device",
             DIGITAL,
             "Lets people with multiple sclerosis report a suspected relapse and be triaged by the MS "
             "nurses, with symptoms and function measured on their phone.",
             "People complete a short relapse questionnaire and walking and dexterity tests in the app. "
             "The MS team sees the results and decides whether to see them, start treatment or monitor.",
             "Relapse assessments completed within 48 hours rose to {80-92}%", codesign=True),
    ]),
    _innovator("org-stridewell-rehab", "Stridewell Rehab Ltd", "north-west",
        "A rehabilitation technology company working with NHS therapists on stroke, cardiac and pulmonary "
        "rehabilitation at home.", [
        _sol("Stridewell Arm", "stroke rehabilitation neurology", "home community-services", "rct",
             "class-i", "ukca-ce-marked mhra-registered " + DIGITAL,
             "Game-based upper limb rehabilitation after stroke, using a camera and simple hand "
             "controllers, so people can practise far more often than therapy sessions alone allow.",
             "Therapists set exercises to match each person's ability, the system adapts as they improve, "
             "and practice time and movement quality are reported to the community stroke team. A "
             "randomised controlled trial published in 2023 showed better arm function at six months.",
             "Therapy minutes per patient per week increased by {60-140}"),
        _sol("Stridewell Speech", "stroke rehabilitation", "home", "real-world", "not-a-device", DIGITAL,
             "Computer-based aphasia therapy that people use at home between speech and language therapy "
             "sessions.",
             "Speech and language therapists choose word-finding and comprehension exercises, and the "
             "software adjusts the difficulty. Volunteers and family members can support practice.",
             "Active users practised for {3-5} hours a week on average"),
        _sol("Stridewell Cardiac Rehab", "cardiovascular rehabilitation", "home", "real-world",
             "not-a-device", DIGITAL,
             "Home-based cardiac rehabilitation with exercise, education and psychological support, "
             "delivered by the hospital's own rehabilitation team.",
             "Patients can choose a home programme when group sessions do not suit them, with weekly calls "
             "from a cardiac rehabilitation nurse. It is particularly popular with people in work and with "
             "women, who are under-represented in classes.",
             "Cardiac rehabilitation uptake rose from {45-52}% to {65-74}%"),
        _sol("Stridewell Pulmonary Rehab", "respiratory rehabilitation", "home community-services",
             "comparative", "not-a-device", DIGITAL,
             "Pulmonary rehabilitation at home for people with COPD, using video classes and remote "
             "monitoring of walking and breathlessness.",
             "People join live group classes from home or follow recorded sessions, with progress measured "
             "by remote walking tests. A matched comparison with centre-based programmes found similar "
             "gains in exercise capacity.",
             "Pulmonary rehabilitation wait fell from {20-28} to {6-10} weeks"),
    ]),
    _innovator("org-kindred-minds", "Kindred Minds CIC", "south-west",
        "A community interest company providing mental health support for children and young people in "
        "schools and online, commissioned by the NHS and councils.", [
        _sol("Kindred School Link", "children-young-people mental-health", "community-services home",
             "real-world", "not-a-device", DIGITAL,
             "Referral and case management for mental health support teams in schools, linking schools, "
             "families and CAMHS.",
             "School staff refer pupils through a simple form, and the team triages with information from "
             "the school and family. Pupils and parents can message their practitioner.",
             "{70-85}% of referred pupils seen within four weeks"),
        _sol("Kindred Eating Disorders Early", "mental-health children-young-people",
             "home mental-health-services", "pilot", "not-a-device", "dtac dspt",
             "Early support for young people with emerging eating difficulties and their families, while "
             "they wait for or alongside specialist care.",
             "Families get guided support based on family-based treatment, and clinicians monitor weight "
             "and risk questions. The pilot runs with one CAMHS eating disorder service.",
             "Average wait for first contact fell from {6-9} weeks to {1-2} weeks"),
        _sol("Kindred Transition", "children-young-people learning-disability-autism", "community-services",
             "concept", "not-a-device", "",
             "An idea to support autistic young people moving from children's to adult services, with a "
             "passport and a named link worker.",
             "We are developing the idea with autistic young people and their families. We want to test "
             "it with a trust that has a transition team.",
             codesign=True),
        _sol("Kindred ADHD Pathway", "mental-health children-young-people",
             "community-services mental-health-services", "real-world", "not-a-device", DIGITAL,
             "Streamlines ADHD assessment for children, collecting school and parent reports and "
             "objective attention tests before clinic.",
             "Parents and teachers complete rating scales online, and clinicians review a single report "
             "before the assessment. Families on the waiting list get parenting and school support.",
             "ADHD assessment wait fell from {18-24} to {9-12} months"),
    ]),
    _innovator("org-frontdoor-health", "Frontdoor Health Ltd", "east-of-england",
        "A primary care software company founded by a GP partner and a practice manager. We help "
        "practices manage demand safely and fairly.", [
        _sol("Frontdoor Triage", "operations-patient-flow urgent-emergency-care", "primary-care",
             "real-world", "class-i", "ukca-ce-marked mhra-registered " + DIGITAL + " cyber-essentials-plus",
             "Online consultation and total triage for GP practices: patients describe their problem "
             "online or by phone, and requests are prioritised and sent to the right person.",
             "Requests from the website, the NHS App and phone calls go into one queue, with urgent "
             "symptoms flagged for the duty clinician. Care navigators can book directly with "
             "pharmacists, physiotherapists or nurses, and practices can see demand by hour and day.",
             "Same-day demand handled by the duty GP fell by {15-25}%"),
        _sol("Frontdoor Reception Hub", "operations-patient-flow", "primary-care community-pharmacy",
             "pilot", "not-a-device", "dtac dspt",
             "Care navigation scripts and training for reception teams, with referral routes to community "
             "pharmacy, social prescribing and self-referral services.",
             "Receptionists follow clear scripts to point patients to the right service, and the tool "
             "records the outcome. Regular reports show which routes are working.",
             "{8-14}% of requests redirected to community pharmacy or self-referral services"),
        _sol("Frontdoor Proactive Recall", "prevention-population-health frailty-older-people",
             "primary-care", "real-world", "not-a-device", DIGITAL,
             "Combines long-term condition reviews into one recall per patient, prioritised by risk, and "
             "collects readings and questionnaires online before the appointment.",
             "Patients with several conditions get one invitation and one review instead of many, and "
             "housebound patients are flagged for a home visit. Blood pressure, weight and questionnaires "
             "are gathered beforehand.",
             "Long-term condition review appointments cut by {20-30}% with QOF achievement maintained"),
        _sol("Frontdoor Pharmacy First Connect", "medicines-pharmacy urgent-emergency-care",
             "community-pharmacy primary-care", "real-world", "not-a-device", DIGITAL,
             "Electronic referral from GP practices to community pharmacies for Pharmacy First conditions, "
             "with the consultation outcome sent back to the practice.",
             "Practices refer patients with eligible conditions to their chosen pharmacy in a few clicks, "
             "and the pharmacist's outcome returns to the GP record. Patients who need to see the practice "
             "are sent straight back.",
             "{400-1300} Pharmacy First referrals in the first six months"),
    ]),
    _innovator("org-populus-analytics", "Populus Analytics Ltd", "north-east-yorkshire",
        "A population health analytics company working with ICBs and primary care networks on linked "
        "data and risk stratification.", [
        _sol("Populus Risk Stratification",
             "prevention-population-health frailty-older-people operations-patient-flow",
             "primary-care community-services social-care", "comparative", "not-a-device",
             DIGITAL + " iso-27001",
             "Risk stratification using linked GP, hospital and social care data to find people at rising "
             "risk of emergency admission, for proactive care by neighbourhood teams.",
             "The tool identifies people with moderate and severe frailty, frequent attenders and "
             "housebound patients who have not been reviewed, and neighbourhood teams use the list in "
             "weekly multidisciplinary meetings. A matched comparison found fewer emergency admissions "
             "among case-managed patients.",
             "Emergency admissions among case-managed patients fell by {9-17}%"),
        _sol("Populus Inequalities Explorer", "prevention-population-health", "primary-care", "real-world",
             "not-a-device", "dspt iso-27001",
             "Shows differences in access, outcomes and uptake of care by deprivation, ethnicity and other "
             "characteristics, at practice, PCN and ICB level.",
             "Analysts and clinical leads can compare uptake of screening, vaccination and long-term "
             "condition reviews across groups and neighbourhoods. It supports Core20PLUS5 planning.",
             "Used to target {3-7} health inequalities projects across the ICB"),
        _sol("Populus Vaccination Uptake", "prevention-population-health infection-antimicrobial",
             "primary-care community-pharmacy", "pilot", "not-a-device", "dtac dspt",
             "Finds unvaccinated people in groups with low uptake and sends tailored invitations in the "
             "right language at the right time.",
             "Messages are tested with community groups and sent through practices and pharmacies. Uptake "
             "is reported by group and neighbourhood.",
             "Childhood MMR uptake rose by {3-7} percentage points in target neighbourhoods", codesign=True),
    ]),
    _innovator("org-vitalink-emergency", "Vitalink Emergency Ltd", "midlands",
        "An urgent and emergency care technology company working with ambulance services and emergency "
        "departments.", [
        _sol("Vitalink Falls Response", "urgent-emergency-care frailty-older-people",
             "ambulance home social-care", "real-world", "not-a-device", DIGITAL,
             "Remote clinical assessment and a falls pick-up service for older people who have fallen at "
             "home, so those who are not injured are helped up quickly and not taken to hospital.",
             "A clinician in the ambulance clinical hub assesses the person by video with help from a "
             "falls responder who carries lifting equipment. People are referred to community falls "
             "services the same day.",
             "Conveyance for over-75 falls fell from {55-62}% to {38-45}%"),
        _sol("Vitalink Video Triage", "urgent-emergency-care mental-health", "ambulance", "real-world",
             "not-a-device", DIGITAL + " cyber-essentials-plus",
             "Video consultation for lower-acuity 999 calls and mental health crisis calls, so clinicians "
             "can see the patient before deciding on a response.",
             "The caller receives a text link, and the clinician can see the patient, their surroundings "
             "and their medicines. Mental health practitioners in the control room use it to assess "
             "people in crisis.",
             "{15-25}% of video-assessed calls closed without sending an ambulance"),
        _sol("Vitalink ECG Transmit", "cardiovascular urgent-emergency-care", "ambulance acute-hospital",
             "comparative", "class-iia", "ukca-ce-marked mhra-registered iso-13485 " + DIGITAL,
             "Sends 12-lead ECGs from ambulances to the cardiac catheter laboratory, so heart attacks are "
             "confirmed and patients taken straight to the right place.",
             "Crews send the ECG from the scene, and the cardiologist can confirm a STEMI and activate the "
             "team before the patient arrives, while AF and other rhythms are also flagged. A published "
             "comparison showed shorter call-to-balloon times.",
             "Call-to-balloon time fell by {12-22} minutes"),
    ]),
    _innovator("org-critical-path", "Critical Path Medical Ltd", "london",
        "Founded by intensive care and anaesthesia consultants to improve recovery from critical illness "
        "and surgery.", [
        _sol("CritCare Recovery Diary", "critical-care rehabilitation", "acute-hospital home", "pilot",
             "not-a-device", "dtac dspt",
             "A digital ICU diary and follow-up programme for patients and families after critical "
             "illness, with rehabilitation goals and psychological support.",
             "Staff and families write diary entries during the stay, which patients can read later to "
             "make sense of gaps in their memory. After discharge, patients are offered a follow-up "
             "programme and screening for anxiety and post-traumatic stress.",
             "{70-85}% of patients attended ICU follow-up, up from {35-45}%", codesign=True),
        _sol("Periop Ready", "surgery-perioperative", "home acute-hospital", "real-world", "not-a-device",
             DIGITAL,
             "Digital pre-operative assessment: patients complete a health questionnaire at home, and the "
             "team calls only those who need more checks.",
             "Questionnaires are triaged automatically to low, medium and high risk, and low-risk patients "
             "can be booked straight away. Optimisation, such as anaemia treatment or help to stop "
             "smoking, starts early.",
             "Day-of-surgery cancellations for medical reasons fell by {30-50}%"),
        _sol("CritCare Weaning Assistant", "critical-care", "acute-hospital specialised-services",
             "prototype", "not-a-device", "",
             "A decision support prototype to help intensive care teams judge when patients are ready for "
             "a spontaneous breathing trial.",
             "The prototype uses ventilator and monitor data to suggest candidates for a breathing trial "
             "at the morning ward round. It has been tested retrospectively on anonymised data from one "
             "unit.",
             codesign=True, status="draft"),
        _sol("Periop Pathway Tracker", "surgery-perioperative operations-patient-flow", "acute-hospital",
             "concept", "not-a-device", "",
             "A concept for tracking each surgical patient from listing to discharge, including "
             "pre-assessment, optimisation and theatre booking.",
             "We want schedulers and patients to share the same view of what happens next. We are looking "
             "for surgical hubs to help shape it.",
             codesign=True, status="draft"),
    ]),
    _innovator("org-balance-health", "Balance Health Ltd", "south-east",
        "A weight management company with dietitians, psychologists and health coaches, delivering NHS "
        "programmes digitally since 2017.", [
        _sol("Balance Tier 2", "obesity-weight diabetes-endocrine prevention-population-health",
             "home primary-care", "rct", "not-a-device", DIGITAL,
             "A 12-week digital behavioural weight management programme with a health coach, for adults "
             "living with obesity, hypertension or type 2 diabetes.",
             "People choose app-based or group video support, with personal goals and weekly coaching. "
             "The programme's approach was tested in a randomised controlled trial in primary care, and "
             "outcomes are reported to the referring practice.",
             "Average weight loss of 4.{0-9}% at 12 weeks among completers"),
        _sol("Balance Tier 3 MDT", "obesity-weight", "community-services specialised-services", "real-world",
             "not-a-device", DIGITAL,
             "Specialist weight management delivered remotely by a multidisciplinary team of doctors, "
             "dietitians and psychologists.",
             "Patients are assessed by the team and offered dietetic and psychological support, with "
             "medicines considered where appropriate. The service cuts waits for tier 3 clinics.",
             "Tier 3 wait fell from {14-20} to {4-8} months"),
        _sol("Balance Families", "obesity-weight children-young-people", "home community-services", "pilot",
             "not-a-device", "dtac dspt",
             "Family-based healthy weight support for children and their parents, with cooking, activity "
             "and sleep goals.",
             "Families work with a coach over six months, and children set their own goals. The programme "
             "never weighs children in front of others and focuses on healthy habits.",
             "{65-80}% of families completed the programme"),
        _sol("Balance Medicines Support", "obesity-weight medicines-pharmacy",
             "home community-pharmacy specialised-services", "pilot", "not-a-device", DIGITAL,
             "Behavioural and dietetic support for people starting weight loss injections, with "
             "side-effect monitoring and a plan for stopping.",
             "People get coaching on diet, activity and side effects, and the prescriber is alerted to "
             "problems. The programme helps people keep muscle and maintain their weight loss after "
             "treatment ends.",
             "{75-90}% of people still on treatment at six months", codesign=True),
    ]),
    _innovator("org-steward-digital", "Steward Digital Ltd", "east-of-england",
        "An antimicrobial stewardship and infection prevention software company founded by a consultant "
        "microbiologist.", [
        _sol("Steward Antimicrobial Review", "infection-antimicrobial medicines-pharmacy", "acute-hospital",
             "real-world", "not-a-device", DIGITAL,
             "Prompts the 48 to 72 hour antibiotic review on every ward and records the decision, so "
             "stewardship teams can see where antibiotics continue without a reason.",
             "Prescribers are reminded to review at 48 hours and record a decision to stop, switch, change "
             "or continue. Stewardship pharmacists see a live list of patients on restricted antibiotics.",
             "Days of antibiotic therapy per 1,000 admissions fell by {7-14}%"),
        _sol("Steward UTI Pathway", "infection-antimicrobial", "primary-care community-pharmacy",
             "real-world", "not-a-device", "dtac dspt",
             "Decision support for urinary tract infections in general practice and pharmacy, based on "
             "national guidance, including when not to send a urine sample.",
             "Clinicians answer a few questions and get advice on diagnosis, antibiotic choice and "
             "duration, including for older people in care homes. It discourages dipstick testing in "
             "people over 65.",
             "Broad-spectrum antibiotics for UTI fell by {15-25}%"),
        _sol("Steward IPC Surveillance", "infection-antimicrobial", "acute-hospital community-services",
             "comparative", "not-a-device", DIGITAL + " iso-27001",
             "Infection prevention surveillance that spots clusters of C. difficile, MRSA and other "
             "organisms across wards and community settings.",
             "The system links microbiology results with patient movements, so infection prevention teams "
             "can see possible transmission, and outbreak reports are produced automatically. A published "
             "comparison showed outbreaks were detected earlier than by manual surveillance.",
             "Hospital-onset C. difficile cases fell by {10-22}%"),
    ]),
    _innovator("org-carebridge", "Carebridge Technologies Ltd", "north-east-yorkshire",
        "Technology for care homes and home care agencies, designed with care staff and the NHS teams "
        "who support them.", [
        _sol("Carebridge Care Home Link", "frailty-older-people urgent-emergency-care", "social-care",
             "real-world", "not-a-device", DIGITAL,
             "Helps care home staff spot soft signs of deterioration using RESTORE2, record observations "
             "and get advice from the community team before calling 999.",
             "Carers record soft signs and observations on a tablet, which calculates NEWS2 and shows who "
             "to call. The care home's GP and community team can see the record.",
             "999 calls from participating care homes fell by {12-24}%"),
        _sol("Carebridge Hydration", "frailty-older-people renal", "social-care home", "pilot", "class-i",
             "ukca-ce-marked mhra-registered",
             "Smart cups that measure how much residents drink and alert staff to people who are not "
             "drinking enough.",
             "The cups record each drink and send the data to a tablet in the care home, with alerts and "
             "daily summaries for staff. This helps prevent dehydration, urinary infections and acute "
             "kidney injury.",
             "UTI and AKI admissions from participating homes fell by {15-30}%", codesign=True),
        _sol("Carebridge Discharge to Assess", "operations-patient-flow frailty-older-people",
             "social-care acute-hospital", "pilot", "not-a-device", "dtac dspt",
             "Connects hospital discharge teams with care providers, showing live care home vacancies and "
             "home care capacity.",
             "Discharge coordinators post requests describing the person's needs, and providers respond "
             "in the app. Commissioners see delays and capacity across the area.",
             "Time to source a care package fell from {6-9} to {3-4} days"),
        _sol("Carebridge Medicines Rounds", "medicines-pharmacy frailty-older-people", "social-care",
             "real-world", "not-a-device", DIGITAL,
             "An electronic medicines administration record for care homes, with reminders for "
             "time-critical medicines and links to the pharmacy.",
             "Carers scan each medicine on the round, and the system alerts them to missed or late doses, "
             "such as Parkinson's medicines. The pharmacy receives repeat requests directly.",
             "Missed doses fell by {40-65}%"),
    ]),
    _innovator("org-tissueview", "Tissueview Ltd", "midlands",
        "A wound care technology company founded by a tissue viability nurse. We support community "
        "nursing teams, care homes and burns services.", [
        _sol("Tissueview Wound Imaging", "dermatology frailty-older-people",
             "community-services home social-care", "comparative", "class-i",
             "ukca-ce-marked mhra-registered " + DIGITAL,
             "Measures wounds from a phone photo and tracks healing over time, so community nurses and "
             "tissue viability specialists can see which wounds are not healing.",
             "Nurses photograph the wound at each visit, and the app measures its size and tissue types "
             "consistently, so specialists can review remotely and advise. A matched comparison in "
             "community nursing found faster healing.",
             "Average healing time fell from {14-18} to {9-12} weeks"),
        _sol("Tissueview Pressure Mapping", "frailty-older-people rehabilitation",
             "acute-hospital community-services", "pilot", "class-i", "ukca-ce-marked mhra-registered",
             "Pressure mapping mats for beds and wheelchairs that show staff and patients where pressure "
             "builds up and when to reposition.",
             "The mat shows a live pressure map on a tablet and reminds staff when a patient has been in "
             "one position too long. It also helps choose the right mattress or cushion.",
             "Category 2 pressure ulcers fell by {20-35}% on pilot wards"),
        _sol("Tissueview Leg Ulcer Pathway", "dermatology", "community-services primary-care", "real-world",
             "not-a-device", "dtac dspt",
             "A leg ulcer pathway for community nursing teams, covering assessment, Doppler checks and "
             "compression therapy in line with the national wound care strategy.",
             "The pathway guides nurses through a full assessment within two weeks and prompts compression "
             "where appropriate. Teams can report their healing rates.",
             "Venous leg ulcers healed within 12 weeks rose from {30-40}% to {55-65}%"),
        _sol("Tissueview Burns Referral", "dermatology urgent-emergency-care children-young-people",
             "acute-hospital specialised-services", "pilot", "not-a-device", DIGITAL,
             "Photo-based referral and advice for burns, linking emergency departments and minor injury "
             "units with the regional burns service.",
             "Clinicians photograph the burn and estimate its size on a guided body chart, and the burns "
             "team replies with advice or arranges transfer. Many children can then be cared for with "
             "dressings closer to home.",
             "Unnecessary transfers to the burns centre fell by {20-35}%", codesign=True),
    ]),
    _innovator("org-beacon-health", "Beacon Health Technologies Ltd", "london",
        "A cancer care company founded by an oncologist and a former patient. We support people through "
        "and after cancer treatment.", [
        _sol("Beacon Cancer Follow-up", "cancer", "home acute-hospital", "real-world", "not-a-device",
             DIGITAL + " cyber-essentials-plus",
             "Remote monitoring and personalised stratified follow-up after cancer treatment, with "
             "surveillance tests tracked and a quick way back in if symptoms return.",
             "Patients on supported self-management are reminded about scans and blood tests, and results "
             "are reviewed by the cancer nurse specialist. Patients can report new symptoms and be seen "
             "quickly.",
             "Routine follow-up clinic appointments reduced by {30-45}%"),
        _sol("Beacon Symptom Monitor", "cancer palliative-end-of-life", "home", "rct", "class-i",
             "ukca-ce-marked mhra-registered " + DIGITAL,
             "Electronic symptom reporting during chemotherapy and immunotherapy, with severe symptoms "
             "flagged to the acute oncology team.",
             "Patients report symptoms on their phone between cycles, and the system grades them and gives "
             "self-care advice or tells them to call the 24-hour line. Randomised trials of this approach "
             "have shown fewer emergency admissions and better quality of life.",
             "Unplanned admissions during chemotherapy fell by {10-20}%"),
        _sol("Beacon Prehab for Cancer", "cancer rehabilitation surgery-perioperative",
             "home community-services", "pilot", "not-a-device", DIGITAL,
             "Prehabilitation from diagnosis for people having cancer surgery, with exercise, nutrition "
             "and psychological support.",
             "Patients start as soon as surgery is planned, supported by physiotherapists and dietitians. "
             "Fitness is measured with simple tests at home.",
             "{60-80}% of patients completed prehabilitation before surgery", codesign=True),
        _sol("Beacon Lung Health Check Navigator", "cancer respiratory prevention-population-health",
             "community-services primary-care", "real-world", "not-a-device", "dtac dspt",
             "Invites and supports people to attend targeted lung health checks, with extra help for those "
             "least likely to come.",
             "Invitations go out by letter, text and phone in the right language, and navigators call "
             "people who do not respond. Help to stop smoking is offered at the same time.",
             "Lung health check uptake rose from {40-48}% to {55-65}%"),
        _sol("Beacon Hospice at Home", "palliative-end-of-life", "hospice home", "real-world",
             "not-a-device", "dtac dspt",
             "Coordination software for hospice at home teams, covering rotas, visits, rapid response "
             "requests and updates for families.",
             "The hospice coordination centre sees every patient and visit and can send a rapid response "
             "team. Families are told when the next visit will be.",
             "Rapid response visits arrived within two hours for {85-95}% of requests"),
    ]),
]


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
LAST_MONTH = (2025, 9)  # no deployment starts after this

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


def _load_json(filename, override=None, required=True):
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
    taxonomy = taxonomy or _load_json("taxonomy.json")
    schema = schema or _load_json("listings.schema.json", required=False)
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


def _check_needs(bundle, vocab, fail):
    codes = _code_check(fail)
    orgs = {o["ref"]: o for o in bundle["organisations"]}
    for need in bundle["needs"]:
        where = f"need {need['ref']}"
        owner = orgs.get(need["organisation"])
        if owner is None:
            fail(f"{where}: organisation {need['organisation']!r} is not in the bundle")
        elif owner["kind"] not in lifecycle.OWNER_KINDS["need"]:
            fail(f"{where}: owner {owner['ref']} is of kind {owner['kind']}; {lifecycle.OWNER_RULES['need']}")
        codes(where, need["clinical_areas"], vocab["clinical_areas"], "clinical_areas")
        codes(where, need.get("care_settings", []), vocab["care_settings"], "care_settings")
        codes(where, [need.get("min_evidence_level", "concept")], vocab["evidence_levels"], "evidence_levels")
        codes(where, need.get("required_regulatory", []), vocab["regulatory"], "regulatory_statuses")
        if not 1 <= len(need["clinical_areas"]) <= 3:
            fail(f"{where}: needs 1 to 3 clinical areas")
        if not 1 <= len(need.get("care_settings", [])) <= 2:
            fail(f"{where}: needs 1 to 2 care settings")
        if not 2 <= count_sentences(need["problem"]) <= 5:
            fail(f"{where}: problem has {count_sentences(need['problem'])} sentences, want 2 to 5")
        if "closes_on" in need and not need["closes_on"].startswith("2027-"):
            fail(f"{where}: closes_on should fall in 2027")


def _check_solutions(bundle, vocab, fail):
    codes = _code_check(fail)
    orgs = {o["ref"]: o for o in bundle["organisations"]}
    for solution in bundle["solutions"]:
        where = f"solution {solution['ref']}"
        owner = orgs.get(solution["organisation"])
        if owner is None:
            fail(f"{where}: organisation {solution['organisation']!r} is not in the bundle")
        elif owner["kind"] not in lifecycle.OWNER_KINDS["solution"]:
            fail(f"{where}: owner {owner['ref']} is of kind {owner['kind']}; {lifecycle.OWNER_RULES['solution']}")
        codes(where, solution["clinical_areas"], vocab["clinical_areas"], "clinical_areas")
        codes(where, solution.get("care_settings", []), vocab["care_settings"], "care_settings")
        codes(where, [solution.get("evidence_level", "concept")], vocab["evidence_levels"], "evidence_levels")
        codes(where, solution.get("regulatory", []), vocab["regulatory"], "regulatory_statuses")
        codes(where, [solution.get("device_class", "not-a-device")], vocab["device_classes"], "device_classes")
        if not 1 <= len(solution["clinical_areas"]) <= 3:
            fail(f"{where}: needs 1 to 3 clinical areas")
        if not 1 <= len(solution.get("care_settings", [])) <= 3:
            fail(f"{where}: needs 1 to 3 care settings")
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


# ---------------------------------------------------------------------------
# Report and command line
# ---------------------------------------------------------------------------

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

    taxonomy = _load_json("taxonomy.json", args.taxonomy)
    schema = _load_json("listings.schema.json", args.schema, required=False)
    if args.check_only:
        bundle = json.loads(Path(args.out).read_text(encoding="utf-8"))
    else:
        bundle = build_bundle()
        write_bundle(bundle, args.out)
    check_bundle(bundle, taxonomy, schema)
    print(f"{args.out}: {len(bundle['organisations'])} organisations, {len(bundle['needs'])} needs, "
          f"{len(bundle['solutions'])} solutions; all checks passed")
    if args.report:
        report(bundle, taxonomy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
