#!/usr/bin/env python3
"""Build the labelled relevance set used to measure matching quality (nDCG@10).

Everything in the set is hand-written and lives in the tables below: NHS
organisations and innovators, 44 needs (groups A, B and the held-out C), about 190 solutions, and graded
relevance judgements for every need. Running this module writes
``labelled.json`` beside it (deterministically: same tables, same bytes) and
then validates it with :func:`check`.

    python bench/relevance/build_labelled.py          # write, then check
    python bench/relevance/build_labelled.py --check  # check the file on disk
    python bench/relevance/build_labelled.py --write-bundle /tmp/lab.json  # bare bundle too

Grades: 3 solves this exact problem, 2 substantially helps, 1 related or
partial, 0 an explicit distractor (shares words or clinical area but solves a
different problem). Solutions not listed for a need are also 0. Grades are
given as if every solution were eligible; the bench restricts to eligible
solutions, so :func:`check` insists that every need keeps at least three
eligible solutions graded 2 or more.

Every ref starts with ``lab-`` so the set can be loaded beside other data.
Solutions are written below under short keys and numbered lab-sol-001...
in a fixed hash order when the file is built.
Standard library only, apart from ``jsonschema`` in :func:`check`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "labelled.json"
SINCE = "2024-05"  # every deployment in the set dates from here

ABOUT = (
    "Hand-written labelled relevance set for the need-to-solution matcher. "
    "'bundle' is a listings bundle (listings.schema.json) whose refs all start "
    "with 'lab-'. 'judgements' maps each need ref to graded solution refs: "
    "3 solves this exact problem, 2 substantially helps, 1 related or partial, "
    "0 explicit distractor; unlisted solutions count as 0. Grades assume "
    "eligibility; score nDCG@10 over the solutions eligible for each need. "
    "'vocabulary_mismatch' lists the needs whose best solutions share few words "
    "with them. Built by bench/relevance/build_labelled.py; do not edit by hand."
)

# --------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------

# key, name, kind, ODS code, region, description, co-design areas (None: not open)
NHS_ORGS = [
    ("fenwick-valley", "Fenwick Valley NHS Foundation Trust", "nhs-trust", "RA1", "east-of-england",
     "Acute trust with a district general hospital and a smaller rural hospital serving around 420,000 people across the Fens and market towns.",
     ["maternity-neonatal", "sustainability"]),
    ("ouse-fens-icb", "NHS Ouse and Fens Integrated Care Board", "icb", "QA1", "east-of-england",
     "Integrated care board for a largely rural system of 1.1 million people, 140 GP practices and more than 200 care homes.",
     None),
    ("thameside", "Thameside University Hospitals NHS Trust", "nhs-trust", "RA2", "london",
     "Two-site teaching trust in east London serving one of the most diverse and deprived populations in England.",
     ["operations-patient-flow", "ophthalmology"]),
    ("northgate-mh", "Northgate Mental Health NHS Foundation Trust", "nhs-trust", "RA3", "london",
     "Provider of community and inpatient mental health, learning disability and children's mental health services across three north London boroughs.",
     ["mental-health", "children-young-people"]),
    ("hollyfield", "Hollyfield Medical Practice", "primary-care", "F84001", "london",
     "Training practice with 14,500 registered patients in south London; part of a five-practice primary care network.",
     None),
    ("trent-meadows", "Trent Meadows Hospitals NHS Trust", "nhs-trust", "RA4", "midlands",
     "Large acute trust with a major trauma unit, a regional cancer centre and a pathology network hub lab.",
     ["pathology", "critical-care"]),
    ("severn-wyre-icb", "NHS Severn and Wyre Integrated Care Board", "icb", "QA2", "midlands",
     "Integrated care board covering a mixed urban and rural population of 800,000 with a high proportion of people over 75.",
     ["frailty-older-people", "musculoskeletal"]),
    ("ashby-road-pcn", "Ashby Road Primary Care Network", "primary-care", "U54321", "midlands",
     "Network of six GP practices with 52,000 patients, a shared clinical pharmacist team and responsibility for 11 care homes.",
     ["cardiovascular", "dementia"]),
    ("wharfedale", "Wharfedale and Aire Teaching Hospitals NHS Foundation Trust", "nhs-trust", "RA5", "north-east-yorkshire",
     "Teaching trust and comprehensive stroke centre for a network of four district hospitals in West Yorkshire.",
     ["stroke", "surgery-perioperative"]),
    ("tyne-coast", "Tyne Coast Community Health NHS Trust", "nhs-trust", "RA6", "north-east-yorkshire",
     "Community services trust running district nursing, podiatry, therapies and three community hospitals.",
     ["diabetes-endocrine", "frailty-older-people"]),
    ("mersey-estuary", "Mersey Estuary NHS Foundation Trust", "nhs-trust", "RA7", "north-west",
     "Integrated acute and community trust with a children's unit and a large nursing workforce across two towns.",
     ["children-young-people", "respiratory"]),
    ("ribble-pennine-icb", "NHS Ribble and Pennine Integrated Care Board", "icb", "QA3", "north-west",
     "Integrated care board for former mill towns and rural Pennine communities with high rates of COPD and emergency admissions.",
     None),
    ("irwell-street", "Irwell Street Surgery", "primary-care", "P84012", "north-west",
     "Inner-city GP practice of 9,800 patients with high prevalence of diabetes and hypertension.",
     None),
    ("downs-weald", "Downs and Weald Hospitals NHS Foundation Trust", "nhs-trust", "RA8", "south-east",
     "Acute trust across three hospitals in Sussex and Kent, with regional dermatology and sleep services.",
     ["dermatology", "respiratory"]),
    ("south-coast-ambulance", "South Coast Ambulance Service NHS Foundation Trust", "nhs-trust", "RA9", "south-east",
     "Ambulance trust providing 999 and NHS 111 services to 4.8 million people along the south coast.",
     ["urgent-emergency-care", "palliative-end-of-life"]),
    ("dartmoor-tamar", "Dartmoor and Tamar Healthcare NHS Trust", "nhs-trust", "RB1", "south-west",
     "Acute and community trust serving a dispersed rural and coastal population in Devon and east Cornwall.",
     ["infection-antimicrobial", "workforce-wellbeing"]),
    ("avon-levels-icb", "NHS Avon Levels Integrated Care Board", "icb", "QA4", "south-west",
     "Integrated care board for Somerset levels and the Avon valley, commissioning services for 160 care homes.",
     ["medicines-pharmacy"]),
    ("quantock", "Quantock Health Centre", "primary-care", "L85007", "south-west",
     "Rural dispensing practice of 12,000 patients across two sites at the foot of the Quantock Hills.",
     None),
]

# key, name, region, description
INNOVATORS = [
    ("kestrel", "Kestrel Health Analytics Ltd", "london",
     "Population health analytics for GP practices, primary care networks and integrated care boards."),
    ("larkspur", "Larkspur Digital Therapeutics Ltd", "south-east",
     "Clinically led developer of digital psychological therapies and assessments."),
    ("northlight", "Northlight Imaging Ltd", "north-east-yorkshire",
     "Medical imaging software company: AI triage, image exchange and teledermatology."),
    ("helix", "Helix Neuroimaging Ltd", "east-of-england",
     "University spin-out applying machine learning to imaging, pathology and health records."),
    ("brightwater", "Brightwater Remote Care Ltd", "north-west",
     "Remote monitoring platforms for virtual wards, long-term conditions and maternity."),
    ("fernbrook", "Fernbrook Medical Devices Ltd", "midlands",
     "Designs and manufactures devices for falls, mobility and foot health."),
    ("copperleaf", "Copperleaf Sensors Ltd", "south-west",
     "Wearable and ambient sensing for hospitals, care homes and people's homes."),
    ("quillon", "Quillon Workforce Systems Ltd", "london",
     "Rostering, staff bank and safe staffing software for health and care employers."),
    ("saltmarsh", "Saltmarsh Pharmacy Technologies Ltd", "east-of-england",
     "Medicines management software for hospitals, community pharmacies and care homes."),
    ("oakridge", "Oakridge Rehabilitation Labs Ltd", "midlands",
     "Physiotherapist-founded company building digital rehabilitation programmes."),
    ("pebblestone", "Pebblestone Pathology Ltd", "north-east-yorkshire",
     "Digital pathology, laboratory automation and diagnostic testing."),
    ("harebell", "Harebell Maternity Digital Ltd", "east-of-england",
     "Digital tools for pregnancy, birth and the postnatal period, built with midwives."),
    ("wrenfield", "Wrenfield Wellbeing CIC", "north-west",
     "Community interest company offering online mental health support for children and young people."),
    ("ravensworth", "Ravensworth Respiratory Ltd", "north-east-yorkshire",
     "Connected inhalers, digital respiratory care and home sleep diagnostics."),
    ("lumen", "Lumen Eye Technologies Ltd", "london",
     "Software and services for glaucoma, community eye care and domiciliary optometry."),
    ("greenline", "Greenline Clinical Sustainability Ltd", "south-east",
     "Helps NHS organisations cut the carbon footprint of clinical care."),
    ("thistledown", "Thistledown Care Connect Ltd", "midlands",
     "Digital social care records and telecare for care homes and home care."),
    ("bellwether", "Bellwether Flow Ltd", "north-west",
     "Capacity, theatre and patient flow software for acute hospitals."),
    ("cobalt", "Cobalt Cardiac Ltd", "south-west",
     "Cardiac diagnostics and monitoring for primary and community care."),
    ("marram", "Marram Renal Health Ltd", "north-west",
     "Kidney care: home urine testing, decision support and dialysis unit software."),
    ("heron", "Heron Voice Ltd", "london",
     "Speech and ambient voice technology for clinical documentation."),
    ("switchboard", "Switchboard Health Ltd", "midlands",
     "Patient communication: reminders, digital letters, waiting list contact and telephony."),
    ("gatehouse", "Gatehouse Digital Ltd", "south-west",
     "Access and triage tools for general practice and community services."),
    ("tansy", "Tansy Skin Imaging Ltd", "south-east",
     "Skin and wound imaging, including an AI medical device for skin lesions."),
    ("calder", "Calder Gut Diagnostics Ltd", "north-east-yorkshire",
     "Lower gastrointestinal diagnostics: FIT services and colon capsule endoscopy."),
    ("sextant", "Sextant Clinical Systems Ltd", "london",
     "Clinical modules that sit alongside electronic patient records."),
    ("linnet", "Linnet Community Health CIC", "north-west",
     "Social enterprise running community health programmes and interpreting."),
    ("kinship", "Kinship Health CIC", "south-west",
     "Social enterprise delivering training and telephone support services with the NHS and voluntary sector."),
    ("quayside", "Quayside Audiology Ltd", "north-east-yorkshire",
     "Adult audiology provider with a domiciliary service for care homes."),
    ("bluelight", "Bluelight Systems Ltd", "south-east",
     "Software for ambulance services, urgent care and patient transport."),
]


def org_ref(key: str) -> str:
    return f"lab-org-{key}"


# --------------------------------------------------------------------------
# Solutions
# --------------------------------------------------------------------------

SOLUTIONS: dict[str, dict] = {}  # table key -> record without its ref, filled by S()
HELD_OUT_SOLUTIONS: set[str] = set()  # added with group C: numbered after the others


def D(org: str, outcome: str) -> tuple[str, str]:
    """A deployment at one of the lab NHS organisations."""
    return (org, outcome)


def S(key, org, name, summary, description, areas, settings, evidence,
      regulatory=(), device="not-a-device", deployments=(), codesign=False, held_out=False):
    if key in SOLUTIONS:
        raise ValueError(f"duplicate solution key {key}")
    if held_out:
        HELD_OUT_SOLUTIONS.add(key)
    record = {
        "organisation": org_ref(org),
        "name": name,
        "summary": summary,
        "description": description,
        "clinical_areas": list(areas),
        "care_settings": list(settings),
        "evidence_level": evidence,
        "regulatory": list(regulatory),
        "device_class": device,
    }
    if deployments:
        record["deployments"] = [
            {"organisation": org_ref(o), "since": SINCE, "outcome": text}
            for o, text in deployments
        ]
    record["seeking_codesign"] = bool(codesign)
    record["status"] = "published"
    SOLUTIONS[key] = record


def solution_refs() -> dict[str, str]:
    """Table key -> ref. Refs are numbered in a fixed pseudo-random order (a hash
    of the key), so neither ref numbers nor bundle order say which solutions
    belong to which need, and insertion-order tie-breaks cannot leak relevance."""
    order = sorted(SOLUTIONS, key=lambda k: (k in HELD_OUT_SOLUTIONS,
                                             hashlib.sha256(f"lab-sol:{k}".encode()).hexdigest()))
    return {key: f"lab-sol-{i:03d}" for i, key in enumerate(order, start=1)}


# --- Outpatients, appointments and patient communication -------------------

S("sms-rebook", "switchboard",
  "Switchboard Reminders",
  "Two-way appointment reminders by text message and NHS App notification that let patients confirm, cancel or rebook in a couple of taps, and offer released slots to people on the waiting list.",
  "Reminders go out at intervals each clinic chooses, for example seven days and two days before, in the patient's preferred language. "
  "Patients reply to confirm or cancel, or follow a link to pick a new date from slots the service has opened for self-booking. "
  "Cancelled slots are offered automatically to patients flagged as able to come at short notice. "
  "Integration with the main patient administration systems through HL7 and FHIR messaging means the booking is updated without anyone re-keying it. "
  "Reports show confirmations, cancellations, re-used slots and missed appointments by specialty, age band and deprivation decile.",
  ["operations-patient-flow"], ["acute-hospital", "community-services"], "real-world",
  ["dspt", "dtac", "cyber-essentials-plus"],
  deployments=[D("mersey-estuary", "Missed outpatient appointments fell from 9.8% to 6.9% across 14 specialties in nine months; about 1,100 cancelled slots a month were rebooked.")])

S("dna-predict", "switchboard",
  "Switchboard Attend",
  "Predicts which upcoming outpatient appointments are likely to be missed, so that patient navigators can phone ahead and offer transport, a video slot or a better time to the people who need it.",
  "A machine-learning model is trained on the trust's own booking history (lead time, appointment type, previous attendance, travel distance, time of day, deprivation) and retrained monthly. "
  "Each morning navigators get a worklist ranked by risk, with the main reason behind each score, and record the support they offered. "
  "Fairness reports check that the model performs equally across ethnic groups and age bands. "
  "A matched-cohort evaluation at two acute trusts found a 27% relative reduction in non-attendance among patients who received a call.",
  ["operations-patient-flow"], ["acute-hospital"], "comparative",
  ["dspt", "dtac", "dcb0129", "iso-27001"],
  deployments=[D("wharfedale", "Calls to the highest-risk tenth of patients in respiratory and diabetes clinics cut their non-attendance by a third; trust-wide DNA rate down 1.6 percentage points.")])

S("pifu", "switchboard",
  "Switchboard PIFU",
  "Runs patient-initiated follow-up: suitable outpatients come off fixed review appointments and onto a monitored pathway, booking a follow-up themselves when their symptoms mean they need one.",
  "At the end of a visit the clinician chooses a pathway, its length and the warning signs that should prompt contact. "
  "Patients get written guidance and a direct route to request an appointment online or by phone. "
  "Everyone on a pathway is tracked; when the time limit is reached the clinician is prompted to discharge or review. "
  "Templates for rheumatology, ENT, gynaecology and breast surgery are included, and reports show follow-up slots avoided.",
  ["operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dspt", "dtac"])

S("digital-letters", "switchboard",
  "Switchboard Letters",
  "Sends hospital letters to the NHS App, email or text within minutes of being produced, falling back to printed post only for patients who have not opened them.",
  "Letters from the patient administration and clinical systems are picked up from the print queue and delivered digitally with read receipts. "
  "A letter unopened after 48 hours is printed and posted through a hybrid mail partner. "
  "Piloted for six months in one outpatient department, where postage costs fell and fewer patients reported getting their letter after the appointment date. "
  "We would like to work with further trusts on accessible formats and translated letters.",
  ["operations-patient-flow"], ["acute-hospital"], "pilot",
  ["dspt", "cyber-essentials-plus"], codesign=True)

S("waitlist-validation", "switchboard",
  "Switchboard Validate",
  "Contacts everyone on an elective waiting list by text, email or automated call to confirm they still need their appointment or operation, capture changes and flag anyone getting worse.",
  "Patients answer a few questions: do you still want to be seen, has your condition changed, are there dates you cannot make. "
  "Replies update a validation worklist; patients who no longer need treatment are removed after clinical sign-off and those reporting deterioration go to the clinical team. "
  "Trusts typically remove 5 to 10% of pathways and rebook the freed capacity. "
  "Works for outpatient, diagnostic and inpatient lists.",
  ["operations-patient-flow", "surgery-perioperative"], ["acute-hospital"], "real-world",
  ["dspt", "dtac", "cyber-essentials-plus"],
  deployments=[D("downs-weald", "48,000 pathways validated in four months; 6.2% removed and 310 patients reporting deterioration escalated to clinicians.")])

S("transport", "bluelight",
  "Bluelight Journeys",
  "Eligibility checks and online booking for non-emergency patient transport, so that patients who qualify get a journey booked and those who do not are pointed to other help.",
  "Patients or staff answer the national eligibility questions online or by phone. "
  "Eligible journeys are booked straight into the transport provider's system and confirmed by text; ineligible patients receive details of community transport, volunteer drivers and the healthcare travel costs scheme. "
  "Dashboards show journeys booked, aborted journeys and how often patients arrive on time for their appointment.",
  ["operations-patient-flow"], ["acute-hospital", "community-services", "ambulance"], "real-world",
  ["dspt"])

S("interpreter", "linnet",
  "Linnet Interpreting",
  "On-demand telephone and video interpreting in more than 200 languages and British Sign Language, connected in under a minute from a clinic room, ward or GP surgery.",
  "Clinicians dial a number or open the web app, choose a language and are connected to a qualified interpreter. "
  "Face-to-face interpreters can be booked ahead for long or sensitive appointments, and the service translates appointment letters and reminder texts. "
  "As a social enterprise we reinvest surplus in training interpreters from local communities.",
  ["prevention-population-health"], ["acute-hospital", "primary-care", "community-services"], "real-world",
  ["dspt"])

S("clinic-rooms", "bellwether",
  "Bellwether Spaces",
  "Books and tracks outpatient clinic rooms across a hospital estate so that empty rooms can be reused and clinic templates match the space available.",
  "Occupancy sensors and the clinic template feed show which rooms are booked, in use or standing empty. "
  "Services release rooms they will not use and other teams pick them up. "
  "Estates teams use the reports to decide where outpatient activity can be consolidated and which buildings can be released.",
  ["operations-patient-flow", "sustainability"], ["acute-hospital"], "real-world",
  ["dspt", "cyber-essentials-plus"])

# --- Diabetes, feet and wounds ----------------------------------------------

S("thermal-insole", "fernbrook",
  "Fernbrook ThermaStep",
  "Pressure and temperature-sensing insoles for people at high risk of diabetic foot ulceration, which alert the wearer and their podiatry team to sustained hot spots and high pressure.",
  "The insoles fit ordinary footwear and measure plantar pressure and temperature at eight sites. "
  "When pressure stays high at one site the wearer's watch vibrates, prompting them to change position. "
  "A rise in temperature in one foot compared with the other, a recognised sign of inflammation before the skin breaks down, is sent to the podiatry dashboard. "
  "In a randomised trial of people in remission from a previous ulcer, those who responded to alerts had 71% fewer recurrences over 18 months.",
  ["diabetes-endocrine"], ["home", "community-services"], "rct",
  ["ukca-ce-marked", "iso-13485", "dtac"], "class-iia")

S("foot-mat", "copperleaf",
  "Copperleaf FootScan",
  "A thin mat the patient stands on for 20 seconds a day; it maps the temperature of both soles and sends the readings to the community podiatry team.",
  "The mat connects over mobile data with nothing for the patient to set up, which suits older people without smartphones. "
  "Software compares the two feet and warns the team when one area stays more than 2.2 degrees warmer for two days running. "
  "A feasibility study with 90 patients in a community trust found high daily use and picked up most ulcers about five weeks before they were visible. "
  "We are looking for community podiatry services to help shape the alert workflow.",
  ["diabetes-endocrine"], ["home"], "pilot",
  ["ukca-ce-marked", "iso-13485"], "class-i", codesign=True)

S("foot-photo", "tansy",
  "Tansy FootCheck",
  "A smartphone app that guides a carer or relative through photographing both feet of a person with diabetes and sends the images to a podiatrist.",
  "On-screen outlines frame each view and the app checks focus and lighting before anything is sent. "
  "Podiatrists see new images beside earlier ones and can request a visit. "
  "FootCheck has been tested in a simulated clinic with podiatrists and volunteers; we now need a community service to co-design the review process with us.",
  ["diabetes-endocrine", "dermatology"], ["home"], "prototype",
  [], codesign=True)

S("wound-measure", "tansy",
  "Tansy WoundView",
  "Wound photography and measurement for community nurses: the phone camera captures the wound, software measures its area and tissue types, and healing is tracked over time.",
  "At each dressing change the nurse photographs the wound; the software outlines it, calculates area and tissue composition and plots progress. "
  "Wounds not healing at the expected rate are flagged for tissue viability review. "
  "Used for leg ulcers, pressure ulcers, surgical wounds and established diabetic foot ulcers in three community trusts.",
  ["dermatology", "diabetes-endocrine"], ["community-services", "home"], "real-world",
  ["ukca-ce-marked", "dtac", "dspt"], "class-i",
  deployments=[D("tyne-coast", "Time from a non-healing leg ulcer to tissue viability review fell from five weeks to nine days.")])

S("podiatry-triage", "kestrel",
  "Kestrel Foot Risk",
  "Reads annual diabetes foot check results in GP records, stratifies every patient by ulcer risk and produces recall lists so that high-risk patients are seen by podiatry promptly.",
  "Many practices record foot checks but never act on the risk level. "
  "Foot Risk reads coded foot assessments, previous ulcers and amputations, kidney function and smoking status, finds people whose check is overdue or whose risk has risen, and shares prioritised lists between practices and the community podiatry service. "
  "A tracker shows time from referral to first podiatry contact. "
  "In one integrated care board it roughly halved the number of high-risk patients with no podiatry contact in the past year.",
  ["diabetes-endocrine", "prevention-population-health"], ["primary-care", "community-services"], "real-world",
  ["dspt", "dtac", "dcb0129"])

S("retinal-ai", "northlight",
  "Northlight RetinaScreen",
  "Automated grading of diabetic eye screening photographs that identifies images with no retinopathy, so human graders can concentrate on the abnormal ones.",
  "RetinaScreen analyses two-field retinal photographs from the diabetic eye screening programme and returns a result in under a minute. "
  "Images classed as disease-free are quality-assured by sampling; all others go to human grading with suspected lesions highlighted. "
  "Sensitivity for referable retinopathy was 96% in a multi-centre comparison against the national grading standard.",
  ["ophthalmology", "diabetes-endocrine"], ["community-services", "specialised-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac"], "class-iia")

S("glucolink", "brightwater",
  "Brightwater GlucoLink",
  "Brings readings from the common continuous and flash glucose sensors into one clinic dashboard, so diabetes teams can review time in range and prioritise patients between appointments.",
  "People with type 1 diabetes share sensor data through the manufacturer's app; GlucoLink pulls it into a single view ranked by time below and above range. "
  "Specialist nurses can message patients, record advice and prepare for clinic with standard glucose reports. "
  "Used in adult and paediatric diabetes services in five trusts.",
  ["diabetes-endocrine"], ["acute-hospital", "primary-care", "home"], "real-world",
  ["ukca-ce-marked", "dtac", "dspt", "dcb0129"], "class-i")

# --- Heart rhythm and cardiovascular ------------------------------------------

S("handheld-ecg", "cobalt",
  "Cobalt PocketECG",
  "A handheld single-lead ECG recorder that takes a 30-second trace from the fingertips and flags possible atrial fibrillation for a clinician to confirm.",
  "Staff in GP practices, pharmacies and flu clinics can record a trace in under a minute with no electrodes or gel. "
  "The algorithm classes each trace as normal, possible AF or unreadable, and the trace is saved to the patient's record as a PDF for a GP to review. "
  "Lead-I ECG devices of this kind are recommended in national guidance for people with an irregular pulse or palpitations.",
  ["cardiovascular", "stroke"], ["primary-care", "community-pharmacy", "community-services"], "guidance",
  ["ukca-ce-marked", "iso-13485"], "class-iia",
  deployments=[D("irwell-street", "412 patients checked at flu clinics; nine new diagnoses of atrial fibrillation, all offered anticoagulation within three weeks.")])

S("bp-af-monitor", "cobalt",
  "Cobalt BP+AF",
  "A validated automatic blood pressure monitor that also checks for atrial fibrillation every time a reading is taken.",
  "Each measurement is analysed for pulse irregularity over three readings; if AF is suspected an icon appears and the reading is marked for an ECG. "
  "Suitable for clinic use and for lending to patients monitoring their blood pressure at home, so rhythm checks happen without extra appointments. "
  "Comparative studies against 12-lead ECG show high sensitivity and specificity.",
  ["cardiovascular"], ["primary-care", "home", "community-pharmacy"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "class-iia")

S("af-search", "kestrel",
  "Kestrel CVD Finder",
  "Searches GP records for people with likely undiagnosed or untreated cardiovascular conditions: irregular pulse without an ECG, atrial fibrillation without anticoagulation, raised blood pressure without a diagnosis.",
  "Nightly searches across a primary care network produce worklists for clinical pharmacists and practice nurses. "
  "Each entry explains why the patient appears, for example 'irregular pulse recorded twice in 2023, no ECG' or 'CHA2DS2-VASc 4, no anticoagulant issued'. "
  "Practices track how many people have been reviewed and the change in recorded prevalence. Used in more than 200 practices.",
  ["cardiovascular", "prevention-population-health"], ["primary-care"], "real-world",
  ["dspt", "dtac", "dcb0129"])

S("ecg-patch", "copperleaf",
  "Copperleaf CardioPatch",
  "A water-resistant adhesive ECG patch worn for up to 14 days, with every beat analysed and a report checked by a cardiac physiologist.",
  "The patch can be fitted in clinic or posted to the patient with instructions and returned in a prepaid envelope. "
  "Physiologists confirm significant findings, including paroxysmal arrhythmias that a 24-hour Holter often misses, and reports come back within five working days. "
  "A comparative study found nearly three times the diagnostic yield of 24-hour Holter monitoring.",
  ["cardiovascular", "diagnostics-imaging"], ["primary-care", "acute-hospital", "home"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dspt"], "class-iia")

S("pharmacy-af", "saltmarsh",
  "Saltmarsh Heart Check",
  "A platform for community pharmacy blood pressure and pulse checks, sending results to the GP record and referring people whose readings suggest hypertension or an irregular rhythm.",
  "Pharmacists record blood pressure, pulse rhythm and, where the pharmacy has a device, a single-lead ECG. "
  "Results reach the GP record as structured messages, and the practice receives a referral when atrial fibrillation is suspected or blood pressure is high. "
  "Supports the national community pharmacy hypertension case-finding service and is used by more than 600 pharmacies.",
  ["cardiovascular", "prevention-population-health"], ["community-pharmacy"], "real-world",
  ["dspt", "dtac"])

S("doac-dosing", "cobalt",
  "Cobalt Anticoag Manager",
  "Decision support for starting and monitoring direct oral anticoagulants: dose checks against kidney function, weight, age and interacting medicines, with recall for blood tests.",
  "The tool calculates the licensed dose from the latest creatinine clearance and flags under- and over-dosing across a practice list. "
  "Patients due kidney function or full blood count tests are recalled automatically, and switching from warfarin is supported with a structured checklist.",
  ["cardiovascular", "medicines-pharmacy"], ["primary-care", "acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i")

S("hf-monitor", "cobalt",
  "Cobalt HeartHome",
  "Remote monitoring for people with heart failure: daily weight, symptoms and blood pressure are sent from home so heart failure nurses can adjust diuretics before an admission is needed.",
  "Patients use Bluetooth scales and a blood pressure cuff with a simple tablet app. "
  "Rules set by the heart failure team flag rapid weight gain, falling blood pressure or worsening breathlessness, and nurses phone the patient the same day. "
  "A comparative evaluation found fewer heart failure admissions in the year after enrolment.",
  ["cardiovascular"], ["home", "community-services"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-iia")

S("cardiac-rehab-app", "oakridge",
  "Oakridge HeartStrong",
  "Home-based cardiac rehabilitation through an app, with graded exercise sessions, education on medicines and lifestyle, and weekly calls from a cardiac rehabilitation nurse.",
  "After a heart attack, stent or bypass surgery, patients who cannot attend a hospital class follow a 12-week programme on a phone or tablet. "
  "Heart rate and activity are recorded, and nurses adjust the programme during weekly calls. "
  "A randomised trial found outcomes similar to centre-based rehabilitation with better uptake among working-age patients.",
  ["cardiovascular", "rehabilitation"], ["home", "community-services"], "rct",
  ["dtac", "dspt"])

S("bp-remote", "brightwater",
  "Brightwater BP@Home",
  "Home blood pressure monitoring for people with hypertension: readings are submitted by text or app and the practice team sees who is above target.",
  "Practices lend validated monitors, some with irregular heartbeat detection, and patients send readings for a week before each review. "
  "The dashboard calculates average home blood pressure, highlights people above target and supports medication titration by clinical pharmacists.",
  ["cardiovascular", "prevention-population-health"], ["primary-care", "home"], "real-world",
  ["dtac", "dspt", "dcb0129"])

# --- Stroke and imaging --------------------------------------------------------

S("stroke-ai", "northlight",
  "Northlight Stroke",
  "Artificial intelligence that reads CT and CT angiography for suspected stroke, flags large vessel occlusion and haemorrhage, and shares the images with the thrombectomy team on their phones within minutes.",
  "Images go from the scanner to the cloud automatically. "
  "Within about three minutes the software highlights suspected occlusions, calculates ASPECTS and notifies the on-call stroke physician and interventional neuroradiologist through a mobile app that shows the full scan rather than a screenshot. "
  "Clinicians at the referring and receiving hospitals discuss the case in the app, which records the timeline of each transfer decision. "
  "Published evaluations in English stroke networks reported door-in-door-out times falling by around an hour and more patients receiving thrombectomy.",
  ["stroke", "diagnostics-imaging"], ["acute-hospital", "specialised-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129", "dspt"], "class-iia",
  deployments=[D("trent-meadows", "Median door-in-door-out time for patients transferred for thrombectomy fell from 142 to 86 minutes in the first year.")])

S("stroke-ai-2", "helix",
  "Helix VesselFind",
  "Detects large vessel occlusion on CT angiography and sends a priority alert with key images to the stroke team; developed by neuroradiologists in an NHS and university partnership.",
  "VesselFind was trained on scans from three stroke networks and is being evaluated at one comprehensive stroke centre. "
  "It runs on the hospital's own servers, so images never leave the trust, and alerts go through the existing on-call messaging system. "
  "We are looking for further sites to co-design the alerting workflow and join a multi-centre evaluation.",
  ["stroke", "diagnostics-imaging"], ["acute-hospital"], "pilot",
  ["ukca-ce-marked", "iso-13485", "dcb0129"], "class-iia", codesign=True)

S("ct-perfusion", "helix",
  "Helix Perfusion",
  "Automated CT perfusion analysis that maps the ischaemic core and the brain still at risk, helping select patients for thrombectomy late after onset or with unknown onset time.",
  "Perfusion maps and mismatch volumes are produced within minutes and sent to PACS and to clinicians' phones. "
  "Imaging selection of this kind underpinned the late-window thrombectomy trials; our software was compared with the established reference products in a published study of 600 scans.",
  ["stroke", "diagnostics-imaging"], ["acute-hospital", "specialised-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129"], "class-iia")

S("stroke-comms", "sextant",
  "Sextant Stroke Network",
  "Secure messaging and case tracking for hyperacute stroke networks: ambulance pre-alerts, referral for thrombectomy, links to images and a shared timeline for every transfer.",
  "Each suspected stroke has a case record that follows the patient from pre-alert through CT, referral, acceptance and transfer. "
  "Doctors at district hospitals refer with a link to the images in a few taps, and the receiving team accepts or declines with reasons. "
  "Timestamps feed the network's audit, including door-in-door-out times, without separate data entry. In routine use in two stroke networks.",
  ["stroke", "urgent-emergency-care"], ["acute-hospital", "ambulance", "specialised-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("telestroke", "sextant",
  "Sextant Telestroke",
  "Video consultation and decision support so an on-call stroke consultant can assess patients remotely overnight and advise on thrombolysis at hospitals without a resident stroke specialist.",
  "A cart-mounted camera in the emergency department connects to the consultant's laptop; the consultant sees the patient and the CT and completes a structured thrombolysis checklist. "
  "Rota management shares overnight cover across a region.",
  ["stroke", "urgent-emergency-care"], ["acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("image-share", "northlight",
  "Northlight Exchange",
  "Cloud image exchange that lets hospitals send and view radiology studies across organisations without CDs, VPNs or separate PACS logins.",
  "Studies are pushed to a partner trust in seconds with the report attached, and received images can be imported into the local PACS with the right patient identifiers. "
  "Used by imaging networks for transfers, second opinions and outsourced reporting.",
  ["diagnostics-imaging"], ["acute-hospital", "specialised-services"], "real-world",
  ["dtac", "dcb0129", "dspt", "iso-27001"])

S("prehospital-video", "bluelight",
  "Bluelight FieldView",
  "Live video from the ambulance to a specialist, so a stroke consultant, frailty team or clinical hub can assess the patient before the crew decides where to take them.",
  "Crews start a video call from the vehicle tablet; the specialist sees the patient, guides assessments such as the NIHSS and records advice in the patient record. "
  "Services use it to send stroke patients to the right hospital first time and, for older people after a fall or with a minor illness, to arrange care at home instead of a trip to the emergency department.",
  ["urgent-emergency-care", "stroke"], ["ambulance"], "real-world",
  ["dspt", "dtac", "dcb0129"],
  deployments=[D("south-coast-ambulance", "Over six months 38% of video-assessed frailty calls were managed without conveyance to an emergency department.")])

S("stroke-rehab-glove", "oakridge",
  "Oakridge ReachHome",
  "A sensor glove and tablet games for arm and hand rehabilitation after stroke, so people can practise at home between therapy sessions.",
  "Games are matched to the range of movement the person has and get harder as they improve. "
  "Therapists set goals and see practice time remotely. "
  "A randomised trial found more practice and greater gains in arm function than usual care alone.",
  ["stroke", "rehabilitation"], ["home", "community-services"], "rct",
  ["ukca-ce-marked", "dtac"], "class-i")

S("chest-xray-ai", "northlight",
  "Northlight Chest",
  "AI triage of chest X-rays that prioritises suspected lung cancer and other urgent findings for same-day reporting by a radiologist.",
  "Every chest film is analysed as it is taken; suspected nodules, masses, pneumothorax and effusions move to the top of the reporting list. "
  "GP-requested films with suspicious findings can be booked straight to CT. "
  "Comparative evaluations found shorter times from X-ray to CT and diagnosis for patients with lung cancer.",
  ["diagnostics-imaging", "cancer", "respiratory"], ["acute-hospital", "primary-care"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-iia")

# --- Respiratory ----------------------------------------------------------------

S("smart-inhaler", "ravensworth",
  "Ravensworth InhaleSense",
  "Clip-on sensors for preventer and reliever inhalers that record every dose and how well it was taken, with a family app and a dashboard for asthma nurses.",
  "The sensor fits most metered-dose inhalers and records the time of each puff, whether the inhaler was shaken and how fast the child breathed in. "
  "Families get reminders and a simple green, amber and red picture of control; the nurse dashboard lists children whose preventer use has dropped or whose reliever use is climbing, often weeks before an attack. "
  "A comparative study in a children's hospital found fewer unplanned attendances in the six months after discharge than in matched controls.",
  ["respiratory", "children-young-people"], ["home", "acute-hospital", "community-services"], "comparative",
  ["ukca-ce-marked", "dtac", "dspt", "iso-13485"], "class-i",
  deployments=[D("wharfedale", "Among children on the paediatric asthma pathway, readmission within six months fell from 19% to 11%.")])

S("asthma-app-kids", "ravensworth",
  "Ravensworth MyAsthma Kids",
  "An asthma self-management app for children and parents, built around a digital personal asthma action plan that can be shared with school.",
  "The nurse sets up the plan in clinic; the family sees what to take every day, what to do when symptoms get worse and when to get help. "
  "Games teach younger children to use a spacer properly. "
  "Schools receive the plan as a secure link and staff can record reliever use during the day. "
  "In routine use by paediatric asthma services in three trusts.",
  ["respiratory", "children-young-people"], ["home", "community-services"], "real-world",
  ["dtac", "dspt"])

S("asthma-school", "kinship",
  "Asthma Friendly Schools",
  "Training, an asthma register template and emergency inhaler policies for primary and secondary schools, delivered by school nurses with our support.",
  "School staff learn to recognise an attack, use an emergency inhaler and spacer, and keep the register up to date. "
  "Schools that complete the programme receive a certificate and an annual refresher. "
  "Piloted in 24 schools in one borough.",
  ["respiratory", "children-young-people"], ["community-services"], "pilot",
  [])

S("virtual-asthma-clinic", "ravensworth",
  "Ravensworth Asthma Review",
  "Remote asthma reviews by video with a specialist asthma nurse, supported by short inhaler technique videos and a control questionnaire completed before the call.",
  "Families choose a time outside school hours; the nurse checks technique on camera, updates the action plan and arranges prescriptions. "
  "Practices and paediatric teams can book reviews for patients after an attack or a hospital attendance.",
  ["respiratory", "children-young-people"], ["home", "primary-care", "community-services"], "real-world",
  ["dtac", "dspt"])

S("damp-sensors", "copperleaf",
  "Copperleaf HomeAir",
  "Low-cost sensors for social housing that track humidity, temperature and ventilation, warning tenants and landlords about conditions that lead to damp and mould.",
  "Sensors report over a low-power network; landlords see homes with persistent high humidity and can prioritise repairs. "
  "Health professionals can refer households with children who have respiratory conditions for a sensor and a home visit. "
  "Piloted with two housing associations.",
  ["prevention-population-health", "respiratory"], ["home", "social-care"], "pilot",
  ["dtac"], codesign=True)

S("pews", "sextant",
  "Sextant Paediatric Observations",
  "Electronic observations and paediatric early warning scores for children's wards and emergency departments, with automatic escalation when a child's score rises.",
  "Age-specific charts and thresholds are built in, parents' concern can be recorded as part of the score, and escalations go to the nurse in charge and the paediatric registrar. "
  "Aligned with the national PEWS system.",
  ["children-young-people", "critical-care"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("digital-pr", "ravensworth",
  "Ravensworth BreatheWell Rehab",
  "A six-week digital pulmonary rehabilitation programme with exercise videos, breathlessness education and remote coaching from a respiratory physiotherapist.",
  "After assessment by the local pulmonary rehabilitation team, patients follow tailored exercise sessions on a tablet, phone or television. "
  "The app records each session and symptom scores; a physiotherapist reviews progress and calls weekly. "
  "Loan tablets with mobile data are available. "
  "In a randomised trial, gains in walking distance and quality of life matched centre-based rehabilitation, and more people finished the course.",
  ["respiratory", "rehabilitation"], ["home", "community-services"], "rct",
  ["dtac", "dspt", "dcb0129"],
  deployments=[D("tyne-coast", "Completion of pulmonary rehabilitation rose from 48% to 66% and the wait fell from 21 to 9 weeks.")])

S("tele-rehab", "oakridge",
  "Oakridge GroupMove",
  "A platform for running live group exercise classes by video, with clinician dashboards and remote outcome measures, used for pulmonary, cardiac and falls-prevention rehabilitation.",
  "Therapists run classes of up to twelve people and can see everyone on screen, while the platform handles invitations, attendance and safety checks before each session. "
  "Patients complete standard measures such as the sit-to-stand test and the COPD Assessment Test at home with video guidance. "
  "A comparative evaluation of virtual pulmonary rehabilitation in two community services found similar gains to face-to-face classes.",
  ["rehabilitation", "respiratory", "cardiovascular"], ["home", "community-services"], "comparative",
  ["dtac", "dspt"])

S("singing-lungs", "linnet",
  "Breathe and Sing",
  "Weekly community singing groups for people with long-term lung conditions, led by trained practitioners who teach breathing control and posture.",
  "Groups meet in community centres and online. "
  "Participants report less breathlessness-related anxiety and many keep attending for years. "
  "Referrals come from respiratory teams, GPs and social prescribers.",
  ["respiratory", "prevention-population-health"], ["community-services"], "real-world",
  [])

S("copd-rpm", "brightwater",
  "Brightwater COPD Connect",
  "Remote monitoring and self-management for COPD: daily symptom scores and oxygen saturation are reviewed by the community respiratory team, with a home exercise and breathing-control programme for people waiting for rehabilitation.",
  "Patients answer three questions each morning and take an oximeter reading; the team is alerted to early signs of an exacerbation and can start a rescue pack. "
  "A structured home exercise plan, with a physiotherapist check-in every fortnight, keeps people active while they wait for or cannot attend a class.",
  ["respiratory"], ["home", "community-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dspt", "dcb0129"], "class-i")

S("inhaler-switch", "ravensworth",
  "Ravensworth GreenInhaler",
  "Supports GP practices to move suitable patients from high-carbon metered-dose inhalers to dry powder inhalers, with patient videos and inhaler technique checks.",
  "Searches find patients on propellant inhalers who could switch; pharmacists run reviews using a shared-decision aid and check technique by video. "
  "Practices see the carbon footprint of their inhaler prescribing fall month by month.",
  ["respiratory", "sustainability"], ["primary-care"], "real-world",
  ["dtac"])

# --- Mental health ---------------------------------------------------------------

S("youth-counselling", "wrenfield",
  "Wrenfield Online",
  "Free, anonymous online counselling, messaging and a moderated peer community for young people aged 11 to 25, open until 10pm every day with no referral needed.",
  "Young people sign up without giving their name and can chat with a qualified counsellor the same evening, book regular sessions, keep a journal or join moderated discussion boards. "
  "Safeguarding concerns are escalated to local services under agreed protocols. "
  "Commissioned by NHS and local authority partners in many areas, the service reports YP-CORE and goal-based outcomes to commissioners every quarter.",
  ["mental-health", "children-young-people"], ["home"], "real-world",
  ["dtac", "dcb0129", "dspt", "iso-27001"],
  deployments=[D("ribble-pennine-icb", "More than 4,000 young people used the service in its first year; 38% of sessions took place outside office hours.")])

S("teen-cbt", "larkspur",
  "Larkspur Calm Teens",
  "Guided digital cognitive behavioural therapy for anxiety in 11 to 17 year olds, with a practitioner supporting each young person through eight short modules.",
  "Modules use video, quizzes and real-life challenges designed with young people. "
  "A practitioner reviews progress and sends messages each week, and parents get a companion guide. "
  "In a randomised controlled trial, recovery rates were comparable with face-to-face CBT using a fraction of the clinician time.",
  ["mental-health", "children-young-people"], ["home", "mental-health-services"], "rct",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("waitlist-monitor", "wrenfield",
  "Wrenfield Waiting Well",
  "Keeps in touch with young people on a mental health waiting list through regular check-ins and alerts clinicians when the answers suggest risk is rising.",
  "Every fortnight young people, or their parents, answer short validated questionnaires by text link. "
  "Scores are plotted over time, and answers about self-harm or hopelessness trigger a same-day alert to the duty clinician. "
  "Young people also receive self-help resources matched to their answers. "
  "Piloted in one CAMHS service for nine months; we want partners to extend the evaluation.",
  ["mental-health", "children-young-people"], ["mental-health-services", "home"], "pilot",
  ["dcb0129", "dspt"], codesign=True)

S("cyp-triage", "larkspur",
  "Larkspur Assess",
  "A digital pre-assessment for children's mental health referrals: young people and parents complete a structured online assessment, and clinicians receive a summary with suggested pathways.",
  "The assessment adapts to the answers given and covers mood, anxiety, eating, neurodevelopmental concerns and risk. "
  "Clinicians see a report before triage, so young people with mild difficulties can be directed to school-based or online support straight away and urgent cases are seen first.",
  ["mental-health", "children-young-people"], ["mental-health-services"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("adult-dcbt", "larkspur",
  "Larkspur Talk",
  "Guided internet-delivered CBT for adults with depression and anxiety disorders, used in NHS Talking Therapies services.",
  "Programmes for depression, generalised anxiety, panic, social anxiety and health anxiety, each supported by a psychological wellbeing practitioner. "
  "Recommended through national early value assessment and used by more than 60 services.",
  ["mental-health"], ["home", "mental-health-services"], "guidance",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("crisis-text", "kinship",
  "Kinship Text Support",
  "A free text messaging service, open 24 hours a day, for anyone in emotional distress, staffed by trained volunteers with clinical supervision who can connect people to local crisis teams.",
  "Texters are usually answered within five minutes. Volunteers use active listening to help people feel calmer and make a safety plan, and escalate to emergency services when life is at risk. "
  "Local partners can publicise a short code for their area and receive anonymised reports.",
  ["mental-health"], ["home"], "real-world",
  ["dtac", "dspt"])

S("staff-wellbeing", "larkspur",
  "Larkspur Staff",
  "Confidential mental health support for NHS staff: self-referral, wellbeing check-ins and fast access to therapy for stress, burnout and trauma after difficult incidents.",
  "Staff self-refer through a mobile app, complete a short assessment and are offered guided self-help, group sessions or one-to-one therapy. "
  "Employers receive anonymised uptake and outcome reports.",
  ["workforce-wellbeing", "mental-health"], ["acute-hospital", "community-services"], "real-world",
  ["dtac", "dspt"])

S("neurodev-assessment", "larkspur",
  "Larkspur ND Pathway",
  "Supports autism and ADHD assessments for children: collects structured information from parents and schools online, runs a computerised attention test and drafts reports for the multidisciplinary team.",
  "Information that used to arrive on paper over months is gathered in a few weeks, and the objective attention test shortens ADHD assessment. "
  "Teams see where each child is on the pathway.",
  ["learning-disability-autism", "children-young-people", "mental-health"], ["mental-health-services", "community-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i")

S("memory-test", "larkspur",
  "Larkspur CogCheck",
  "A 15-minute digital cognitive assessment on a tablet for memory clinics and primary care, with automated scoring and a report to support diagnosis of dementia and mild cognitive impairment.",
  "Tests of memory, attention and executive function are administered by a healthcare assistant or completed at home. "
  "Results are normed for age and education and sent to the clinical record.",
  ["dementia", "neurology"], ["primary-care", "mental-health-services"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i")

# --- Skin -------------------------------------------------------------------------

S("derm-ai", "tansy",
  "Tansy Lesion AI",
  "An AI medical device that assesses dermoscopic images of skin lesions taken in a teledermatology hub and identifies those that can be safely discharged without a consultant appointment.",
  "Trained staff photograph the lesion with a smartphone and dermoscopic lens; the AI classifies it as benign or needing specialist review for suspected melanoma, squamous cell or basal cell carcinoma. "
  "Services set the pathway: most use it to discharge benign lesions with dermatologist oversight and to fast-track suspected cancers. "
  "Prospective multi-site studies reported sensitivity for melanoma above 95%.",
  ["dermatology", "cancer"], ["acute-hospital", "community-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129", "dspt"], "class-iib",
  deployments=[D("thameside", "Half of urgent suspected skin cancer referrals were discharged after AI assessment with dermatologist oversight; the 12-month audit found no missed melanomas.")])

S("teledermatology", "northlight",
  "Northlight Teledermatology",
  "A referral platform for GP practices and community hubs that attaches dermoscopic and close-up images to every skin referral, checks image quality and lets consultants triage or advise remotely.",
  "Practices or community photography hubs capture standard views with a dermatoscope; the platform rejects blurred or badly framed images before the referral is sent. "
  "Consultants triage from their desk to discharge with advice, book a routine appointment or list the patient directly for surgery. "
  "Used by eight dermatology departments.",
  ["dermatology", "cancer"], ["primary-care", "acute-hospital", "community-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("dermoscope-kit", "tansy",
  "Tansy Dermoscopy in Primary Care",
  "A dermatoscope attachment for GP practice smartphones, an accredited online dermoscopy course and structured advice and guidance from consultant dermatologists.",
  "Practices receive the kit and training for two clinicians; images are taken to a consistent standard and sent through advice and guidance. "
  "Practices using the kit refer fewer benign lesions and send better images with their urgent referrals.",
  ["dermatology"], ["primary-care"], "real-world",
  ["ukca-ce-marked", "dtac"], "class-i")

S("hyperspectral", "helix",
  "Helix SpectraDerm",
  "A handheld hyperspectral camera and classifier that measures how light is absorbed beneath the skin surface to help distinguish melanoma from benign naevi.",
  "Early laboratory results suggest spectral signatures add information that dermoscopy alone does not capture. "
  "We are building a clinical prototype and looking for a dermatology service to co-design a first clinical study.",
  ["dermatology", "cancer"], ["acute-hospital"], "prototype",
  [], "not-a-device", codesign=True)

S("psoriasis-app", "brightwater",
  "Brightwater SkinTrack",
  "Lets people with psoriasis or eczema on biologic or systemic treatment report symptoms and send photographs between clinic visits, so follow-up appointments can be spaced out safely.",
  "Patients complete validated scores such as DLQI and POEM every month; blood monitoring results are pulled in for methotrexate and biologics. "
  "The dermatology nurse reviews flagged patients and books appointments only when needed.",
  ["dermatology"], ["home", "acute-hospital"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("ssi-surveillance", "tansy",
  "Tansy WoundWatch",
  "Follows up surgical wounds after discharge: patients send photographs and answer questions about pain, redness and discharge, and nurses identify wound infections early.",
  "Messages go out on days 3, 7, 14 and 30 after surgery. "
  "Surveillance nurses review photographs and escalate suspected infections; the data feed national surgical site infection surveillance.",
  ["surgery-perioperative", "infection-antimicrobial"], ["home", "acute-hospital"], "real-world",
  ["dtac", "dspt"])

S("cancer-ptl", "bellwether",
  "Bellwether Cancer Tracker",
  "Tracks every patient on a cancer pathway against the 28-day faster diagnosis, 31-day and 62-day standards, with navigator worklists and breach analysis.",
  "The tracker pulls referrals, test requests and results from hospital systems so cancer navigators see each patient's next step and any delay. "
  "Multidisciplinary team meeting lists, breach reasons and tumour-site dashboards are produced automatically.",
  ["cancer", "operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dspt", "dtac"])

# --- Maternity ------------------------------------------------------------------

S("gdm-app", "harebell",
  "Harebell GDM",
  "A smartphone app that collects blood glucose readings from the Bluetooth meters of women with gestational diabetes and shows them to the diabetes-in-pregnancy team in real time.",
  "Readings transfer automatically from the meter, with space for notes about meals. "
  "The clinic dashboard highlights women with readings above target, so the team can call, adjust dietary advice or start metformin or insulin without waiting for the next appointment. "
  "A randomised trial found fewer clinic visits and earlier treatment changes with no difference in birth outcomes, and women preferred it to paper diaries. Used in more than 40 maternity units.",
  ["maternity-neonatal", "diabetes-endocrine"], ["home", "acute-hospital"], "rct",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i",
  deployments=[D("mersey-estuary", "Face-to-face diabetes antenatal visits fell by 38%; median time to starting medication fell from 14 to 6 days.")])

S("maternity-rpm", "brightwater",
  "Brightwater Maternity",
  "Remote monitoring in pregnancy and after birth: women send blood pressure, glucose readings, symptoms and urine dipstick results from home, and midwives see them on one dashboard.",
  "Pathways for hypertension in pregnancy, pre-eclampsia follow-up, gestational diabetes and postnatal blood pressure are configured by the unit. "
  "Readings outside agreed limits alert the maternity triage team. "
  "In routine use in four maternity services.",
  ["maternity-neonatal"], ["home", "community-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("diabetes-rpm", "brightwater",
  "Brightwater Titrate",
  "Remote insulin titration for people starting or adjusting insulin: readings from Bluetooth glucose meters go to the diabetes team, who adjust doses by message instead of clinic visits.",
  "Clinicians set a titration plan; the software suggests dose changes against the plan for a nurse to approve and send. "
  "Used by community diabetes teams and for people with diabetes in pregnancy.",
  ["diabetes-endocrine"], ["home", "community-services", "primary-care"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("gdm-insulin-ai", "harebell",
  "Harebell Predict",
  "A prediction model that estimates, from the first week of home glucose readings, which women with gestational diabetes will need medication, so treatment can start earlier.",
  "Developed from anonymised data from four maternity units and tested retrospectively. "
  "We are seeking a maternity unit to co-design how predictions are shown to the diabetes-in-pregnancy team.",
  ["maternity-neonatal", "diabetes-endocrine"], ["acute-hospital"], "prototype",
  ["dcb0129"], codesign=True)

S("harebell-notes", "harebell",
  "Harebell MyPregnancy",
  "Digital maternity notes that women hold on their phone, with appointments, results, birth preferences and information from their midwife.",
  "Replaces the paper handheld record; women can read their notes, see upcoming appointments and message the community midwifery team. "
  "Integrates with the main maternity information systems.",
  ["maternity-neonatal"], ["home", "community-services", "acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("pnd-app", "harebell",
  "Harebell Mind",
  "Screening and support for perinatal mental health: mood questionnaires in pregnancy and after birth, guided self-help and referral to perinatal mental health teams.",
  "Women complete the Whooley questions and GAD-2 at booking, 28 weeks and after birth; positive screens prompt a conversation with the midwife and, where needed, referral.",
  ["maternity-neonatal", "mental-health"], ["home", "community-services"], "real-world",
  ["dtac", "dcb0129"])

S("weight-mgmt", "linnet",
  "Linnet Healthy Weight",
  "A 12-week digital weight management programme with group coaching, meal planning and activity goals, for adults with a BMI over 30 or over 27.5 in higher-risk ethnic groups.",
  "Delivered by app with weekly group video sessions led by dietitians and health coaches. "
  "Commissioned by local authorities and available to people referred from diabetes prevention and hypertension pathways.",
  ["obesity-weight", "prevention-population-health"], ["home", "community-services"], "real-world",
  ["dtac", "dspt"])

# --- Deterioration, infection and antimicrobials -------------------------------------

S("eobs", "sextant",
  "Sextant Observe",
  "Electronic observations at the bedside: vital signs are entered once, NEWS2 is calculated automatically and rising scores are escalated to the nurse in charge, the doctor and critical care outreach.",
  "Nurses record observations on a handheld device, which prompts for any missing parameter and reminds them when the next set is due. "
  "When the score reaches the trust's thresholds the system pages the right responder and tracks whether the patient is reviewed in time; a sepsis screen is prompted when a rising score comes with a suspected infection. "
  "Observations flow straight into the electronic record, so nothing is written twice. "
  "A study across a hospital group, compared with matched control hospitals, found fewer cardiac arrests and lower mortality.",
  ["critical-care", "urgent-emergency-care", "infection-antimicrobial"], ["acute-hospital", "community-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129", "dspt"], "class-i",
  deployments=[D("dartmoor-tamar", "Observations recorded on time rose from 71% to 93%; outreach reviews within 30 minutes of escalation rose to 88%.")])

S("wearable-vitals", "copperleaf",
  "Copperleaf VitalPatch",
  "A wireless chest patch that measures heart rate, breathing rate, temperature and posture continuously on general wards and shows trends at the nursing station.",
  "The patch lasts five days and sends data to tablets and the ward dashboard; trend-based alerts pick up deterioration between routine observation rounds. "
  "Readings can be filed into the electronic record for nurses to confirm.",
  ["critical-care", "urgent-emergency-care"], ["acute-hospital", "home"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129"], "class-iia")

S("sepsis-cds", "kestrel",
  "Kestrel Sepsis Alert",
  "Screens every adult inpatient's observations, blood results and prescriptions in the electronic record for signs of sepsis and prompts the Sepsis Six with a time-stamped checklist.",
  "Rules based on national screening tools run continuously, with local thresholds agreed by the sepsis lead. "
  "The alert shows why it fired, tracks time to antibiotics and feeds the trust's sepsis audit.",
  ["infection-antimicrobial", "critical-care"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("deterioration-ai", "helix",
  "Helix Early Warning",
  "A machine-learning model that predicts which ward patients will deteriorate in the next 24 hours from observations, blood tests and nursing notes.",
  "Predictions are shown beside NEWS2 to give earlier warning for patients whose scores have not yet risen. "
  "Evaluated silently in one hospital for six months; we are recruiting partner sites for a live pilot.",
  ["critical-care"], ["acute-hospital"], "pilot",
  ["dcb0129"], codesign=True)

S("outreach-tasking", "bellwether",
  "Bellwether Hospital at Night",
  "Clinical task management for out-of-hours teams: ward staff request reviews and jobs electronically, and the night coordinator sees priorities, allocates them and tracks completion.",
  "Requests include the patient's latest observations and early warning score, so the coordinator can send the sickest patients' reviews to the right doctor first. "
  "Handover from the day team is captured in the same system.",
  ["operations-patient-flow", "critical-care"], ["acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("ams-platform", "sextant",
  "Sextant Stewardship",
  "Antimicrobial stewardship software that lists every inpatient on antibiotics, highlights those due a 48 to 72 hour review or ready for intravenous to oral switch, and records microbiology advice.",
  "Ward rounds by the stewardship team are planned from a live list; advice is recorded once and visible in the patient's record. "
  "Dashboards show days of therapy, IV to oral switch times and guideline compliance by ward and specialty.",
  ["infection-antimicrobial", "medicines-pharmacy"], ["acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"],
  deployments=[D("wharfedale", "Intravenous antibiotic days per 1,000 occupied bed days fell by 17% in the first year.")])

S("ivos-cds", "saltmarsh",
  "Saltmarsh Switch",
  "Decision support that applies national IV to oral switch criteria to electronic record data each morning and prompts the prescriber when a patient on intravenous antibiotics looks ready to switch.",
  "Criteria cover temperature, heart rate, ability to swallow and absorb, and the infection being treated. "
  "Prescribers accept or dismiss the prompt with a reason. "
  "Piloted on the medical wards of one hospital.",
  ["infection-antimicrobial", "medicines-pharmacy"], ["acute-hospital"], "pilot",
  ["dcb0129", "dspt"])

S("micro-app", "saltmarsh",
  "Saltmarsh Guide",
  "A mobile app that puts a trust's own antimicrobial prescribing guidelines, dose calculators and gentamicin and vancomycin tools in prescribers' pockets.",
  "Microbiologists update guidance centrally and changes reach every phone immediately. "
  "Usage data show which guidelines are consulted most, helping target education.",
  ["infection-antimicrobial", "medicines-pharmacy"], ["acute-hospital", "primary-care"], "real-world",
  ["ukca-ce-marked", "dcb0129", "dtac"], "class-i")

S("crp-poc", "pebblestone",
  "Pebblestone CRP Point-of-Care",
  "Finger-prick C-reactive protein testing in GP practices and community pharmacies, giving a result in four minutes to guide antibiotic decisions for chest infections.",
  "Compact analysers and cartridges are supplied with training and quality control. "
  "Comparative studies in primary care found fewer antibiotic prescriptions for respiratory infections without worse outcomes.",
  ["infection-antimicrobial", "pathology"], ["primary-care", "community-pharmacy"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("epma", "saltmarsh",
  "Saltmarsh ePMA",
  "Electronic prescribing and medicines administration for hospitals, with order sets, mandatory antimicrobial indications and review dates, and a full administration record.",
  "Prescriptions are checked against allergies, doses and interactions; antibiotics cannot be prescribed without an indication and a review or stop date. "
  "Discharge prescriptions are generated from the inpatient chart.",
  ["medicines-pharmacy", "infection-antimicrobial"], ["acute-hospital"], "comparative",
  ["dtac", "dcb0129", "dspt", "iso-27001"])

S("uti-test", "marram",
  "Marram UTI Home Test",
  "A smartphone-read urine dipstick test for urinary tract infection that women can do at home, with results sent to a pharmacist or GP for a treatment decision.",
  "Kits are sent by post or collected from a pharmacy; the app reads the dipstick colours and asks about symptoms. "
  "Results go to the clinician, who can prescribe without an appointment.",
  ["infection-antimicrobial", "renal"], ["home", "community-pharmacy", "primary-care"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac"], "ivd")

# --- Workforce ----------------------------------------------------------------------

S("bank-app", "quillon",
  "Quillon Bank",
  "A staff bank app where nurses, healthcare assistants and doctors see open shifts across the trust, book them instantly and can choose to be paid weekly.",
  "Shifts are published the moment a ward manager confirms a gap and offered first to bank workers with the right skills and ward experience. "
  "Staff set preferences for wards, days and notifications, and timesheets are approved in the app. "
  "Unfilled shifts escalate to agency only after a set time, with the reason recorded.",
  ["workforce-wellbeing", "operations-patient-flow"], ["acute-hospital", "community-services"], "real-world",
  ["dspt", "cyber-essentials-plus", "iso-27001"],
  deployments=[D("wharfedale", "Bank fill rate rose from 58% to 74% and agency spend fell by 3.1 million pounds in a year.")])

S("erostering", "quillon",
  "Quillon Roster",
  "E-rostering with automatic rota building that balances skill mix, staff requests and working-time rules, and publishes rotas six weeks ahead.",
  "Ward managers set demand templates; the engine fills them fairly, honouring requests, annual leave and training, and shows unfilled duties well before the day. "
  "Staff see their rota and swap shifts on their phone. "
  "A comparative study across three trusts found earlier rota approval and lower temporary staffing spend.",
  ["workforce-wellbeing", "operations-patient-flow"], ["acute-hospital", "community-services", "mental-health-services"], "comparative",
  ["dspt", "cyber-essentials-plus", "iso-27001"])

S("collab-bank", "quillon",
  "Quillon Network",
  "A collaborative staff bank shared by neighbouring trusts, so bank workers can pick up shifts at any member organisation on agreed rates.",
  "Workers are checked once and can work across the network; trusts agree common pay rates to stop bidding against each other. "
  "In use in two regional networks.",
  ["workforce-wellbeing"], ["acute-hospital", "community-services"], "real-world",
  ["dspt", "cyber-essentials-plus"])

S("safe-staffing", "quillon",
  "Quillon SafeCare",
  "Records patient acuity and dependency on every ward three times a day and compares it with the staff on duty, so matrons can move staff before a ward becomes unsafe.",
  "Nurses score patients using the Safer Nursing Care Tool categories; a hospital-wide view shows wards short against need. "
  "Data support annual establishment reviews.",
  ["workforce-wellbeing"], ["acute-hospital", "community-services"], "real-world",
  ["dspt"])

S("oncology-rota", "quillon",
  "Quillon Chemo Rota",
  "Rostering for cancer centres: matches chemotherapy-trained nurses, SACT competencies and aseptic pharmacy staff to day-unit chair capacity, so cancer treatment lists are never short of skilled staff.",
  "Competency records for systemic anti-cancer therapy are held against each nurse, and the rota engine will not leave a chemotherapy chair without a competent nurse. "
  "When urgent oncology patients are added to the list, the app finds qualified staff for extra sessions. "
  "Used by cancer centres, haematology day units and acute oncology teams.",
  ["workforce-wellbeing", "cancer"], ["acute-hospital", "specialised-services"], "real-world",
  ["dspt", "cyber-essentials-plus"])

S("fatigue-rostering", "quillon",
  "Quillon FatigueGuard",
  "Fatigue risk management for shift workers: scores rotas for fatigue, warns about runs of nights and short turnarounds, and supports safe driving home after night shifts.",
  "Built with ambulance services and resident doctors. "
  "Staff can log near-misses such as falling asleep at the wheel after a shift, and managers see hot spots in the rota.",
  ["workforce-wellbeing"], ["ambulance", "acute-hospital"], "real-world",
  ["dspt", "cyber-essentials-plus"])

# --- Theatres and elective care ----------------------------------------------------

S("theatre-scheduler", "bellwether",
  "Bellwether Theatres",
  "Builds elective theatre lists using predicted procedure durations for each surgeon and patient, so lists are full without overrunning, and shows where session time is lost.",
  "Predictions use the trust's own theatre history; schedulers drag patients into sessions and see the list's expected finish time. "
  "Unused sessions are released early and offered to other specialties. "
  "A comparative evaluation at two trusts found more cases per list and fewer overruns.",
  ["surgery-perioperative", "operations-patient-flow"], ["acute-hospital"], "comparative",
  ["dspt", "dtac", "iso-27001"],
  deployments=[D("trent-meadows", "Average cases per orthopaedic list rose by 0.6 and overruns fell by a third within six months.")])

S("preop-digital", "sextant",
  "Sextant PreOp",
  "Digital pre-operative assessment: patients complete a health questionnaire online as soon as they are listed, and the system triages them to telephone, face-to-face or no further assessment, flagging anticoagulants and anaemia early.",
  "Answers generate a risk summary for the pre-assessment nurse; patients on blood thinners or diabetes medicines receive tailored instructions. "
  "Patients are optimised weeks before surgery instead of being found unfit on the day.",
  ["surgery-perioperative"], ["acute-hospital", "home"], "real-world",
  ["dspt", "dtac", "dcb0129"])

S("theatre-analytics", "kestrel",
  "Kestrel Theatre Insight",
  "Analytics for operating theatres that combine theatre system and booking data to show touch-time utilisation, late starts, early finishes and on-the-day cancellations by specialty, surgeon and reason.",
  "Weekly reports go to theatre managers and clinical directors; drill-downs show, for example, that most late starts in one specialty follow a late ward round. "
  "Benchmarks against national data.",
  ["surgery-perioperative", "operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dspt"])

S("prehab", "oakridge",
  "Oakridge Prehab",
  "Prepares patients for major surgery with a personalised programme of exercise, nutrition and stopping smoking, delivered through an app in the weeks before their operation.",
  "Patients are referred at listing and follow a graded programme; physiotherapists review fitness measures remotely. "
  "Piloted with colorectal and upper GI surgery patients.",
  ["surgery-perioperative", "rehabilitation"], ["home"], "pilot",
  ["dtac"])

# --- Sustainability ---------------------------------------------------------------------

S("n2o-cracking", "greenline",
  "Greenline NitroCrack",
  "A mobile unit that captures exhaled nitrous oxide from Entonox use in delivery suites and breaks it down catalytically into nitrogen and oxygen.",
  "The unit connects to the demand valve's exhalation port and sits at the bedside during labour. "
  "Evaluations in labour wards found around 70% of nitrous oxide was destroyed, also lowering staff exposure.",
  ["sustainability", "maternity-neonatal"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "class-i")

S("n2o-cylinders", "greenline",
  "Greenline Manifold Decommissioning",
  "Surveys, meters and decommissions piped nitrous oxide manifolds, replacing them with point-of-use cylinders and a tracking service.",
  "Audits typically show that most nitrous oxide bought through a manifold is lost through leaks in pipework and terminal units. "
  "We install flow meters to quantify the waste, support clinical engagement, remove the manifold and run cylinder tracking across theatres and maternity.",
  ["sustainability", "surgery-perioperative"], ["acute-hospital"], "real-world",
  [])

S("volatile-capture", "greenline",
  "Greenline VaporSave",
  "Captures volatile anaesthetic agents from the scavenging system in canisters so they do not reach the atmosphere, with the agent recovered for reuse.",
  "Canisters fit between the anaesthetic machine and the scavenging outlet and are swapped when full. "
  "Piloted in four theatres at one hospital.",
  ["sustainability", "surgery-perioperative"], ["acute-hospital"], "pilot",
  ["ukca-ce-marked"], "class-i")

S("lowflow", "greenline",
  "Greenline LowFlow Coach",
  "Software that reads anaesthetic machine data and gives anaesthetists feedback on fresh gas flow, to cut the amount of anaesthetic gas used per case.",
  "Case-by-case reports compare fresh gas flow with department targets. "
  "Tested in a simulation centre; we are seeking an anaesthetic department to co-design the feedback.",
  ["sustainability", "surgery-perioperative"], ["acute-hospital"], "prototype",
  [], codesign=True)

S("carbon-dashboard", "greenline",
  "Greenline Carbon Ledger",
  "Carbon accounting for NHS trusts: brings together energy, travel, procurement, waste, medicines and anaesthetic gases into one footprint with progress against Green Plan targets.",
  "Data are collected automatically where possible and the dashboard models the effect of planned projects.",
  ["sustainability"], ["acute-hospital", "community-services"], "real-world",
  ["cyber-essentials-plus"])

S("reusable-theatre", "greenline",
  "Greenline Reusable Theatre Kit",
  "Reusable gowns, drapes, instrument wraps and sharps containers for operating theatres, with laundering and collection handled by us.",
  "Replaces single-use items with products that meet the same infection control standards, cutting theatre waste and its carbon footprint.",
  ["sustainability", "surgery-perioperative"], ["acute-hospital"], "real-world",
  [])

S("ambulance-fleet", "greenline",
  "Greenline FleetWise",
  "Telematics and driver coaching for ambulance and patient transport fleets that cut fuel use and engine idling, and plan the switch to electric vehicles.",
  "Vehicles report fuel use, idling and harsh driving; crews get coaching on their driving style. "
  "Reports show engines left running while crews wait outside emergency departments, and where charging points would allow electric vehicles.",
  ["sustainability"], ["ambulance"], "real-world",
  ["cyber-essentials-plus"])

S("medicines-waste", "greenline",
  "Greenline MedReturn",
  "Collection and audit of unused medicines returned to pharmacies and GP surgeries, showing which medicines are wasted and why.",
  "Pharmacies scan returned packs; reports show the cost and carbon of wasted medicines by practice, with the commonest causes such as stockpiling after a hospital stay or repeat prescriptions no longer needed.",
  ["sustainability", "medicines-pharmacy"], ["community-pharmacy", "primary-care"], "real-world",
  [])

# --- Medicines in care homes and at home ------------------------------------------------------

S("emar", "saltmarsh",
  "Saltmarsh CareMAR",
  "Electronic medicines administration records for care homes: staff scan each medicine as they give it, and the system stops wrong-time, wrong-person and double doses.",
  "Each resident's medicines are loaded from the pharmacy; carers see what is due and scan the pack before giving it. "
  "PRN medicines need a reason and an effect recorded, and missed doses alert the senior carer. "
  "A comparative study found fewer administration errors than paper MAR charts.",
  ["medicines-pharmacy", "frailty-older-people"], ["social-care", "community-pharmacy"], "comparative",
  ["dspt", "dtac", "cyber-essentials-plus"],
  deployments=[D("ouse-fens-icb", "Missed and late doses fell by 63% across 22 care homes in six months.")])

S("emar-care-record", "thistledown",
  "Thistledown Care Record",
  "A digital social care record for care homes and home care with built-in eMAR, care planning, daily notes and NHS data sharing.",
  "Carers record care and medicines on handheld devices; GP practices and community teams can see the resident's medicines and care plan with consent. "
  "Used by more than 1,500 care providers.",
  ["frailty-older-people", "medicines-pharmacy"], ["social-care", "home"], "real-world",
  ["dspt", "dtac", "cyber-essentials-plus"])

S("repeat-ordering", "saltmarsh",
  "Saltmarsh Reorder",
  "Lets care homes order residents' repeat prescriptions online, with the GP practice and pharmacy seeing the same request and its progress.",
  "Replaces monthly paper ordering; the home sees when each item is approved and dispensed, and changes made by the GP reach the home on the same day.",
  ["medicines-pharmacy", "frailty-older-people"], ["social-care", "primary-care", "community-pharmacy"], "real-world",
  ["dspt", "dtac"])

S("care-home-smr", "kestrel",
  "Kestrel Care Home Review",
  "Supports pharmacist-led structured medication reviews in care homes, flagging risky combinations, anticholinergic burden, antipsychotics and medicines that may no longer be needed.",
  "A pre-review report is generated from the GP record; the pharmacist records decisions and the practice sees actions to complete. "
  "Piloted with one primary care network.",
  ["medicines-pharmacy", "frailty-older-people"], ["social-care", "primary-care"], "pilot",
  ["dspt"], codesign=True)

S("discharge-medicines-comms", "saltmarsh",
  "Saltmarsh Transfer of Care",
  "Sends an electronic referral from hospital pharmacy to the patient's community pharmacy at discharge, listing medicines started, stopped and changed, so the pharmacist can check the next prescription and talk it through with the patient.",
  "Referrals support the national Discharge Medicines Service. "
  "The community pharmacist reconciles the next prescription against the discharge record, offers a consultation and tells the GP practice about any discrepancy. "
  "A matched comparison found fewer readmissions among patients whose pharmacy completed the service.",
  ["medicines-pharmacy"], ["acute-hospital", "community-pharmacy", "primary-care"], "comparative",
  ["dspt", "dtac"],
  deployments=[D("fenwick-valley", "Referrals sent for 2,300 patients in the first year; community pharmacies resolved a discrepancy for one in five.")])

S("pill-dispenser", "fernbrook",
  "Fernbrook DoseBox",
  "An automated medication dispenser for people living at home that releases the right tablets at the right time, sounds an alarm when a dose is missed and alerts family or carers.",
  "Filled weekly by a pharmacy or family member and locked between doses. "
  "Missed-dose alerts go by text to a named contact.",
  ["medicines-pharmacy", "frailty-older-people"], ["home"], "real-world",
  ["ukca-ce-marked", "dtac"], "class-i")

# --- Falls and older people in hospital ----------------------------------------------------

S("bed-exit-sensor", "copperleaf",
  "Copperleaf SafeRise",
  "A wall-mounted optical sensor that recognises when a patient at risk is starting to sit up or leave their bed or chair, and alerts staff before they stand, without recording images.",
  "The sensor builds a depth map of the bed space and learns normal movement; an alert goes to staff handsets several seconds before the patient is on their feet. "
  "Far fewer false alarms than pressure mats, and no cameras recording identifiable images.",
  ["frailty-older-people", "dementia"], ["acute-hospital", "community-services", "social-care"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac"], "class-i",
  deployments=[D("trent-meadows", "Falls on two elderly care wards fell by 41% over nine months; alarm activations fell by two-thirds compared with pressure mats.")])

S("virtual-sitter", "thistledown",
  "Thistledown Virtual Sitter",
  "Remote video observation of up to 12 inpatients at risk of falls or wandering by one trained observer, who can speak to the patient and call ward staff.",
  "Portable cameras are placed in side rooms or bays; the observer talks to patients in their own language through a speaker and calls for help when someone tries to get up. "
  "Piloted on two wards; we want to co-design the model with more hospitals.",
  ["frailty-older-people", "dementia"], ["acute-hospital"], "pilot",
  ["dtac", "dspt"], codesign=True)

S("hip-airbag", "fernbrook",
  "Fernbrook HipGuard",
  "A belt worn around the waist that detects a fall and inflates airbags over the hips in a fraction of a second to prevent hip fractures.",
  "More comfortable than hip protector pads, so people keep wearing it; each activation is logged. "
  "Piloted with older inpatients and care home residents.",
  ["frailty-older-people", "musculoskeletal"], ["acute-hospital", "social-care", "home"], "pilot",
  ["ukca-ce-marked"], "class-i")

S("falls-risk-tool", "sextant",
  "Sextant Falls Assessment",
  "An electronic multifactorial falls risk assessment built into nursing documentation, linking each risk found to care plan actions and auditing completion.",
  "Covers lying and standing blood pressure, medicines, continence, delirium, vision and footwear; missing elements are flagged to the nurse in charge.",
  ["frailty-older-people"], ["acute-hospital", "community-services"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("low-bed", "fernbrook",
  "Fernbrook LowRest",
  "An ultra-low hospital bed that lowers to 19cm from the floor, with an integrated bed-exit alarm and a crash mat, for patients at risk of falling from bed.",
  "Rises to a safe working height for care and lowers at the touch of a button. "
  "Used on elderly care, stroke and dementia wards.",
  ["frailty-older-people"], ["acute-hospital", "community-services", "social-care"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "class-i")

S("acoustic-monitoring", "copperleaf",
  "Copperleaf NightSense",
  "Acoustic and radar monitoring for care homes at night: alerts staff to sounds of distress, calls for help, coughing or a resident getting up, so checks happen when they are needed rather than every hour.",
  "Sensors in each room listen for unusual sounds and movement without recording conversations. "
  "Residents sleep better without hourly door openings, and staff reach people sooner.",
  ["frailty-older-people", "dementia"], ["social-care"], "real-world",
  ["dtac", "dspt"])

S("falls-exercise", "oakridge",
  "Oakridge Steady",
  "A strength and balance programme for older people at home, based on the Otago exercises, delivered through an exercise app and video sessions with a physiotherapist.",
  "Exercises progress over 24 weeks; family members can join in and the therapist sees adherence. "
  "A randomised trial found fewer falls among participants.",
  ["frailty-older-people", "rehabilitation"], ["home", "community-services"], "rct",
  ["dtac"])

# --- Pathology -------------------------------------------------------------------------------

S("digital-pathology", "pebblestone",
  "Pebblestone Digital Pathology",
  "Whole-slide scanners, image management and a reporting viewer that let histopathologists report from any site, share cases across a network and get second opinions in minutes.",
  "Slides are scanned on the day they are made; cases are allocated to pathologists across the network according to subspecialty and workload. "
  "Glass slides no longer need couriers between sites.",
  ["pathology", "cancer"], ["acute-hospital", "specialised-services"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac", "dspt"], "ivd",
  deployments=[D("wharfedale", "Five laboratories now share histopathology work; median turnaround for urgent cancer biopsies fell from 9 to 6 days.")])

S("prostate-ai", "pebblestone",
  "Pebblestone Prostate AI",
  "AI that reviews digitised prostate core biopsies, highlights areas of cancer, suggests a Gleason grade and measures tumour length, so pathologists can report benign cores quickly.",
  "Every core is pre-screened; pathologists see heatmaps and measurements in the viewer and confirm or amend them. "
  "A comparative study found reporting time per case fell by around a third with no loss of accuracy.",
  ["pathology", "cancer"], ["acute-hospital"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("breast-path-ai", "helix",
  "Helix BreastPath",
  "AI for breast cancer pathology that counts mitoses, scores Ki-67 and HER2 staining and flags lymph node metastases on digitised slides.",
  "Being evaluated at one laboratory alongside routine reporting.",
  ["pathology", "cancer"], ["acute-hospital"], "pilot",
  ["iso-13485"], "ivd", codesign=True)

S("remote-reporting", "pebblestone",
  "Pebblestone Reporting Network",
  "Extra histopathology reporting capacity from consultant pathologists working remotely on digitised slides, contracted by the case.",
  "Trusts send batches of routine cases through a secure link; reports return within agreed turnaround times, written to RCPath datasets.",
  ["pathology"], ["acute-hospital"], "real-world",
  ["dspt", "iso-27001"])

S("slide-qc", "pebblestone",
  "Pebblestone Triage",
  "Automatic quality control and prioritisation of scanned slides: detects blur, folds and missing tissue before reporting, and moves likely malignant cases to the front of the queue.",
  "Rescans are requested before the slide reaches a pathologist, and urgent cases are allocated first.",
  ["pathology"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("autoverification", "pebblestone",
  "Pebblestone AutoVerify",
  "Rules-based autoverification for blood sciences that releases normal results without manual review, so biomedical scientists can concentrate on abnormal ones.",
  "Rules check delta values, instrument flags and sample quality; more than 80% of routine chemistry results are released automatically.",
  ["pathology"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("mced", "pebblestone",
  "Pebblestone OneDraw",
  "A blood test that looks for fragments of tumour DNA shed by more than 40 types of cancer and predicts where in the body the signal comes from.",
  "One tube of blood is analysed in our laboratory; a positive result comes with the predicted tissue of origin to guide imaging. "
  "Published case-control and cohort studies support its specificity; a large randomised study is under way.",
  ["pathology", "cancer"], ["primary-care", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("home-sti", "pebblestone",
  "Pebblestone Home STI Test",
  "Postal self-sampling kits for chlamydia, gonorrhoea, HIV and syphilis, with results by text and treatment through sexual health services.",
  "People order kits online, return urine, swab and finger-prick samples by post, and are contacted by a health adviser if a result is positive.",
  ["sexual-reproductive-health"], ["home"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac"], "ivd")

# --- Musculoskeletal and pain -----------------------------------------------------------

S("msk-app", "oakridge",
  "Oakridge MoveWell",
  "A digital physiotherapy app for back, neck and joint pain: a personalised exercise plan with video, education and chat with a chartered physiotherapist, and onward referral when needed.",
  "Patients start within 24 hours of referral or self-referral. "
  "The plan adapts to reported pain and progress; red-flag answers trigger a same-day call. "
  "A randomised trial found improvements in pain and function comparable to face-to-face physiotherapy.",
  ["musculoskeletal", "rehabilitation", "pain"], ["home", "community-services"], "rct",
  ["ukca-ce-marked", "dtac", "dspt", "dcb0129"], "class-i",
  deployments=[D("avon-levels-icb", "Waits for first MSK contact fell from 19 weeks to 4 days for patients choosing digital physiotherapy; 61% needed no face-to-face appointment.")])

S("msk-self-referral", "gatehouse",
  "Gatehouse SelfRefer",
  "Online self-referral and digital triage for community services such as MSK physiotherapy, podiatry and continence, with red-flag screening and booking into the right clinic.",
  "Patients answer structured questions on the web or by phone; the triage engine allocates urgency and the right service and offers a booking or digital self-management straight away.",
  ["musculoskeletal", "operations-patient-flow"], ["community-services", "primary-care"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("startback", "oakridge",
  "Oakridge Back Stratify",
  "Stratified care for low back pain: a nine-item questionnaire sorts patients into low, medium or high risk of persistent disability and matches each to the right level of treatment.",
  "Low-risk patients receive advice and self-management, medium-risk patients physiotherapy, high-risk patients psychologically informed physiotherapy. "
  "The approach is supported by randomised trials and national guidance.",
  ["musculoskeletal", "pain"], ["primary-care", "community-services"], "guidance",
  ["dtac", "dcb0129"])

S("chronic-pain-app", "larkspur",
  "Larkspur Pain Skills",
  "A digital pain management programme using acceptance and commitment therapy for people living with persistent pain, supported by a psychologist.",
  "Eight sessions cover pacing, values, sleep and flare-up plans. "
  "A comparative study found better pain interference scores than a waiting-list control.",
  ["pain", "mental-health"], ["home"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i")

S("oa-programme", "linnet",
  "Joint Action",
  "A six-week group education and exercise programme for people with knee and hip osteoarthritis, run in leisure centres and community venues.",
  "Sessions combine graded exercise with discussion of pain and self-management. "
  "Based on a model recommended in national guidance and shown to reduce pain and improve function.",
  ["musculoskeletal", "pain"], ["community-services"], "guidance",
  [])

# --- Eye health ----------------------------------------------------------------------

S("glaucoma-stratify", "lumen",
  "Lumen Backlog Triage",
  "Risk-stratifies overdue glaucoma and medical retina follow-ups using each patient's last pressures, visual fields, OCT and diagnosis, so clinics see those most at risk of sight loss first.",
  "The software reads data from the electronic eye record and imaging systems and produces a ranked list with the reason for each patient's priority. "
  "Low-risk patients can be moved to virtual or community monitoring.",
  ["ophthalmology"], ["acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i",
  deployments=[D("downs-weald", "Of 5,200 overdue glaucoma patients, 640 ranked as high risk were seen within eight weeks.")])

S("virtual-glaucoma-clinic", "lumen",
  "Lumen Virtual Clinic",
  "Runs technician-led glaucoma monitoring in satellite sites or community diagnostic centres: pressures, fields and OCT are captured and reviewed remotely by a consultant or specialist optometrist.",
  "Technicians follow a standard protocol; results are reviewed in batches and patients are told the outcome by letter or text. "
  "Only patients whose disease is progressing come back to a consultant clinic. "
  "A comparative evaluation found safe decisions and far more patients seen per clinician hour.",
  ["ophthalmology"], ["community-services", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("home-tonometer", "lumen",
  "Lumen HomeIOP",
  "A rebound tonometer that patients use at home to measure their own eye pressure several times a day, with readings sent to the glaucoma team.",
  "Shows how pressure varies over the day, which clinic measurements miss. "
  "Piloted with 120 patients at one eye unit.",
  ["ophthalmology"], ["home"], "pilot",
  ["ukca-ce-marked", "iso-13485"], "class-iia")

S("home-vf", "lumen",
  "Lumen FieldTest",
  "A tablet-based visual field test that patients with glaucoma can do at home between appointments, with results reviewed by the eye clinic.",
  "A head-mounted viewer keeps the test standardised; reliability indices are reported with each result. "
  "In routine use as an add-on to virtual glaucoma clinics.",
  ["ophthalmology"], ["home"], "real-world",
  ["ukca-ce-marked", "dtac"], "class-i")

S("optom-referral", "lumen",
  "Lumen Optometry Connect",
  "Electronic referral and referral refinement between community optometrists and hospital eye services, with images and measurements attached.",
  "Optometrists repeat borderline pressures and fields before referring; stable patients discharged from hospital can be monitored in the community with results shared back.",
  ["ophthalmology"], ["community-services", "acute-hospital"], "real-world",
  ["dtac", "dspt"])

S("oct-ai", "lumen",
  "Lumen Macula AI",
  "AI analysis of OCT scans for people with wet age-related macular degeneration that measures retinal fluid and suggests whether an injection is needed.",
  "Supports treat-and-extend injection clinics by giving a consistent measure of disease activity at every visit.",
  ["ophthalmology"], ["acute-hospital"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac"], "class-iia")

S("care-home-optometry", "lumen",
  "Lumen Home Visits",
  "Domiciliary eye examinations for care home residents and people who are housebound, with spectacles made, labelled and fitted on site.",
  "Optometrists examine residents in their own room; spectacles are labelled with the resident's name and purpose (reading or distance), and staff are shown how to clean and look after them.",
  ["ophthalmology", "frailty-older-people"], ["social-care", "home"], "real-world",
  [])

# --- Kidney -------------------------------------------------------------------------------

S("home-acr", "marram",
  "Marram ACR@Home",
  "A home urine test for albumin-to-creatinine ratio: patients receive a kit by post, test with their smartphone camera, and the result goes straight into their GP record.",
  "Practices invite patients whose ACR is overdue by text; those who agree receive a kit through the letterbox. "
  "The app guides them through the test, reads the result and codes it in the GP record, flagging abnormal results for review. "
  "A randomised trial in primary care found uptake over 40 percentage points higher than usual care among people who had not responded to standard invitations.",
  ["renal", "diabetes-endocrine"], ["home", "primary-care"], "rct",
  ["ukca-ce-marked", "iso-13485", "dtac", "dspt"], "ivd",
  deployments=[D("ashby-road-pcn", "ACR testing among people with diabetes rose from 52% to 78% in six months.")])

S("ckd-cds", "marram",
  "Marram Kidney Optimise",
  "Finds people in GP records with undiagnosed, uncoded or under-treated chronic kidney disease and suggests next steps such as a repeat test, an ACE inhibitor or an SGLT2 inhibitor.",
  "Searches combine eGFR trends, ACR results, blood pressure and prescriptions. "
  "Each patient's suggestion follows national guidance and can be actioned in the consultation.",
  ["renal", "prevention-population-health"], ["primary-care"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

S("ckd-audit", "kestrel",
  "Kestrel LTC Audit",
  "Audits the annual care processes for people with diabetes and hypertension across a practice list, including urine ACR, eGFR, foot checks and blood pressure, and produces recall lists for the ones that are missing.",
  "Practices see, for each patient, which care processes are overdue and can send batch invitations. "
  "Used in more than 300 practices.",
  ["diabetes-endocrine", "renal", "prevention-population-health"], ["primary-care"], "real-world",
  ["dspt", "dtac"])

S("poc-acr", "marram",
  "Marram ClinicACR",
  "A point-of-care analyser that measures urine albumin-to-creatinine ratio in the consulting room in five minutes, so the result is available during the diabetes review.",
  "Used by practice nurses and healthcare assistants; results transfer to the GP record.",
  ["renal", "pathology"], ["primary-care"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "ivd")

S("dialysis-scheduling", "marram",
  "Marram Dialysis Planner",
  "Schedules haemodialysis chairs, shifts and patient transport across a renal unit and its satellite units.",
  "Patients' preferred shifts, infection control needs and transport are planned together.",
  ["renal", "operations-patient-flow"], ["specialised-services"], "real-world",
  ["dspt"])

# --- Lower gastrointestinal ---------------------------------------------------------------

S("fit-tracking", "calder",
  "Calder FIT Track",
  "Manages faecal immunochemical testing for people with lower GI symptoms: requests kits from the GP system, posts them, chases unreturned kits and returns results with a suggested pathway.",
  "Kits go out the day they are requested with picture instructions in the patient's language; reminders follow by text. "
  "Results return to the practice with the threshold-based next step, and urgent referrals without a FIT result are flagged.",
  ["gastro-liver", "cancer"], ["primary-care", "home"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac", "dspt"], "ivd",
  deployments=[D("ribble-pennine-icb", "Kit return rose from 71% to 89%; urgent lower GI referrals without a FIT result fell below 5%.")])

S("colon-capsule", "calder",
  "Calder Capsule",
  "Colon capsule endoscopy delivered at home or in a community hub, with AI-assisted reading of the video by accredited reporters and colonoscopy only for those who need it.",
  "Patients swallow a camera capsule after bowel preparation and wear a recorder for the day. "
  "AI marks polyps and bleeding; reports are returned within a week.",
  ["gastro-liver", "cancer", "diagnostics-imaging"], ["home", "community-services"], "real-world",
  ["ukca-ce-marked", "iso-13485", "dtac"], "class-iia")

S("lowergi-risk", "calder",
  "Calder Risk Score",
  "Combines FIT result, age, sex, full blood count and ferritin to estimate each patient's risk of colorectal cancer, supporting safe discharge or non-urgent investigation for lower-risk referrals.",
  "The calculator sits in the referral form; clinicians see a risk estimate with the contributing factors. "
  "A published comparative study found it could safely reduce colonoscopy in low-risk patients.",
  ["gastro-liver", "cancer"], ["primary-care", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129"], "class-i")

S("endoscopy-booking", "bellwether",
  "Bellwether Endoscopy",
  "Booking and capacity management for endoscopy units: vets referrals, books lists by points, and fills cancelled slots quickly.",
  "Lists are booked to their full points value; short-notice cancellations are refilled from a pool of patients able to attend at short notice.",
  ["gastro-liver", "operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dspt", "dtac"])

S("bowel-prep", "calder",
  "Calder PrepCoach",
  "Text and video coaching on bowel preparation before colonoscopy or capsule endoscopy, to cut the number of procedures that fail because the bowel is not clear.",
  "Messages arrive at each step of the diet and laxative regime; patients can ask questions by text.",
  ["gastro-liver"], ["home"], "real-world",
  ["dtac"])

S("ibd-app", "calder",
  "Calder IBD Home",
  "Remote monitoring for inflammatory bowel disease with home calprotectin testing and symptom scores, so flares are picked up early and routine follow-ups reduced.",
  "Patients test a stool sample at home with their smartphone; results and symptom scores go to the IBD nurses.",
  ["gastro-liver"], ["home", "acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac", "dspt"], "ivd")

# --- End of life ---------------------------------------------------------------------------

S("epaccs", "sextant",
  "Sextant Palliative Record",
  "A shared electronic palliative care coordination record holding a person's wishes, preferred place of death, DNACPR decision and anticipatory medicines, readable by GPs, hospices, out-of-hours services, hospitals and ambulance crews.",
  "Plans are created by the GP or hospice team with the person and updated as things change. "
  "Ambulance and out-of-hours clinicians see the current plan through their own systems, with an audit of who viewed it.",
  ["palliative-end-of-life"], ["primary-care", "hospice", "ambulance", "acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt", "iso-27001"])

S("digital-respect", "thistledown",
  "Thistledown Plans",
  "Digital ReSPECT forms and advance care plans that move with the person across care homes, GP practices, hospitals and ambulance services.",
  "Plans are completed with the person and their family on a tablet, signed electronically and shared through the local shared care record. "
  "Care home staff can show the current plan to any clinician who attends.",
  ["palliative-end-of-life", "frailty-older-people"], ["social-care", "primary-care", "ambulance", "acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("scr-ambulance", "bluelight",
  "Bluelight Crew View",
  "Brings shared care record information (medicines, allergies, care plans and recent hospital contacts) into the ambulance electronic patient record at the scene.",
  "Crews search by NHS number and see the summary in the same app they use to record care. "
  "A comparative evaluation found more patients with care plans managed in line with their wishes.",
  ["urgent-emergency-care"], ["ambulance"], "comparative",
  ["dtac", "dcb0129", "dspt"])

S("palliative-advice", "kinship",
  "Kinship Palliative Advice Line",
  "A 24/7 palliative care advice line run with local hospices, for patients, families, carers and professionals, with video calls when it helps to see the patient.",
  "Experienced palliative care nurses give advice on symptoms, medicines and what to do when someone is dying, and can arrange a visit from the hospice at home team.",
  ["palliative-end-of-life"], ["home", "hospice"], "real-world",
  ["dspt"])

S("chemo-symptom-app", "brightwater",
  "Brightwater Oncology Monitor",
  "Daily symptom reporting for people having chemotherapy or immunotherapy, with alerts to the acute oncology team for severe side effects such as neutropenic sepsis.",
  "Patients report temperature and symptoms against a standard grading; severe answers prompt a call from the 24-hour triage line.",
  ["cancer"], ["home", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-i")

# --- Primary care risk and diagnosis -------------------------------------------------------

S("risk-cds", "kestrel",
  "Kestrel Clinical Risk Prompts",
  "Risk-stratification decision support that flags patients for urgent referral: coded history, test results and consultation frequency are combined into individual risk estimates shown to the clinician during the consultation.",
  "Validated risk equations covering more than ten tumour sites run in the background of the GP clinical system, using diagnoses, prescriptions, blood results such as a falling haemoglobin or rising platelets, and the number of recent consultations. "
  "When a patient crosses a threshold, the clinician sees a prompt listing the contributing factors and the relevant NICE NG12 referral criteria. "
  "Practices also receive a monthly list of high-risk patients with no recent referral or investigation. "
  "In routine use in more than 300 practices; a service evaluation found more urgent suspected referrals meeting criteria and more diagnoses made through the urgent route.",
  ["cancer", "prevention-population-health"], ["primary-care"], "real-world",
  ["dtac", "dcb0129", "dspt"],
  deployments=[D("irwell-street", "Urgent suspected referrals prompted by the tool led to 14 diagnoses in the first year, five of them at stage 1 or 2.")])

S("nss-navigator", "bellwether",
  "Bellwether Rapid Diagnostic Service",
  "Case management for rapid diagnostic centres: takes referrals for people with non-specific but concerning presentations, books a one-stop set of tests and tracks each person to a diagnosis or discharge.",
  "GP referrals arrive with pre-populated blood results; navigators book CT, blood tests and clinic review for the same day where possible. "
  "Every patient is tracked until a diagnosis is made or excluded, and GPs receive a summary with any non-malignant findings to follow up.",
  ["cancer", "diagnostics-imaging"], ["acute-hospital", "primary-care"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("safety-netting", "gatehouse",
  "Gatehouse Safety Net",
  "Tracks the loose ends in general practice: investigations ordered but not reported, referrals without an appointment, and patients asked to return who have not, plus people with an unusual number of contacts in a short time.",
  "Each open item sits on a practice worklist until it is closed; the list also highlights patients with several recent contacts for related reasons so a named clinician can review the whole picture. "
  "Piloted in four practices.",
  ["prevention-population-health", "cancer"], ["primary-care"], "pilot",
  ["dcb0129", "dspt"])

S("ehr-pattern-ai", "helix",
  "Helix Signals",
  "Machine learning trained on anonymised primary care records that detects pre-diagnostic patterns of serious disease, such as malignancy, months before diagnosis and surfaces them to practices.",
  "Models use sequences of codes, prescriptions and blood results rather than single values. "
  "Retrospective validation is promising; we are looking for practices to co-design how findings are presented safely.",
  ["prevention-population-health", "cancer"], ["primary-care"], "prototype",
  ["dcb0129"], codesign=True)

# --- Care at home, community response and ambulance flow -------------------------------------

S("virtual-ward", "brightwater",
  "Brightwater Virtual Ward",
  "Hospital-level acute care at home: patients use a tablet with a Bluetooth oximeter, blood pressure cuff and thermometer, and a clinical hub reviews the readings and escalates to the visiting team.",
  "Suits step-up care referred from the community to avoid an admission, and step-down care to leave an acute bed earlier. "
  "Clinicians set escalation rules for each patient; the hub calls when readings change, arranges a home visit or medication change, and patients can call the hub around the clock. "
  "A comparative evaluation found fewer re-admissions within 30 days than matched patients cared for in the usual way.",
  ["urgent-emergency-care", "operations-patient-flow"], ["home", "community-services"], "comparative",
  ["ukca-ce-marked", "iso-13485", "dtac", "dcb0129", "dspt"], "class-iia",
  deployments=[D("tyne-coast", "Ran 60 virtual ward beds for respiratory and frailty pathways; 30-day re-admission was 9% against 17% in matched patients.")])

S("virtual-ward-2", "copperleaf",
  "Copperleaf Hospital at Home",
  "Continuous wearable monitoring for hospital-at-home services: wrist and chest sensors stream vital signs to the acute team, who visit or escalate when trends change.",
  "No readings for the patient to take; the sensors send heart rate, breathing rate, oxygen saturation and activity every few minutes. "
  "Trend alerts go to the hospital-at-home team's dashboard.",
  ["urgent-emergency-care"], ["home"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt"], "class-iia")

S("proactive-care", "kestrel",
  "Kestrel Anticipatory Care",
  "Population health analytics that identifies people at highest risk of unplanned admission from GP, community and hospital data, and supports multidisciplinary teams to plan proactive care.",
  "Risk scores combine electronic frailty index, long-term conditions, recent admissions and social factors. "
  "Teams review the list each week, record care plans and track contacts and outcomes.",
  ["prevention-population-health", "frailty-older-people"], ["primary-care", "community-services"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("ucr-referral", "bluelight",
  "Bluelight Community Response",
  "Referral, triage and scheduling for urgent community response teams, who reach people at home within two hours to prevent an unnecessary admission.",
  "Referrals arrive from GPs, NHS 111, care homes and ambulance crews through one form; the coordinator sees clinicians' locations and skills and dispatches the nearest suitable team. "
  "Two-hour response performance is reported automatically.",
  ["urgent-emergency-care", "frailty-older-people"], ["community-services", "home", "social-care"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("home-activity", "thistledown",
  "Thistledown Routines",
  "Discreet sensors on doors, kettle and bed that learn a person's daily routine and alert family or a care coordinator when the pattern changes, such as more night-time walking or not eating.",
  "No cameras or wearables; the system learns what is normal for each person over two weeks. "
  "Piloted with a council's reablement service.",
  ["frailty-older-people", "dementia"], ["home", "social-care"], "pilot",
  ["dtac", "dspt"])

S("post-fall-triage", "thistledown",
  "Thistledown Lift or Call",
  "Guides care home staff through a structured check of a resident after a fall (the ISTUMBLE assessment), records observations and connects them to a clinician by video, who advises whether the resident can be moved and cared for in the home.",
  "Step-by-step screens cover head injury, pain, new deformity and observations; if all are clear the app shows how to help the person up safely, and if not it prompts an ambulance call with the findings ready. "
  "The clinical hub can join by video at any point. "
  "Homes using it have cut emergency call-outs for people who turned out to be unhurt.",
  ["urgent-emergency-care", "frailty-older-people"], ["social-care"], "real-world",
  ["dtac", "dspt"])

S("lifting-cushion", "fernbrook",
  "Fernbrook Raiser",
  "A battery-powered inflatable lifting chair that lets one or two carers raise an uninjured person from ground level to sitting safely, with training in its use.",
  "The chair is slid under the person in sections and inflated one section at a time, bringing them to a seated position in about four minutes without manual lifting. "
  "Used by care homes, community teams and ambulance falls responders.",
  ["frailty-older-people"], ["social-care", "community-services", "home"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "class-i")

S("care-home-telehealth", "thistledown",
  "Thistledown Care Home Connect",
  "Video consultations between care homes and a 24/7 clinical hub, with a vital-signs kit so carers can send readings during the call, for advice about unwell residents without waiting for a visit.",
  "The hub nurses can see the resident, review observations and care plans, and arrange GP, community team or urgent response input. "
  "Homes report fewer emergency department attendances.",
  ["frailty-older-people", "urgent-emergency-care"], ["social-care"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("soft-signs", "kinship",
  "Kinship Soft Signs",
  "Training and a simple escalation tool for care home and home care staff to recognise early signs that a resident is becoming unwell and get the right help in time.",
  "Combines soft signs such as new confusion or not eating with observations and the NEWS2 score, and an SBARD structure for phone calls to clinicians.",
  ["frailty-older-people"], ["social-care", "home"], "real-world",
  [])

S("routes", "bluelight",
  "Bluelight Routes",
  "Gives ambulance clinicians a live directory of alternatives to the emergency department (urgent community response, same day emergency care, falls, mental health and palliative teams), checks eligibility and sends the referral from the scene.",
  "Crews see which services are open and accepting, with direct phone lines to clinicians who can take the patient. "
  "Every referral is recorded so services can see demand. "
  "In routine use in three ambulance services, where conveyance rates for eligible patients fell.",
  ["operations-patient-flow", "urgent-emergency-care"], ["ambulance"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("hear-and-treat", "bluelight",
  "Bluelight Clinical Hub",
  "A remote clinical assessment system for ambulance control rooms, where paramedics and nurses call back lower-acuity callers, assess them by phone or video and close the incident with advice or referral.",
  "Calls that do not need an immediate response are queued for clinical review; clinicians use structured assessment and can book a GP appointment, urgent community response or pharmacist without dispatching a vehicle. "
  "A comparative evaluation found more incidents resolved without dispatch and no increase in harm.",
  ["urgent-emergency-care", "operations-patient-flow"], ["ambulance"], "comparative",
  ["dtac", "dcb0129", "dspt"])

S("handover-cohort", "bellwether",
  "Bellwether Arrivals",
  "Shows every ambulance heading for a hospital and how long each has been waiting, and runs rapid release and cohorting so patients are transferred to hospital staff within 45 minutes.",
  "Hospital and ambulance managers share one live view of arrivals; when a vehicle reaches 45 minutes the patient is moved to a staffed cohort area and the vehicle released. "
  "Reports show lost vehicle hours by hospital and day.",
  ["operations-patient-flow", "urgent-emergency-care"], ["acute-hospital", "ambulance"], "real-world",
  ["dtac", "dspt"])

S("sdec-direct", "bluelight",
  "Bluelight SDEC Direct",
  "Lets paramedics book patients straight into same day emergency care units, bypassing the emergency department.",
  "Crews check eligibility against the unit's criteria and book a slot; the unit receives the clinical summary before arrival. "
  "Piloted with one hospital's medical SDEC unit.",
  ["urgent-emergency-care", "operations-patient-flow"], ["ambulance", "acute-hospital"], "pilot",
  ["dtac", "dspt"], codesign=True)

S("bed-management", "bellwether",
  "Bellwether Beds",
  "Real-time bed management for acute hospitals: live occupancy, expected discharges and admissions, and the site team's view of every ward.",
  "Ward staff update expected discharge dates and ready-to-leave status on boards; the site team sees predicted bed position for the day and plans moves from the emergency department.",
  ["operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dtac", "dspt"])

# --- Nursing documentation -------------------------------------------------------------

S("ambient-voice", "heron",
  "Heron Ambient",
  "Ambient voice technology that listens to clinical conversations and bedside handovers and drafts structured entries, assessments and care plan updates in the electronic record for the clinician to check and file.",
  "Heron runs on a ward smartphone; it transcribes speech, removes small talk and maps content to the trust's own documentation templates, such as admission assessments, intentional rounding and handover. "
  "Nothing is filed without the clinician's approval. "
  "Evaluations on wards and in emergency departments found documentation time fell by about half and staff spent more time with patients.",
  ["operations-patient-flow"], ["acute-hospital", "community-services", "primary-care"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129", "dspt", "iso-27001"], "class-i",
  deployments=[D("thameside", "Documentation time per admission on two medical wards fell from 42 to 19 minutes.")])

S("speech-recognition", "heron",
  "Heron Dictate",
  "Cloud speech recognition for clinical dictation on PCs and phones, with medical vocabularies for every specialty and direct entry into the electronic record.",
  "Clinicians dictate into any field of the record; accuracy improves as the system learns each voice. "
  "Mobile dictation lets staff complete entries at the bedside instead of at a desk later.",
  ["operations-patient-flow"], ["acute-hospital", "primary-care", "community-services"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("digital-handover", "bellwether",
  "Bellwether Handover",
  "An electronic handover and task list for ward teams that pulls each patient's key information from the electronic record, so handover sheets no longer need to be written out by hand.",
  "Teams add updates once and they carry forward from shift to shift; outstanding tasks follow the patient. "
  "Printed summaries are available for teams that prefer paper at the bedside.",
  ["operations-patient-flow"], ["acute-hospital", "community-services"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("nursing-assessment-forms", "sextant",
  "Sextant Nursing Assessments",
  "Digitised nursing admission and risk assessments (falls, pressure ulcers, nutrition, VTE) that pre-fill from previous admissions and the shared record.",
  "Only changed information needs entering; assessments due for review are shown on the ward board. "
  "Piloted on three wards.",
  ["operations-patient-flow"], ["acute-hospital"], "pilot",
  ["dcb0129"], codesign=True)

# --- General practice access -------------------------------------------------------------

S("cloud-telephony", "switchboard",
  "Switchboard Cloud Telephony",
  "Cloud-based telephony for GP practices with queue position announcements, automatic call-back, overflow to other sites and live call analytics.",
  "Callers hear where they are in the queue and can choose a call-back without losing their place. "
  "Calls can be answered from any site or from home, and practices see demand by hour to plan staffing. "
  "Meets the national specification for advanced telephony in general practice.",
  ["operations-patient-flow"], ["primary-care"], "real-world",
  ["dtac", "dspt", "cyber-essentials-plus", "iso-27001"],
  deployments=[D("hollyfield", "Abandoned calls fell from 31% to 6%; peak queue time dropped from 24 to 7 minutes.")])

S("online-consult", "gatehouse",
  "Gatehouse Online Triage",
  "An online consultation and total triage system: patients describe their problem through a web form, or by phone with a care navigator, and requests are prioritised and routed to the right clinician, pharmacist or service.",
  "Requests are open all day rather than released at a fixed time; a duty clinician reviews them in order of urgency. "
  "Routine requests can be booked days ahead, and administrative requests go straight to the right team.",
  ["operations-patient-flow"], ["primary-care"], "real-world",
  ["dtac", "dspt", "dcb0129", "cyber-essentials-plus"])

S("care-navigation", "kinship",
  "Kinship Care Navigation",
  "Training and a local directory for GP reception teams to direct patients to the right service first time, such as a pharmacist, physiotherapist, optometrist or social prescriber.",
  "Receptionists learn a consistent set of questions and the directory is kept up to date for each area. "
  "Piloted across one primary care network.",
  ["operations-patient-flow"], ["primary-care"], "pilot",
  [])

S("pharmacy-first-referral", "saltmarsh",
  "Saltmarsh Pharmacy Connect",
  "Electronic referral from GP practices, NHS 111 and urgent care to community pharmacies for minor illness consultations and Pharmacy First conditions, with outcomes returned to the GP record.",
  "Practices refer with two clicks; the pharmacy contacts the patient the same day and records the outcome. "
  "Used by more than 2,000 pharmacies.",
  ["medicines-pharmacy", "operations-patient-flow"], ["community-pharmacy", "primary-care"], "real-world",
  ["dtac", "dspt"])

S("ai-receptionist", "gatehouse",
  "Gatehouse Voice Assistant",
  "A conversational voice assistant that answers the surgery telephone, understands what the caller needs and books, triages or routes the request without waiting for a receptionist.",
  "Handles appointment booking, test results and prescription requests; clinical requests are passed to the triage list. "
  "Piloted in two practices.",
  ["operations-patient-flow"], ["primary-care"], "pilot",
  ["dtac", "dspt", "dcb0129"], codesign=True)

# --- High intensity use, loneliness and social prescribing ---------------------------------

S("high-intensity", "linnet",
  "Linnet High Intensity Use Service",
  "Non-clinical coaches work one-to-one with people identified from attendance data as the most frequent users of urgent care, tackling the loneliness, anxiety and practical problems behind repeated contacts.",
  "Each person gets a named coach for as long as they need, with a shared plan agreed with the ambulance service, emergency department and GP. "
  "Coaches help with housing, benefits, isolation and confidence. "
  "A comparative evaluation found large reductions in emergency contacts among people supported.",
  ["mental-health", "prevention-population-health", "urgent-emergency-care"], ["community-services", "home"], "comparative",
  [])

S("social-prescribing", "linnet",
  "Linnet Connect",
  "Case management software for social prescribing link workers: referrals from practices and services, personalised plans, a directory of local groups and outcome measures.",
  "Link workers record what matters to each person and connect them with activities, befriending, advice and community groups, tracking wellbeing over time.",
  ["prevention-population-health", "mental-health"], ["primary-care", "community-services"], "real-world",
  ["dtac", "dspt"])

S("befriending", "thistledown",
  "Thistledown Good Morning Calls",
  "Daily check-in calls and weekly befriending for older people living alone, from trained volunteers and staff who escalate concerns to family or services.",
  "Calls are at a time the person chooses; missed calls prompt a welfare check.",
  ["frailty-older-people", "prevention-population-health"], ["home"], "real-world",
  ["dspt"])

S("toothbrushing", "kinship",
  "Kinship Smiles",
  "Runs supervised toothbrushing programmes in nurseries and primary schools, with training, supplies and reporting for local authorities.",
  "Staff are trained to supervise daily brushing with fluoride toothpaste; children from areas with the highest rates of tooth decay are prioritised.",
  ["oral-health", "children-young-people"], ["community-services"], "real-world",
  [])

S("ld-health-check", "linnet",
  "Linnet Health Check Support",
  "Improves uptake of annual health checks for people with a learning disability: easy-read invitations, reasonable adjustments and a health action plan people can keep.",
  "Practices send accessible invitations and record adjustments such as longer appointments or a quiet waiting area; health action plans are shared with the person and their carers.",
  ["learning-disability-autism", "prevention-population-health"], ["primary-care"], "real-world",
  ["dspt"])

# --- Medicines after discharge -------------------------------------------------------------

S("post-discharge-review", "kestrel",
  "Kestrel Discharge Reconcile",
  "A worklist for primary care network pharmacists that picks up every discharge summary, compares the medicines with the GP record, highlights discrepancies and schedules a structured medication review.",
  "Summaries are read as they arrive; starts, stops and dose changes are shown side by side with the current repeat list, and high-risk changes such as anticoagulants and opioids are reviewed first. "
  "Pharmacists update the record and contact the patient.",
  ["medicines-pharmacy"], ["primary-care"], "real-world",
  ["dtac", "dspt", "dcb0129"])

S("meds-rec-epr", "sextant",
  "Sextant Medicines Reconciliation",
  "A hospital pharmacy module for admission medicines reconciliation and discharge prescriptions that records the reason for every change, so the discharge summary explains what was started, stopped and why.",
  "Pharmacy staff reconcile medicines within 24 hours of admission; changes made during the stay carry their reason through to the discharge summary sent to the GP.",
  ["medicines-pharmacy"], ["acute-hospital"], "real-world",
  ["dtac", "dcb0129", "dspt"])

S("patient-meds-app", "saltmarsh",
  "Saltmarsh My Medicines",
  "A patient-held medicines list on the phone, with plain-English explanations of what each medicine is for, any changes made in hospital, and reminders to take them.",
  "Hospital pharmacists share the list at discharge; carers can view it with permission. "
  "Piloted on two wards.",
  ["medicines-pharmacy"], ["home"], "pilot",
  ["dtac", "dspt"], codesign=True)

# --- Hearing, sight and comfort in care homes -------------------------------------------------

S("care-home-audiology", "quayside",
  "Quayside Care Home Audiology",
  "Audiologists visit care homes to test hearing, fit and repair hearing aids, remove ear wax and train staff in daily hearing aid care and communication.",
  "Every resident is offered a hearing check on admission and each year. "
  "Hearing aids are labelled, cleaned and their batteries checked on a schedule, and staff learn to insert them and to spot when they are not working. "
  "Homes report residents becoming more sociable once hearing loss is managed.",
  ["hearing-ent", "frailty-older-people"], ["social-care"], "real-world",
  [])

S("remote-hearing-aid", "quayside",
  "Quayside Remote Fit",
  "Remote hearing aid fine-tuning and follow-up for adult audiology patients, by video with the aids connected to the patient's phone.",
  "Saves a clinic visit for most adjustments after fitting.",
  ["hearing-ent"], ["home"], "real-world",
  ["dtac", "dspt"])

S("pain-face-app", "copperleaf",
  "Copperleaf PainSight",
  "A smartphone app that assesses pain in people who cannot describe it, analysing facial micro-expressions and carers' observations of movement and behaviour.",
  "Carers point the phone at the person for a few seconds and answer a short checklist; a pain score is recorded and tracked over time. "
  "Comparative studies in care homes found more pain identified and treated, and less antipsychotic prescribing.",
  ["pain", "dementia"], ["social-care", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "dtac"], "class-i")

S("music-reminiscence", "thistledown",
  "Thistledown Memories",
  "Personalised music and reminiscence sessions for care homes, with playlists built from each resident's life story and prompts for staff.",
  "Family members add songs, photographs and stories; staff use them one to one and in small groups. "
  "Piloted in eight care homes.",
  ["dementia"], ["social-care"], "pilot",
  [])

# --- Sleep and neurology -----------------------------------------------------------------------

S("home-sleep-test", "ravensworth",
  "Ravensworth SleepKit",
  "A disposable home sleep apnoea test worn on the finger and chest for one night, with automated scoring and a report for the sleep physiologist.",
  "Kits are posted to patients and returned in the post; the apnoea-hypopnoea index and oxygen desaturation index are scored automatically and checked by a physiologist. "
  "Comparative studies against laboratory polysomnography found good agreement for obstructive sleep apnoea.",
  ["respiratory"], ["home", "acute-hospital"], "comparative",
  ["ukca-ce-marked", "iso-13485"], "class-iia")

S("oximetry-service", "copperleaf",
  "Copperleaf OxiNight",
  "An overnight pulse oximetry diagnostic service for suspected obstructive sleep apnoea, with postal devices and reports back within a week.",
  "Patients wear a wrist oximeter for up to three nights; oxygen desaturation indices are reported to the referring sleep service with a recommendation.",
  ["respiratory"], ["home"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "class-iia")

S("cpap-remote", "ravensworth",
  "Ravensworth CPAP Connect",
  "Telemonitoring for patients starting CPAP: auto-titrating machines report usage, mask leak and residual events, and the sleep team coaches people who are struggling.",
  "Patients set up at home after a video session; the team reviews data in the first weeks, when most people give up, and can confirm compliance for DVLA purposes.",
  ["respiratory"], ["home", "acute-hospital"], "real-world",
  ["ukca-ce-marked", "dtac"], "class-iia")

S("osa-triage", "ravensworth",
  "Ravensworth Sleep Triage",
  "Online pre-assessment for sleep service referrals using STOP-Bang and Epworth scores, prioritising patients with occupational or DVLA concerns.",
  "Patients complete the questions before their referral is triaged; high-priority patients are sent a home test straight away. "
  "Piloted in one sleep service.",
  ["respiratory"], ["home", "acute-hospital"], "pilot",
  ["dtac"])

S("sleep-cbt", "larkspur",
  "Larkspur Sleep",
  "Digital cognitive behavioural therapy for insomnia: a six-week programme that retrains sleep patterns without sleeping pills.",
  "Covers sleep scheduling, stimulus control and worry management, with a sleep diary. "
  "Recommended in national guidance for adults with insomnia.",
  ["mental-health"], ["home"], "guidance",
  ["ukca-ce-marked", "dtac"], "class-i")

S("seizure-detection", "helix",
  "Helix SeizureWatch",
  "A wrist-worn sensor that detects generalised tonic-clonic seizures at night and alerts carers, with a seizure diary for the epilepsy team.",
  "Combines movement and skin conductance; alerts go to a phone or a carer's pager.",
  ["neurology"], ["home"], "real-world",
  ["ukca-ce-marked", "iso-13485"], "class-iia")


# --------------------------------------------------------------------------
# Needs and judgements
# --------------------------------------------------------------------------

NEEDS: list[dict] = []
JUDGEMENTS: dict[str, dict[str, int]] = {}  # need ref -> solution key -> grade
VOCABULARY_MISMATCH: list[str] = []
HELD_OUT: list[str] = []


def N(num, org, title, problem, outcomes, areas, settings, min_evidence="concept",
      required=(), budget=None, closes_on=None, codesign=False, grades=None, group="A"):
    ref = f"lab-need-{num:02d}"
    if any(n["ref"] == ref for n in NEEDS):
        raise ValueError(f"duplicate need {ref}")
    record = {
        "ref": ref,
        "organisation": org_ref(org),
        "title": title,
        "problem": problem,
        "outcomes": outcomes,
        "clinical_areas": list(areas),
        "care_settings": list(settings),
        "min_evidence_level": min_evidence,
        "required_regulatory": list(required),
    }
    if budget is not None:
        record["budget_gbp"] = budget
    if closes_on is not None:
        record["closes_on"] = closes_on
    record["open_to_codesign"] = bool(codesign)
    record["status"] = "published"
    NEEDS.append(record)
    JUDGEMENTS[ref] = dict(grades or {})
    if group == "B":
        VOCABULARY_MISMATCH.append(ref)
    elif group == "C":
        HELD_OUT.append(ref)


# --- Group A: ordinary needs ----------------------------------------------------

N(1, "thameside",
  "Cutting missed outpatient appointments",
  "Around one in ten outpatient appointments across our two hospitals is missed without notice, rising to nearly one in five in clinics serving our most deprived postcodes. "
  "Appointment letters often arrive after the date, and patients tell us they could not get through on the phone to rearrange. "
  "Every unused slot lengthens the wait for someone else and wastes clinicians' time. "
  "We want to make it easy for patients to confirm, cancel or rebook their appointment, and to target extra support at the people most likely to miss one.",
  "Missed appointment (DNA) rate below 6% within a year; released slots reused; the gap in DNA rates between the most and least deprived quintiles halved.",
  ["operations-patient-flow"], ["acute-hospital"], "real-world", ["dspt"],
  budget=120000, closes_on="2026-03-31",
  grades={"sms-rebook": 3, "dna-predict": 3, "waitlist-validation": 2, "digital-letters": 2,
          "pifu": 1, "transport": 1, "interpreter": 1, "cloud-telephony": 1,
          "clinic-rooms": 0, "online-consult": 0, "dialysis-scheduling": 0})

N(2, "tyne-coast",
  "Spotting diabetic foot problems before they become ulcers",
  "Our community podiatry team usually meets people with diabetes only once a wound has already opened. "
  "Around a third of the amputations in our area follow an ulcer that started as a hot spot or a small crack nobody noticed. "
  "Many of our patients have lost feeling in their feet and have poor eyesight, so they cannot check their own feet, and district nurses see them for other reasons. "
  "We want a way to pick up early warning signs at home and get people in front of a podiatrist within days.",
  "Fewer new foot ulcers and minor amputations; warning sign to podiatry review in under a week; patients and carers confident about foot checks.",
  ["diabetes-endocrine"], ["community-services", "home"], "pilot", [],
  budget=80000, closes_on="2026-01-30", codesign=True,
  grades={"thermal-insole": 3, "foot-mat": 3, "podiatry-triage": 2, "foot-photo": 2,
          "wound-measure": 1, "ckd-audit": 1,
          "retinal-ai": 0, "glucolink": 0, "diabetes-rpm": 0})

N(3, "ashby-road-pcn",
  "Finding undiagnosed atrial fibrillation in our practices",
  "Recorded prevalence of atrial fibrillation across our six practices is well below what we would expect for an older population, which tells us many people with AF are undiagnosed and unprotected against stroke. "
  "Opportunistic pulse checks happen inconsistently, and a 12-lead ECG means a second appointment. "
  "We want to detect AF during routine contacts such as flu clinics, medication reviews, blood pressure checks and pharmacy visits, and get the right people onto anticoagulation quickly.",
  "Recorded AF prevalence closer to expected; detection to anticoagulation decision within two weeks.",
  ["cardiovascular"], ["primary-care", "community-pharmacy"], "real-world", ["ukca-ce-marked"],
  budget=40000,
  grades={"handheld-ecg": 3, "bp-af-monitor": 3, "ecg-patch": 2, "af-search": 2, "pharmacy-af": 2,
          "doac-dosing": 1, "bp-remote": 1,
          "hf-monitor": 0, "cardiac-rehab-app": 0, "stroke-ai": 0})

N(4, "wharfedale",
  "Faster thrombectomy decisions for patients arriving at district stroke units",
  "We are the comprehensive stroke centre for four district hospitals. "
  "Patients with a large vessel occlusion who arrive first at a district hospital lose on average 90 minutes before transfer for thrombectomy, partly because CT angiograms wait for a radiologist report and images are shared by phone and separate PACS logins. "
  "We want every scan read, flagged and shared with our interventional team within minutes of acquisition, day and night, and the transfer decision made quickly.",
  "Door-in-door-out time under 60 minutes; more eligible patients receiving thrombectomy; complete network audit data.",
  ["stroke", "diagnostics-imaging"], ["acute-hospital", "specialised-services"], "real-world",
  ["ukca-ce-marked", "dtac", "dcb0129"],
  budget=250000, closes_on="2026-02-28",
  grades={"stroke-ai": 3, "stroke-ai-2": 3, "ct-perfusion": 2, "stroke-comms": 2, "image-share": 2,
          "prehospital-video": 1, "telestroke": 1,
          "chest-xray-ai": 0, "stroke-rehab-glove": 0, "handheld-ecg": 0})

N(5, "mersey-estuary",
  "Fewer children admitted with asthma attacks",
  "Our children's ward admits more than 300 children a year with asthma attacks, many of them more than once. "
  "Reviews keep finding poor inhaler technique, preventer inhalers not taken between attacks, no written asthma action plan at school, and damp housing. "
  "Families lose confidence after discharge and come back through the emergency department. "
  "We want something that helps children and families keep control between appointments and lets our asthma nurses see who is slipping.",
  "Fewer readmissions within 12 months; every child with a current action plan shared with school; preventer adherence measured.",
  ["respiratory", "children-young-people"], ["acute-hospital", "community-services", "home"], "pilot", ["dtac"],
  budget=60000, codesign=True,
  grades={"smart-inhaler": 3, "asthma-app-kids": 3, "virtual-asthma-clinic": 2, "asthma-school": 2,
          "damp-sensors": 1, "inhaler-switch": 1,
          "pews": 0, "copd-rpm": 0, "home-sleep-test": 0})

N(6, "ribble-pennine-icb",
  "Pulmonary rehabilitation for people with COPD who cannot get to a class",
  "Only about four in ten people referred to pulmonary rehabilitation in our area start a programme, and fewer finish it. "
  "Classes run in two leisure centres on weekday afternoons; many patients work, care for someone, or cannot manage two buses while breathless. "
  "The wait is over six months. "
  "We want to offer rehabilitation that people can complete at home or close to home with the same clinical results, and free class places for those who need face-to-face.",
  "Uptake and completion both above 60%; waits under three months; improvements in walking distance and COPD Assessment Test scores in line with centre-based programmes.",
  ["respiratory", "rehabilitation"], ["community-services", "home"], "real-world", ["dtac", "dspt"],
  budget=150000, closes_on="2026-04-30",
  grades={"digital-pr": 3, "tele-rehab": 3, "copd-rpm": 2,
          "singing-lungs": 1, "cardiac-rehab-app": 1, "falls-exercise": 1,
          "smart-inhaler": 0, "msk-app": 0, "inhaler-switch": 0})

N(7, "northgate-mh",
  "Support for young people waiting for CAMHS",
  "Children and young people referred to our community CAMHS wait a median of 30 weeks for their first treatment appointment, and referrals have doubled since 2019. "
  "While they wait, many get worse, some arrive at A&E in crisis, and families feel abandoned. "
  "We need evidence-based early help that young people will actually use while they wait, a safe way of keeping an eye on risk across the whole waiting list, and a way to direct young people with milder difficulties to the right support without waiting at all.",
  "Fewer crisis presentations among young people on the waiting list; first contact within four weeks; routine outcome measures collected.",
  ["mental-health", "children-young-people"], ["mental-health-services", "home"], "real-world",
  ["dtac", "dcb0129"],
  budget=200000, closes_on="2026-03-15", codesign=True,
  grades={"youth-counselling": 3, "teen-cbt": 3, "waitlist-monitor": 3, "cyp-triage": 2, "crisis-text": 2,
          "adult-dcbt": 1, "neurodev-assessment": 1, "waitlist-validation": 1,
          "staff-wellbeing": 0, "pnd-app": 0, "pews": 0})

N(8, "downs-weald",
  "Managing the rise in urgent suspected skin cancer referrals",
  "Urgent suspected skin cancer referrals to our dermatology service have risen by 40% in three years, and around nine in ten turn out to be benign. "
  "Consultants spend clinic time on seborrhoeic keratoses and harmless moles while patients with melanoma wait alongside them. "
  "GP referral photographs are often poor quality or missing. "
  "We want lesions triaged from good dermoscopic images before any face-to-face appointment, benign lesions discharged safely and cancers seen faster.",
  "Fewer than half of urgent skin referrals needing a face-to-face appointment; the 28-day faster diagnosis standard met; a safe discharge audit.",
  ["dermatology", "cancer"], ["acute-hospital", "primary-care"], "real-world", ["ukca-ce-marked", "dtac"],
  budget=180000, closes_on="2026-01-31",
  grades={"derm-ai": 3, "teledermatology": 3, "dermoscope-kit": 2, "hyperspectral": 2,
          "cancer-ptl": 1, "online-consult": 1,
          "wound-measure": 0, "psoriasis-app": 0, "ssi-surveillance": 0})

N(9, "fenwick-valley",
  "Remote monitoring for women with gestational diabetes",
  "Diagnoses of gestational diabetes at our maternity unit have more than doubled since 2018 and our diabetes-in-pregnancy clinic is full. "
  "Women record finger-prick glucose readings four times a day in a paper diary and attend every fortnight, many travelling 30 miles. "
  "Diaries are often incomplete and we cannot act on high readings between visits. "
  "We want women to share their readings from home so midwives and the diabetes team can adjust treatment quickly and cut unnecessary clinic visits.",
  "Clinic visits reduced by a third; faster time to starting medication; birth outcomes maintained; women's experience improved.",
  ["maternity-neonatal", "diabetes-endocrine"], ["acute-hospital", "home"], "real-world", ["dtac", "dcb0129"],
  budget=70000,
  grades={"gdm-app": 3, "maternity-rpm": 2, "diabetes-rpm": 2, "gdm-insulin-ai": 2,
          "glucolink": 1, "harebell-notes": 1,
          "pnd-app": 0, "weight-mgmt": 0, "retinal-ai": 0})

N(10, "trent-meadows",
  "Recognising deteriorating patients and sepsis on adult wards",
  "Our serious incident reviews keep finding the same pattern: observations recorded late or on paper, NEWS2 scores added up wrongly, and escalation to the outreach team delayed, especially at night. "
  "Sepsis screening is inconsistent outside the emergency department. "
  "We want observations captured electronically at the bedside, scores calculated automatically and escalated to the right person, and a clear sepsis screening prompt.",
  "Fewer cardiac arrest calls on general wards; antibiotics within an hour for suspected sepsis; observations complete and on time.",
  ["critical-care", "infection-antimicrobial", "urgent-emergency-care"], ["acute-hospital"], "real-world",
  ["dcb0129", "dtac"],
  budget=400000, closes_on="2026-06-30",
  grades={"eobs": 3, "sepsis-cds": 3, "wearable-vitals": 2, "outreach-tasking": 2, "deterioration-ai": 2,
          "pews": 1, "digital-handover": 1, "virtual-ward-2": 1, "soft-signs": 1,
          "ams-platform": 0, "chemo-symptom-app": 0, "bp-af-monitor": 0})

N(11, "dartmoor-tamar",
  "Antimicrobial stewardship: timely review and IV to oral switch",
  "Audit shows that a third of our inpatients on intravenous antibiotics meet the criteria to switch to oral but stay on IV for two or more extra days. "
  "Our two antimicrobial pharmacists cannot review every patient, and microbiology advice is given by phone and not recorded consistently. "
  "We want to identify patients due an antibiotic review, prompt the switch at the right time and see stewardship data by ward.",
  "Fewer IV antibiotic days; 72-hour review documented for 90% of patients; days of therapy per 1,000 bed days falling.",
  ["infection-antimicrobial", "medicines-pharmacy"], ["acute-hospital"], "pilot", ["dcb0129"],
  budget=50000,
  grades={"ams-platform": 3, "ivos-cds": 3, "micro-app": 2, "epma": 2,
          "crp-poc": 1, "sepsis-cds": 1,
          "uti-test": 0, "eobs": 0, "ssi-surveillance": 0})

N(12, "mersey-estuary",
  "Filling nursing shifts without expensive agency staff",
  "We spent more than 14 million pounds on agency nursing last year. "
  "Shifts are advertised to our bank by email and phone late in the day and often go to agency because bank staff never saw them. "
  "Ward managers build rotas in spreadsheets, and annual leave and training are not visible across the division. "
  "We want our own staff to see and book extra shifts easily, rotas built fairly and earlier, and a clear view of staffing gaps before they become agency requests.",
  "Agency spend halved in two years; bank fill rate above 75%; rotas approved six weeks ahead.",
  ["workforce-wellbeing", "operations-patient-flow"], ["acute-hospital"], "real-world",
  ["dspt", "cyber-essentials-plus"],
  budget=300000, closes_on="2026-02-13",
  grades={"bank-app": 3, "erostering": 3, "collab-bank": 2, "safe-staffing": 2,
          "staff-wellbeing": 1, "oncology-rota": 1, "fatigue-rostering": 1,
          "theatre-scheduler": 0, "clinic-rooms": 0, "bed-management": 0})

N(13, "wharfedale",
  "Getting more operations done in our elective theatre lists",
  "Our elective theatres run at about 72% touch-time utilisation. "
  "Lists start late, finish early, and around 8% of operations are cancelled on the day, often because the patient is unfit, has not stopped blood thinners or the list was overbooked. "
  "Lists are planned by individual secretaries in different systems. "
  "We want better-planned lists, fewer on-the-day cancellations and a clear picture of where theatre time is lost.",
  "Touch-time utilisation above 85%; on-the-day cancellations below 3%; more cases per list.",
  ["surgery-perioperative", "operations-patient-flow"], ["acute-hospital"], "real-world", ["dspt"],
  budget=220000,
  grades={"theatre-scheduler": 3, "preop-digital": 2, "theatre-analytics": 2, "waitlist-validation": 2,
          "prehab": 1, "endoscopy-booking": 1,
          "clinic-rooms": 0, "ssi-surveillance": 0, "reusable-theatre": 0, "erostering": 0})

N(14, "fenwick-valley",
  "Cutting the carbon footprint of anaesthetic gases",
  "Anaesthetic gases make up about 5% of our trust's carbon footprint. "
  "We have removed desflurane, but nitrous oxide from piped manifolds is now the largest source, and when we metered it most was leaking from the pipework rather than reaching patients. "
  "Entonox use in our delivery suite is also a big contributor. "
  "We want to cut waste and emissions from nitrous oxide and other anaesthetic agents without affecting patient care.",
  "Nitrous oxide emissions down by at least 70%; anaesthetic gas emissions reported monthly.",
  ["sustainability", "surgery-perioperative"], ["acute-hospital"], "pilot", [],
  budget=90000, codesign=True,
  grades={"n2o-cracking": 3, "n2o-cylinders": 3, "volatile-capture": 2, "lowflow": 2,
          "carbon-dashboard": 1, "reusable-theatre": 1,
          "inhaler-switch": 0, "ambulance-fleet": 0, "medicines-waste": 0})

N(15, "avon-levels-icb",
  "Safer medicines administration in care homes",
  "Our care homes still use paper MAR charts. "
  "When we audited 40 homes last year we found missed doses, doses given twice and poor recording of 'as required' medicines. "
  "Changes made by the GP or after a hospital stay take days to reach the home, and homes spend hours reordering every month. "
  "We want digital medicines administration that reduces errors and connects homes, practices and pharmacies.",
  "Medication administration errors halved; all care homes using digital records within two years; changes visible to the home the same day.",
  ["medicines-pharmacy", "frailty-older-people"], ["social-care", "primary-care", "community-pharmacy"], "real-world",
  ["dspt", "dtac"],
  budget=350000, closes_on="2026-05-29",
  grades={"emar": 3, "emar-care-record": 3, "repeat-ordering": 2, "care-home-smr": 2,
          "discharge-medicines-comms": 1, "pill-dispenser": 1, "epma": 1,
          "medicines-waste": 0, "pharmacy-af": 0, "pharmacy-first-referral": 0})

N(16, "tyne-coast",
  "Reducing falls among older inpatients",
  "Falls are the most reported patient safety incident on our community hospital wards, where most patients are over 80 and many have delirium or dementia. "
  "Pressure-mat alarms are noisy, give false alarms and often sound only once the patient is already standing. "
  "We cannot always staff enhanced observation in bays. "
  "We want earlier warning that a patient at risk is getting up, fewer injuries when falls do happen, and less alarm fatigue.",
  "Falls per 1,000 bed days down by a third; falls with harm reduced; fewer alarm activations.",
  ["frailty-older-people", "dementia"], ["community-services", "acute-hospital"], "pilot", ["ukca-ce-marked"],
  budget=75000,
  grades={"bed-exit-sensor": 3, "virtual-sitter": 3, "low-bed": 2, "hip-airbag": 2, "falls-risk-tool": 2,
          "acoustic-monitoring": 1, "falls-exercise": 1, "nursing-assessment-forms": 1, "lifting-cushion": 1,
          "home-activity": 0, "memory-test": 0, "post-fall-triage": 0})

N(17, "trent-meadows",
  "Clearing the histopathology reporting backlog",
  "We have a five-week backlog in histopathology reporting and four consultant vacancies we have failed to fill. "
  "Prostate and breast biopsies make up a large part of the cancer workload, and glass slides have to be couriered between our two sites. "
  "We want to report more cases with the pathologists we have, share work across the network and get cancer results to patients faster.",
  "Backlog cleared within a year; 80% of urgent cancer biopsies reported within seven days.",
  ["pathology", "cancer"], ["acute-hospital"], "real-world", ["ukca-ce-marked", "iso-13485"],
  budget=600000, closes_on="2026-03-31",
  grades={"digital-pathology": 3, "prostate-ai": 3, "slide-qc": 2, "breast-path-ai": 2, "remote-reporting": 2,
          "cancer-ptl": 1, "speech-recognition": 1,
          "image-share": 0, "autoverification": 0, "mced": 0, "oncology-rota": 0})

N(18, "severn-wyre-icb",
  "Long waits for musculoskeletal physiotherapy",
  "People with back, neck and joint pain in our area wait up to 26 weeks for community MSK physiotherapy. "
  "Many could be helped earlier with advice and exercise, and many would be better off referring themselves rather than seeing a GP first. "
  "We want patients triaged quickly, starting evidence-based exercise and self-management early, with face-to-face physiotherapy kept for those who need it.",
  "Wait for first contact under two weeks; fewer GP appointments for MSK problems; outcomes measured with MSK-HQ.",
  ["musculoskeletal", "rehabilitation", "pain"], ["community-services", "primary-care", "home"], "real-world", ["dtac"],
  budget=250000,
  grades={"msk-app": 3, "msk-self-referral": 3, "startback": 2, "oa-programme": 2,
          "chronic-pain-app": 1, "tele-rehab": 1,
          "stroke-rehab-glove": 0, "digital-pr": 0, "theatre-scheduler": 0})

N(19, "thameside",
  "Overdue glaucoma follow-up appointments",
  "More than 6,000 patients in our glaucoma service are overdue a follow-up, some by more than a year, and every month we find patients who have lost sight while waiting. "
  "Consultant clinics are full of stable patients who only need pressure and visual field checks. "
  "We want to prioritise the backlog by risk, move stable monitoring closer to home and free consultants for complex patients.",
  "No high-risk patient overdue; half of stable patients monitored outside consultant clinics.",
  ["ophthalmology"], ["acute-hospital", "community-services"], "real-world", ["ukca-ce-marked"],
  budget=160000,
  grades={"glaucoma-stratify": 3, "virtual-glaucoma-clinic": 3, "home-vf": 2, "home-tonometer": 2, "optom-referral": 2,
          "waitlist-validation": 1, "care-home-optometry": 1,
          "oct-ai": 0, "retinal-ai": 0, "dna-predict": 0})

N(20, "irwell-street",
  "Finding kidney disease earlier in people with diabetes and high blood pressure",
  "Only about half of our patients with diabetes had a urine albumin-to-creatinine ratio test last year. "
  "Patients take the sample pot home and never bring it back, and our practice nurses have no time to chase them. "
  "Without the ACR we miss early kidney disease and the chance to start treatments that slow it down. "
  "We want more people tested, results coded in their record, and those at risk started on the right treatment.",
  "ACR recorded for 80% of people with diabetes; more people with CKD coded and on recommended treatment.",
  ["renal", "diabetes-endocrine"], ["primary-care", "home"], "real-world", ["ukca-ce-marked"],
  budget=25000,
  grades={"home-acr": 3, "ckd-cds": 3, "poc-acr": 2, "ckd-audit": 2,
          "bp-remote": 1, "af-search": 1,
          "uti-test": 0, "dialysis-scheduling": 0, "home-sti": 0})

N(21, "ouse-fens-icb",
  "Colonoscopy capacity on the lower GI cancer pathway",
  "Urgent referrals for suspected colorectal cancer have grown faster than our endoscopy capacity, and most patients who have a colonoscopy do not have cancer. "
  "Faecal immunochemical testing is not always done before referral, and kits are lost in the post or never returned. "
  "We want FIT used consistently, alternatives to colonoscopy for lower-risk patients, and colonoscopy kept for those who need it.",
  "FIT result with every urgent lower GI referral; fewer colonoscopies per cancer diagnosed; faster diagnosis standard met.",
  ["gastro-liver", "cancer"], ["primary-care", "acute-hospital"], "real-world", ["ukca-ce-marked"],
  budget=500000, closes_on="2026-04-17",
  grades={"fit-tracking": 3, "colon-capsule": 3, "lowergi-risk": 2, "endoscopy-booking": 2,
          "bowel-prep": 1, "mced": 1, "cancer-ptl": 1,
          "ibd-app": 0, "oncology-rota": 0, "chemo-symptom-app": 0})

N(22, "south-coast-ambulance",
  "Making end of life care plans visible to ambulance crews",
  "Our crews are regularly called to people in the last weeks of life whose wishes, DNACPR decisions and anticipatory medicines are recorded by their GP or hospice but cannot be seen at 3am. "
  "Without that information crews often take people to hospital against what they wanted. "
  "We want crews to see up-to-date end of life care plans and ReSPECT forms at the point of care, and to get palliative advice quickly.",
  "More people dying in their preferred place; fewer conveyances of people on an end of life pathway.",
  ["palliative-end-of-life", "urgent-emergency-care"], ["ambulance", "home", "hospice"], "real-world",
  ["dspt", "dcb0129"],
  budget=100000,
  grades={"epaccs": 3, "digital-respect": 3, "scr-ambulance": 2, "palliative-advice": 2,
          "routes": 1, "prehospital-video": 1,
          "chemo-symptom-app": 0, "handover-cohort": 0, "ambulance-fleet": 0})

# --- Group B: vocabulary mismatch -------------------------------------------------
# The best solutions for these needs describe themselves in different words,
# and are sometimes filed under a neighbouring clinical area.

N(23, "hollyfield",
  "Patients who keep coming back with problems we can't pin down",
  "We are worried that we are missing things. "
  "Some patients come to see us four or five times in a year with tiredness, weight they cannot explain, indigestion or aches that do not fit a pattern, each time seeing a different GP who deals with the episode in front of them. "
  "By the time someone joins the dots it is often late, and we have had cancer found in A&E that we could have found ourselves. "
  "We would like help noticing when a patient's story is adding up to something serious.",
  "Earlier diagnosis for people whose illness builds slowly; fewer serious diagnoses made after an emergency admission.",
  ["cancer"], ["primary-care"], "pilot", ["dcb0129"],
  budget=15000, codesign=True, group="B",
  grades={"risk-cds": 3, "ehr-pattern-ai": 3, "nss-navigator": 2, "safety-netting": 2, "mced": 2,
          "lowergi-risk": 1, "chest-xray-ai": 1, "fit-tracking": 1,
          "oncology-rota": 0, "chemo-symptom-app": 0, "cancer-ptl": 0})

N(24, "severn-wyre-icb",
  "Older people keep ending up back in hospital",
  "The same names come up again and again. "
  "An older person goes home after a week on the ward, manages for a few days, then their breathing or their legs or their confusion gets worse, and by the time anyone notices, an ambulance is the only option. "
  "Families tell us they did not know who to call. "
  "We want people kept well where they live instead of bouncing back through the front door.",
  "Fewer people going back in within a month of getting home; more people supported through a bad spell without leaving their own bed.",
  ["frailty-older-people"], ["home", "community-services"], "real-world", ["dtac"],
  budget=450000, closes_on="2026-03-31", group="B",
  grades={"virtual-ward": 3, "virtual-ward-2": 3, "proactive-care": 2, "ucr-referral": 2, "home-activity": 2,
          "post-discharge-review": 1, "discharge-medicines-comms": 1, "hf-monitor": 1, "copd-rpm": 1,
          "falls-exercise": 1, "care-home-telehealth": 1, "befriending": 1, "care-home-smr": 1,
          "prehospital-video": 1,
          "bed-exit-sensor": 0, "transport": 0, "bed-management": 0})

N(25, "dartmoor-tamar",
  "Nurses staying late to finish writing up",
  "Our ward nurses tell us the worst part of the job is the last hour, when they sit down to write up everything they have done since the morning. "
  "They often stay past the end of the shift, unpaid, to finish, and say they spend more time with the computer than with patients. "
  "Sickness and turnover on our medical wards are the highest in the trust. "
  "We want to give nurses their time back.",
  "Nurses leaving on time; time spent with patients up; lower turnover on medical wards.",
  ["workforce-wellbeing"], ["acute-hospital"], "pilot", ["dspt", "dcb0129"],
  budget=130000, group="B",
  grades={"ambient-voice": 3, "speech-recognition": 2, "eobs": 2, "digital-handover": 2, "nursing-assessment-forms": 2,
          "wearable-vitals": 1, "outreach-tasking": 1, "staff-wellbeing": 1,
          "erostering": 0, "bank-app": 0, "safe-staffing": 0})

N(26, "ouse-fens-icb",
  "Night staff dialling 999 whenever someone ends up on the floor",
  "Night staff in our care homes have been told to dial 999 every time a resident is found on the floor. "
  "Many of these residents are not hurt, but they wait hours on a cold floor for an ambulance, spend the night in A&E, and come back more confused and less steady on their feet. "
  "Staff say they are not confident deciding whether it is safe to get someone up.",
  "Fewer ambulance call-outs to care homes for people who are not injured; no long waits on the floor; staff confident to act.",
  ["frailty-older-people", "urgent-emergency-care"], ["social-care"], "pilot", [],
  budget=60000, codesign=True, group="B",
  grades={"post-fall-triage": 3, "lifting-cushion": 3, "care-home-telehealth": 2, "ucr-referral": 2,
          "acoustic-monitoring": 1, "soft-signs": 1, "digital-respect": 1, "hip-airbag": 1,
          "falls-exercise": 1, "bed-exit-sensor": 1, "prehospital-video": 1,
          "low-bed": 0, "transport": 0, "virtual-sitter": 0})

N(27, "south-coast-ambulance",
  "Our crews wait outside hospitals for hours",
  "On a bad night a third of our ambulances are parked outside emergency departments waiting to hand over patients, while 999 calls stack up in the community. "
  "Some crews wait more than five hours. "
  "The hospitals say they have no space inside; we say many of these patients did not need to come in at all. "
  "We need crews back on the road.",
  "Hours lost outside hospitals halved; more patients cared for without a trip to A&E; response times recovered.",
  ["urgent-emergency-care"], ["ambulance", "acute-hospital"], "real-world", ["dspt"],
  budget=280000, closes_on="2026-01-16", group="B",
  grades={"routes": 3, "hear-and-treat": 3, "handover-cohort": 3, "ucr-referral": 2, "prehospital-video": 2,
          "sdec-direct": 2,
          "bed-management": 1, "virtual-ward": 1, "scr-ambulance": 1, "post-fall-triage": 1,
          "care-home-telehealth": 1, "epaccs": 1,
          "ambulance-fleet": 0, "transport": 0, "fatigue-rostering": 0})

N(28, "quantock",
  "Nobody can get through to us at eight in the morning",
  "Every weekday morning our lines are jammed. "
  "Patients redial dozens of times, give up, or come and queue at the door before we open. "
  "By half past eight the day's slots have gone and the reception team take the anger. "
  "Some of the people trying to reach us did not need a GP at all. "
  "We want to stop the morning scramble.",
  "Patients able to reach us at any time of day; fewer complaints; reception staff no longer dreading the morning.",
  ["operations-patient-flow"], ["primary-care"], "real-world", ["dspt", "dtac"],
  budget=30000, group="B",
  grades={"cloud-telephony": 3, "online-consult": 3, "pharmacy-first-referral": 2, "ai-receptionist": 2,
          "care-navigation": 2,
          "msk-self-referral": 1, "sms-rebook": 1,
          "interpreter": 0, "hear-and-treat": 0, "dna-predict": 0})

N(29, "ribble-pennine-icb",
  "A small number of people call 999 almost every day",
  "Fewer than 200 people account for thousands of 999 calls and A&E visits in our area each year. "
  "Most of them live alone, many are older, and when our crews arrive there is usually no medical emergency: they are anxious, or in pain they can't describe, or simply have nobody else. "
  "Sending an ambulance every time helps no one.",
  "Fewer emergency calls and attendances from this group; each person with a plan and someone they know to turn to.",
  ["urgent-emergency-care"], ["ambulance", "community-services"], "pilot", [],
  budget=85000, group="B",
  grades={"high-intensity": 3, "social-prescribing": 2, "befriending": 2,
          "hear-and-treat": 1, "routes": 1, "proactive-care": 1, "scr-ambulance": 1, "crisis-text": 1,
          "cloud-telephony": 0, "ambulance-fleet": 0, "ai-receptionist": 0, "pain-face-app": 0})

N(30, "irwell-street",
  "People come home from hospital with a bag of tablets and no idea what changed",
  "After a stay in hospital our patients often turn up at the surgery with a carrier bag of boxes, some old and some new, unsure which to take. "
  "The letter from the ward reaches us days later, sometimes without the reasons for stopping things. "
  "We have had people taking both their old and their new blood thinner. "
  "The chemist who makes up their prescriptions never hears about it.",
  "Nobody taking stopped tablets after a hospital stay; changes explained to every patient within a week of getting home.",
  ["operations-patient-flow"], ["primary-care", "community-pharmacy"], "real-world", ["dspt"],
  budget=20000, group="B",
  grades={"discharge-medicines-comms": 3, "post-discharge-review": 3, "meds-rec-epr": 2, "patient-meds-app": 2,
          "doac-dosing": 1, "epma": 1, "pill-dispenser": 1,
          "medicines-waste": 0, "pharmacy-first-referral": 0, "transport": 0})

N(31, "ashby-road-pcn",
  "Residents with memory problems becoming withdrawn and unsettled",
  "Several residents in the care homes we look after have become withdrawn since moving in. "
  "They stop joining in at mealtimes and activities, seem not to follow what is said to them, and some become agitated in the afternoons. "
  "Staff put it down to their dementia getting worse, and the usual answer has been a medication review or a referral to the memory team. "
  "We want to look at what else might be going on and what we can change.",
  "Residents more settled and joining in; fewer referrals for agitation; less use of sedating medicines.",
  ["dementia"], ["social-care", "primary-care"], "pilot", [],
  budget=20000, codesign=True, group="B",
  grades={"care-home-audiology": 3, "pain-face-app": 3, "care-home-optometry": 2, "music-reminiscence": 2,
          "remote-hearing-aid": 1, "care-home-smr": 1, "social-prescribing": 1,
          "memory-test": 0, "bed-exit-sensor": 0, "acoustic-monitoring": 0})

N(32, "downs-weald",
  "People dozing off at the wheel and all through the day",
  "We are seeing more and more people who are exhausted all day: a bus driver who nodded off at a junction, a warehouse worker who drops off on every break, a partner who lies awake listening to their other half stop and start again at night. "
  "Our clinic has a nine-month wait, and some of these people are driving in the meantime. "
  "We need to see them and sort them out much sooner.",
  "Wait from referral to diagnosis under eight weeks; professional drivers seen within four weeks; treatment started sooner.",
  ["neurology"], ["acute-hospital", "home"], "real-world", ["ukca-ce-marked"],
  budget=110000, closes_on="2026-05-01", group="B",
  grades={"home-sleep-test": 3, "oximetry-service": 3, "cpap-remote": 2, "osa-triage": 2,
          "sleep-cbt": 1, "weight-mgmt": 1,
          "fatigue-rostering": 0, "seizure-detection": 0, "ambulance-fleet": 0})


# --- Group C: held out ------------------------------------------------------------
# Written after the meaning constants and weights were chosen on groups A and B, in
# the same vocabulary-mismatch style as group B, and kept out of any tuning: changes to
# ranking are judged on A and B, then confirmed here. Three solutions were added for
# them (below); they are numbered after the first 190 so that earlier refs keep theirs.

S("compression-wraps", "fernbrook",
  "Fernbrook WrapFit",
  "Adjustable hook-and-loop compression wraps for venous leg ulcers and lymphoedema that patients or carers can put on and take off themselves, with a built-in gauge that shows when the right pressure is reached.",
  "Multi-layer compression bandaging heals most venous leg ulcers but needs a nurse visit two or three times a week, and bandages slip and are often removed. "
  "WrapFit wraps are sized once by a nurse, after a Doppler assessment, and can be re-tightened through the day as swelling goes down. "
  "A pressure indicator on each band shows when the wrap is within the prescribed range. "
  "In a community nursing evaluation, healing times were similar to bandaging while visits per patient fell by more than half, and patients could wash and wear their own shoes.",
  ["dermatology", "cardiovascular"], ["community-services", "home"], "comparative",
  ["ukca-ce-marked", "iso-13485"], device="class-i", held_out=True)

S("wound-telehealth", "tansy",
  "Tansy Tissue Viability Connect",
  "Remote specialist review of chronic wounds: community nurses send photographs and a short assessment, and a tissue viability nurse replies with a treatment plan within one working day.",
  "Chronic wounds that are not improving after four weeks are flagged for specialist review instead of waiting for a clinic appointment. "
  "The tissue viability team see the wound history, measurements and dressings used, recommend changes in dressing, compression or referral, and follow progress over time. "
  "A dressing formulary is built in, so nurses choose from products the trust has agreed. "
  "Reports show healing rates, time to healing and dressing spend by team.",
  ["dermatology"], ["community-services", "home", "social-care"], "real-world",
  ["dtac", "dspt", "dcb0129"], held_out=True)

S("polypharmacy", "kestrel",
  "Kestrel Polypharmacy Finder",
  "Searches GP records for people taking ten or more medicines or risky combinations, ranks them for a structured medication review and gives the pharmacist a ready-made review record.",
  "Searches run monthly across a practice or primary care network and score each patient on the number of medicines, anticholinergic burden, combinations linked with falls, bleeding and kidney injury, and medicines past their intended duration. "
  "The review screen lists each medicine with the reason it was started, national deprescribing guidance and a shared decision-making aid. "
  "Outcomes of every review (stopped, reduced, switched, continued) are coded back to the record. "
  "Reports show reviews completed against the national specification and the medicines stopped.",
  ["medicines-pharmacy", "prevention-population-health"], ["primary-care"], "real-world",
  ["dtac", "dspt", "dcb0129"], held_out=True)

N(33, "wharfedale",
  "Patients getting quietly sicker after their operation",
  "On our surgical wards people are recovering from big operations, and every so often one of them goes downhill over a night without anyone realising. "
  "The numbers are written on a paper chart at the end of the bed, the doctor on call is covering six wards, and by the time someone is worried the patient needs intensive care. "
  "We want to spot the ones who are going off sooner and get the right person to them.",
  "Fewer unplanned moves to intensive care from our surgical wards; fewer cardiac arrest calls; the right doctor at the bedside within half an hour.",
  ["surgery-perioperative"], ["acute-hospital"], "pilot", [],
  budget=180000, group="C",
  grades={"eobs": 3, "wearable-vitals": 3, "deterioration-ai": 2, "sepsis-cds": 2, "outreach-tasking": 2,
          "pews": 1, "digital-handover": 1, "preop-digital": 1,
          "theatre-analytics": 0, "hf-monitor": 0, "safe-staffing": 0})

N(34, "mersey-estuary",
  "Children off school coughing and wheezing every winter",
  "Every winter our children's unit fills with youngsters who can't catch their breath, many of them the same children as last year. "
  "Parents bring them in at night because they don't know what else to do, and a lot of the families live in damp, mouldy flats. "
  "Schools tell us these children miss weeks of lessons. "
  "We want them well enough to stay at home and in class.",
  "Fewer night-time visits and admissions for children with breathing problems; fewer school days missed.",
  ["children-young-people"], ["home", "primary-care", "acute-hospital"], "concept", [],
  budget=70000, codesign=True, group="C",
  grades={"asthma-app-kids": 3, "smart-inhaler": 3, "virtual-asthma-clinic": 2, "asthma-school": 2, "damp-sensors": 2,
          "pews": 1, "inhaler-switch": 1, "singing-lungs": 1,
          "toothbrushing": 0, "youth-counselling": 0, "digital-pr": 0})

N(35, "fenwick-valley",
  "Expectant mums travelling every week to have their sugar checked",
  "Since the rules changed, far more pregnant women need their sugar levels watched, and they come into the hospital every week or two to sit in a clinic while someone looks at a notebook of finger-prick numbers. "
  "For women in the villages it is an hour each way on two buses, often with toddlers in tow. "
  "Our midwives and the diabetes team spend clinic time copying numbers instead of deciding who needs treatment.",
  "Most visits replaced by checks from home; women who need tablets or injections started sooner; clinic time kept for those who need it.",
  ["maternity-neonatal"], ["home", "acute-hospital"], "pilot", [],
  budget=60000, group="C",
  grades={"gdm-app": 3, "maternity-rpm": 3, "gdm-insulin-ai": 2, "glucolink": 2,
          "diabetes-rpm": 1, "harebell-notes": 1,
          "pnd-app": 0, "n2o-cracking": 0, "thermal-insole": 0})

N(36, "wharfedale",
  "People sent home on the day of their operation after starving since midnight",
  "Too many people arrive for their operation, having not eaten since the night before, and are sent home again. "
  "Sometimes their blood pressure or blood results are not right, or nobody checked their tablets; sometimes the morning simply ran over. "
  "Other days the surgeons finish by two o'clock with nothing left to do. "
  "Patients lose faith in us and the waiting list keeps growing.",
  "Fewer on-the-day cancellations; lists that finish on time; more people treated from the waiting list each week.",
  ["operations-patient-flow"], ["acute-hospital"], "real-world", ["dspt"],
  budget=150000, group="C",
  grades={"theatre-scheduler": 3, "preop-digital": 3, "theatre-analytics": 2, "waitlist-validation": 2,
          "prehab": 1, "sms-rebook": 1, "endoscopy-booking": 1,
          "reusable-theatre": 0, "volatile-capture": 0, "lowflow": 0})

N(37, "ashby-road-pcn",
  "People only finding out their heart is out of rhythm when they have a stroke",
  "Too many of the people in our area who have a stroke turn out to have had a fluttering, uneven heartbeat for years that nobody picked up. "
  "Some noticed palpitations and thought nothing of it; others never felt a thing. "
  "Many were never on the blood thinners that could have prevented it. "
  "We want to find these people before the stroke does.",
  "More people found with an irregular heartbeat and protected with treatment; fewer strokes in our population.",
  ["stroke"], ["primary-care", "community-pharmacy"], "real-world", [],
  budget=40000, group="C",
  grades={"af-search": 3, "bp-af-monitor": 3, "handheld-ecg": 3, "pharmacy-af": 2, "ecg-patch": 2,
          "doac-dosing": 1, "bp-remote": 1,
          "stroke-rehab-glove": 0, "telestroke": 0, "stroke-ai": 0})

N(38, "thameside",
  "Our emergency department staff are running on empty",
  "After two hard winters our emergency department team are exhausted. "
  "People are in tears in the staff room, more are off sick each month, and experienced nurses are leaving for agency work or for jobs outside the NHS. "
  "Back-to-back night shifts and last-minute changes to the rota make it worse, and nobody feels able to ask for help.",
  "Sickness absence and leavers down; staff saying they can get support when they need it; safer rotas.",
  ["urgent-emergency-care"], ["acute-hospital"], "concept", [],
  budget=50000, group="C",
  grades={"staff-wellbeing": 3, "fatigue-rostering": 3, "erostering": 2,
          "bank-app": 1, "collab-bank": 1, "ambient-voice": 1,
          "crisis-text": 0, "youth-counselling": 0, "handover-cohort": 0})

N(39, "tyne-coast",
  "Sores on older people's legs that never seem to heal",
  "Our district nurses visit hundreds of older people, mostly women in their eighties, who have open sores on their lower legs. "
  "Some have been dressed two or three times a week for more than a year. "
  "Each nurse does it slightly differently, it is hard to tell whether a leg is getting better, and specialist advice means a long wait for a clinic.",
  "More legs healed within twelve weeks; fewer nurse visits per person; specialist advice within days, not months.",
  ["frailty-older-people"], ["community-services", "home"], "real-world", [],
  budget=90000, group="C",
  grades={"compression-wraps": 3, "wound-measure": 3, "wound-telehealth": 3,
          "foot-photo": 1, "ssi-surveillance": 1, "foot-mat": 1,
          "psoriasis-app": 0, "derm-ai": 0, "hip-airbag": 0})

N(40, "severn-wyre-icb",
  "People too frightened to do anything after a heart attack",
  "After a heart attack or a heart operation many people go home afraid to climb the stairs, walk to the shop or go back to work. "
  "The classes that would help them get going again are held on weekday mornings in a church hall across town, and fewer than half ever go. "
  "The ones who don't come are the ones we most worry about.",
  "Most people who have had a heart attack taking part in a programme that gets them moving again; fewer going back into hospital.",
  ["rehabilitation"], ["home", "community-services"], "pilot", [],
  budget=45000, group="C",
  grades={"cardiac-rehab-app": 3, "tele-rehab": 3, "hf-monitor": 2,
          "digital-pr": 1, "weight-mgmt": 1, "bp-remote": 1,
          "stroke-rehab-glove": 0, "ecg-patch": 0, "falls-exercise": 0})

N(41, "quantock",
  "Older patients on so many tablets they rattle",
  "Many of our older patients take a dozen or more different tablets a day, prescribed over the years by different doctors for different things. "
  "Nobody ever seems to stop anything. "
  "We see people who are dizzy, falling or confused, and we suspect their tablets are part of the reason, but there is no time in a ten-minute appointment to go through them all.",
  "Fewer people on ten or more tablets; fewer falls and hospital admissions linked to medicines; patients understanding what they take and why.",
  ["frailty-older-people"], ["primary-care", "home"], "pilot", [],
  budget=25000, group="C",
  grades={"polypharmacy": 3, "care-home-smr": 2, "patient-meds-app": 2,
          "pill-dispenser": 1, "falls-risk-tool": 1, "falls-exercise": 1, "proactive-care": 1,
          "medicines-waste": 0, "epma": 0, "emar": 0})

N(42, "hollyfield",
  "Patients with chesty coughs who won't leave without a prescription",
  "Every winter our surgery is full of people with coughs and colds who expect to go home with tablets, and it is hard to say no when you cannot be sure it is not a chest infection. "
  "We know we hand out far more than we should, and the practice is an outlier on our prescribing charts. "
  "We want to be confident about who really needs them.",
  "Fewer unnecessary prescriptions for coughs and sore throats, without more people getting seriously ill; patients satisfied with the advice they get.",
  ["respiratory"], ["primary-care"], "real-world", [],
  budget=20000, group="C",
  grades={"crp-poc": 3, "micro-app": 2, "pharmacy-first-referral": 2, "online-consult": 2,
          "ams-platform": 1, "uti-test": 1,
          "chest-xray-ai": 0, "copd-rpm": 0, "inhaler-switch": 0})

N(43, "northgate-mh",
  "Children who can't sit still in class waiting years to find out why",
  "Teachers and parents come to us about children who cannot concentrate, are always in trouble or don't seem to fit in with others their age. "
  "Families wait more than two years to find out what is going on, and in the meantime the child is excluded, the parents are exhausted and nobody knows what help to give. "
  "We want children seen, understood and supported much sooner.",
  "Wait from first concern to an answer under a year; families and schools supported while they wait; fewer exclusions.",
  ["children-young-people"], ["community-services", "home"], "pilot", ["dcb0129"],
  budget=200000, group="C",
  grades={"neurodev-assessment": 3, "cyp-triage": 2, "waitlist-monitor": 2,
          "youth-counselling": 1, "teen-cbt": 1, "ld-health-check": 1,
          "asthma-school": 0, "toothbrushing": 0, "pews": 0})

N(44, "ribble-pennine-icb",
  "Older people sitting alone at home with nobody to talk to",
  "Many of the older people our teams visit have not spoken to anyone for days. "
  "Their husband or wife has died, their children live far away and the bus no longer runs. "
  "They stop eating properly, lose heart and come to their GP with aches and low mood that no prescription will fix.",
  "Fewer people saying they feel lonely; people connected to groups and someone who checks on them; fewer GP visits for low mood.",
  ["mental-health"], ["home", "community-services", "primary-care"], "concept", [],
  budget=35000, group="C",
  grades={"befriending": 3, "social-prescribing": 3, "home-activity": 2,
          "high-intensity": 1, "music-reminiscence": 1, "singing-lungs": 1,
          "acoustic-monitoring": 0, "weight-mgmt": 0, "adult-dcbt": 0})


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------

def build() -> dict:
    """The labelled set as a JSON-ready dict (deterministic)."""
    organisations = []
    for key, name, kind, ods, region, description, codesign_areas in NHS_ORGS:
        org = {"ref": org_ref(key), "name": name, "kind": kind, "ods_code": ods,
               "region": region, "description": description,
               "open_to_codesign": codesign_areas is not None}
        if codesign_areas:
            org["codesign_areas"] = list(codesign_areas)
        organisations.append(org)
    for key, name, region, description in INNOVATORS:
        organisations.append({"ref": org_ref(key), "name": name, "kind": "innovator",
                              "region": region, "description": description})

    refs = solution_refs()
    solutions = sorted(({"ref": refs[key], **record} for key, record in SOLUTIONS.items()),
                       key=lambda s: s["ref"])

    judgements = {}
    for need_ref, grades in JUDGEMENTS.items():
        unknown = sorted(k for k in grades if k not in refs)
        if unknown:
            raise KeyError(f"{need_ref} grades unknown solutions: {unknown}")
        # best first, then by ref, so the file reads well and diffs cleanly
        rows = sorted(((refs[k], g) for k, g in grades.items()),
                      key=lambda row: (-row[1], row[0]))
        judgements[need_ref] = dict(rows)

    return {
        "about": ABOUT,
        "vocabulary_mismatch": list(VOCABULARY_MISMATCH),
        "held_out": list(HELD_OUT),
        "bundle": {"organisations": organisations, "needs": NEEDS, "solutions": solutions},
        "judgements": judgements,
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------

def _contract(name: str) -> Path:
    """Find a contract file: $MARKETPLACE_CONTRACTS, or the repository's copy of the
    contracts (docs/contracts/)."""
    repo = HERE.parents[1]
    folders = []
    if os.environ.get("MARKETPLACE_CONTRACTS"):
        folders.append(Path(os.environ["MARKETPLACE_CONTRACTS"]))
    folders += [repo / "docs" / "contracts"]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} not found; set MARKETPLACE_CONTRACTS to its folder")


def evidence_ranks(taxonomy: dict) -> dict[str, int]:
    return {lvl["code"]: lvl["rank"] for lvl in taxonomy["evidence_levels"]["levels"]}


def is_eligible(need: dict, solution: dict, ranks: dict[str, int]) -> bool:
    """The marketplace's hard eligibility rule (docs/contracts/api.md)."""
    if solution.get("status", "draft") != "published":
        return False
    if ranks[solution.get("evidence_level", "concept")] < ranks[need.get("min_evidence_level", "concept")]:
        return False
    return set(need.get("required_regulatory", [])) <= set(solution.get("regulatory", []))


def _words(text: str) -> set[str]:
    stop = {"the", "and", "for", "with", "that", "from", "our", "are", "they", "their", "this",
            "into", "have", "has", "not", "but", "who", "can", "what", "when", "each", "every",
            "more", "than", "was", "were", "them", "there", "been", "its", "out", "one", "all",
            "any", "use", "used", "want", "need", "such", "also", "only", "many", "some", "about"}
    cleaned = "".join(ch.lower() if ch.isalnum() else " " for ch in text)
    return {w for w in cleaned.split() if len(w) > 2 and w not in stop}


def word_overlap(need: dict, solution: dict) -> float:
    """Share of a solution's distinct words that also occur in the need (a rough lexical signal)."""
    need_words = _words(" ".join([need["title"], need["problem"], need.get("outcomes", "")]))
    sol_words = _words(" ".join([solution["name"], solution["summary"], solution.get("description", "")]))
    return len(need_words & sol_words) / max(1, len(sol_words))


def check(data: dict | None = None, verbose: bool = True) -> dict:
    """Validate the labelled set; raise AssertionError listing every problem.

    Returns summary counts.
    """
    if data is None:
        data = json.loads(OUTPUT.read_text(encoding="utf-8"))
    schema = json.loads(_contract("listings.schema.json").read_text(encoding="utf-8"))
    taxonomy = json.loads(_contract("taxonomy.json").read_text(encoding="utf-8"))
    problems: list[str] = []

    def need_that(cond, message):
        if not cond:
            problems.append(message)

    need_that(set(data) == {"about", "vocabulary_mismatch", "held_out", "bundle", "judgements"},
              f"top-level keys are {sorted(data)}")
    bundle = data["bundle"]

    # 1. JSON schema
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - depends on the machine
        raise SystemExit("check() needs jsonschema: pip install jsonschema")
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    for error in sorted(validator.iter_errors(bundle), key=lambda e: list(e.absolute_path)):
        problems.append(f"schema: /{'/'.join(map(str, error.absolute_path))}: {error.message}")

    # 2. codes
    codes = {
        "clinical_areas": {c["code"] for c in taxonomy["clinical_areas"]},
        "care_settings": {c["code"] for c in taxonomy["care_settings"]},
        "regulatory": {c["code"] for c in taxonomy["regulatory_statuses"]},
        "device_classes": {c["code"] for c in taxonomy["device_classes"]["classes"]},
        "kinds": {c["code"] for c in taxonomy["organisation_kinds"]},
        "regions": {c["code"] for c in taxonomy["regions"]},
    }
    ranks = evidence_ranks(taxonomy)

    def codes_ok(where, values, vocab):
        for value in values:
            need_that(value in codes[vocab], f"{where}: unknown {vocab} code {value!r}")

    orgs = {o["ref"]: o for o in bundle["organisations"]}
    needs = {n["ref"]: n for n in bundle["needs"]}
    sols = {s["ref"]: s for s in bundle["solutions"]}
    nhs_kinds = {"nhs-trust", "icb", "primary-care"}

    # 3. refs unique, prefixed, and references resolve
    all_refs = [o["ref"] for o in bundle["organisations"]] + list(needs) + list(sols)
    need_that(len(orgs) == len(bundle["organisations"]), "duplicate organisation refs")
    need_that(len(needs) == len(bundle["needs"]), "duplicate need refs")
    need_that(len(sols) == len(bundle["solutions"]), "duplicate solution refs")
    need_that(len(set(all_refs)) == len(all_refs), "a ref is used by two records")
    for ref in all_refs:
        need_that(ref.startswith("lab-"), f"{ref}: ref does not start with 'lab-'")

    ods_seen = set()
    for org in bundle["organisations"]:
        where = org["ref"]
        codes_ok(where, [org["kind"]], "kinds")
        codes_ok(where, [org["region"]] if "region" in org else [], "regions")
        codes_ok(where, org.get("codesign_areas", []), "clinical_areas")
        if org["kind"] in nhs_kinds:
            need_that("ods_code" in org, f"{where}: NHS organisation without ODS code")
            need_that(org.get("ods_code") not in ods_seen, f"{where}: ODS code reused")
            ods_seen.add(org.get("ods_code"))
            need_that("region" in org, f"{where}: NHS organisation without region")

    for need in bundle["needs"]:
        where = need["ref"]
        need_that(orgs.get(need["organisation"], {}).get("kind") in nhs_kinds,
                  f"{where}: organisation {need['organisation']} missing or not an NHS organisation")
        codes_ok(where, need["clinical_areas"], "clinical_areas")
        codes_ok(where, need.get("care_settings", []), "care_settings")
        codes_ok(where, need.get("required_regulatory", []), "regulatory")
        need_that(need.get("min_evidence_level", "concept") in ranks,
                  f"{where}: unknown evidence level {need.get('min_evidence_level')!r}")
        need_that(need.get("status") == "published", f"{where}: not published")

    for sol in bundle["solutions"]:
        where = sol["ref"]
        need_that(orgs.get(sol["organisation"], {}).get("kind") == "innovator",
                  f"{where}: organisation {sol['organisation']} missing or not an innovator")
        codes_ok(where, sol["clinical_areas"], "clinical_areas")
        codes_ok(where, sol.get("care_settings", []), "care_settings")
        codes_ok(where, sol.get("regulatory", []), "regulatory")
        codes_ok(where, [sol.get("device_class", "not-a-device")], "device_classes")
        need_that(sol.get("evidence_level", "concept") in ranks,
                  f"{where}: unknown evidence level {sol.get('evidence_level')!r}")
        need_that(sol.get("status") == "published", f"{where}: not published")
        for dep in sol.get("deployments", []):
            need_that(orgs.get(dep["organisation"], {}).get("kind") in nhs_kinds,
                      f"{where}: deployment at {dep['organisation']} which is missing or not NHS")
            need_that(dep.get("since") == SINCE and dep.get("outcome"),
                      f"{where}: deployment needs since {SINCE} and an outcome")

    # 4. judgements
    judgements = data["judgements"]
    need_that(set(judgements) == set(needs), "judgements must cover exactly the needs")
    mismatch = data["vocabulary_mismatch"]
    need_that(len(mismatch) == len(set(mismatch)) == 10, "vocabulary_mismatch must list 10 needs")
    need_that(set(mismatch) <= set(needs), "vocabulary_mismatch names unknown needs")
    held_out = data["held_out"]
    need_that(len(held_out) == len(set(held_out)) >= 10, "held_out must list at least 10 needs")
    need_that(set(held_out) <= set(needs) and not set(held_out) & set(mismatch),
              "held_out names unknown needs or group B needs")
    eligible_good_counts = {}
    for need_ref, grades in judgements.items():
        need = needs.get(need_ref)
        for sol_ref, grade in grades.items():
            need_that(sol_ref in sols, f"{need_ref}: judges unknown solution {sol_ref}")
            need_that(grade in (0, 1, 2, 3), f"{need_ref}/{sol_ref}: grade {grade!r} not 0-3")
        if need is None:
            continue
        good = [s for s, g in grades.items() if g >= 2 and s in sols]
        ones = [s for s, g in grades.items() if g == 1]
        zeros = [s for s, g in grades.items() if g == 0]
        eligible_good = [s for s in good if is_eligible(need, sols[s], ranks)]
        eligible_good_counts[need_ref] = len(eligible_good)
        need_that(3 <= len(good) <= 8, f"{need_ref}: {len(good)} solutions graded >=2 (want 3-8)")
        need_that(len(ones) >= 2, f"{need_ref}: only {len(ones)} solutions graded 1")
        need_that(len(zeros) >= 2, f"{need_ref}: only {len(zeros)} explicit distractors (grade 0)")
        need_that(len(eligible_good) >= 3,
                  f"{need_ref}: only {len(eligible_good)} eligible solutions graded >=2")
        need_that(any(g == 3 for g in grades.values()), f"{need_ref}: nothing graded 3")

    # 5. counts and coverage
    nhs = [o for o in bundle["organisations"] if o["kind"] in nhs_kinds]
    innovators = [o for o in bundle["organisations"] if o["kind"] == "innovator"]
    need_that(len(bundle["needs"]) == 44, f"{len(bundle['needs'])} needs, want 44")
    need_that(len(needs) - len(mismatch) - len(held_out) == 22, "want 22 ordinary (group A) needs")
    need_that(12 <= len(nhs) <= 20, f"{len(nhs)} NHS organisations")
    need_that(20 <= len(innovators) <= 32, f"{len(innovators)} innovators")
    need_that(170 <= len(sols) <= 200, f"{len(sols)} solutions")
    need_that({o["region"] for o in nhs} == codes["regions"], "NHS organisations must cover all regions")
    need_that({o["kind"] for o in nhs} == nhs_kinds, "need trusts, ICBs and primary care")
    used_innovators = {s["organisation"] for s in bundle["solutions"]}
    need_that(used_innovators == {o["ref"] for o in innovators}, "every innovator lists a solution")
    ineligible_relevant = sum(
        1 for n_ref, grades in judgements.items() for s, g in grades.items()
        if g >= 2 and n_ref in needs and s in sols and not is_eligible(needs[n_ref], sols[s], ranks))
    need_that(ineligible_relevant >= 10, "want relevant-but-ineligible cases")

    # 6. the point of group B: best solutions share fewer words with the need
    def mean_overlap(refs):
        values = [word_overlap(needs[n], sols[s]) for n in refs
                  for s, g in judgements[n].items() if g == 3]
        return sum(values) / max(1, len(values))
    group_a = [n for n in needs if n not in mismatch and n not in held_out]
    overlap_a, overlap_b, overlap_c = mean_overlap(group_a), mean_overlap(mismatch), mean_overlap(held_out)
    need_that(overlap_b < overlap_a * 0.8,
              f"group B grade-3 word overlap {overlap_b:.3f} not clearly below group A {overlap_a:.3f}")
    need_that(overlap_c < overlap_a * 0.8,
              f"group C grade-3 word overlap {overlap_c:.3f} not clearly below group A {overlap_a:.3f}")

    if problems:
        raise AssertionError("labelled set invalid:\n  " + "\n  ".join(problems))

    grade_counts = {g: sum(1 for gr in judgements.values() for v in gr.values() if v == g)
                    for g in (3, 2, 1, 0)}
    summary = {
        "nhs_organisations": len(nhs), "innovators": len(innovators),
        "needs": len(needs), "group_a": len(group_a), "group_b": len(mismatch),
        "group_c_held_out": len(held_out),
        "solutions": len(sols),
        "solutions_with_deployments": sum(1 for s in sols.values() if s.get("deployments")),
        "solutions_seeking_codesign": sum(1 for s in sols.values() if s.get("seeking_codesign")),
        "judgements": sum(len(g) for g in judgements.values()),
        "grades": grade_counts,
        "relevant_but_ineligible": ineligible_relevant,
        "min_eligible_graded_2plus": min(eligible_good_counts.values()),
        "grade3_word_overlap": {"group_a": round(overlap_a, 3), "group_b": round(overlap_b, 3),
                                "group_c": round(overlap_c, 3)},
    }
    if verbose:
        print(json.dumps(summary, indent=2))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check labelled.json on disk (and that it is up to date)")
    parser.add_argument("--write-bundle", metavar="FILE",
                        help="also write the bare listings bundle, ready for 'listings import'")
    args = parser.parse_args(argv)
    data = build()
    text = render(data)
    if args.write_bundle:
        Path(args.write_bundle).write_text(render(data["bundle"]), encoding="utf-8")
    if args.check:
        on_disk = OUTPUT.read_text(encoding="utf-8")
        if on_disk != text:
            print(f"{OUTPUT} is stale: run {Path(__file__).name} to rebuild", file=sys.stderr)
            return 1
        check(json.loads(on_disk))
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    check(json.loads(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
