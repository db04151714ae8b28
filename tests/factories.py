"""Test data: organisations, users with tokens, needs and solutions."""
from __future__ import annotations

import itertools

from auth.identity import issue_personal_token
from marketplace.models import Deployment, Membership, Need, Organisation, Solution, User, db

_seq = itertools.count(1)


class Factory:
    def organisation(self, kind="nhs-trust", **fields) -> Organisation:
        n = next(_seq)
        values = {
            "ref": f"org-{n}", "name": f"Organisation {n}", "kind": kind,
            "region": "london", "codesign_areas": [], "open_to_codesign": False,
        }
        if kind in ("nhs-trust", "icb", "primary-care"):
            values["ods_code"] = f"R{n:04d}"
        values.update(fields)
        org = Organisation(**values)
        db.session.add(org)
        db.session.commit()
        return org

    def user(self, organisation: Organisation | None = None, role="member", platform_admin=False) -> tuple[User, str]:
        n = next(_seq)
        user = User(email=f"user{n}@example.nhs.uk", name=f"User {n}", is_platform_admin=platform_admin)
        db.session.add(user)
        db.session.flush()
        if organisation is not None:
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
        token = issue_personal_token(user)
        db.session.commit()
        return user, token

    def need(self, organisation: Organisation, status="published", **fields) -> Need:
        n = next(_seq)
        values = {
            "ref": f"need-{n}", "organisation_id": organisation.id, "title": f"Need {n}",
            "problem": "Patients wait too long for a diagnosis.", "clinical_areas": ["cancer"],
            "care_settings": [], "required_regulatory": [], "min_evidence_level": "concept", "status": status,
        }
        values.update(fields)
        need = Need(**values)
        db.session.add(need)
        db.session.commit()
        return need

    def solution(self, organisation: Organisation, status="published", deployments=(), **fields) -> Solution:
        n = next(_seq)
        values = {
            "ref": f"sol-{n}", "organisation_id": organisation.id, "name": f"Solution {n}",
            "summary": "A tool that shortens the wait for diagnosis.", "clinical_areas": ["cancer"],
            "care_settings": [], "regulatory": [], "evidence_level": "pilot", "status": status,
        }
        values.update(fields)
        solution = Solution(**values)
        for org in deployments:
            solution.deployments.append(Deployment(organisation_id=org.id, since="2024-01"))
        db.session.add(solution)
        db.session.commit()
        return solution


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
