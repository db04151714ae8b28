"""Test data: organisations, users with tokens, needs and solutions."""
from __future__ import annotations

import itertools

from auth.credentials.passwords import hash_password
from auth.credentials.secrets import hash_secret, new_secret
from marketplace.models import ApiClient, Deployment, Membership, Need, OAuthToken, Organisation, Solution, User, db
from marketplace.schemas.bundle import parse_bundle
from marketplace.services import bundle

PASSWORD = "correct horse battery staple"
ORG_SCOPES = ("listings:read", "listings:write", "interests:write")

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

    def user(self, organisation: Organisation | None = None, role="member", platform_admin=False,
             password: str | None = PASSWORD, scopes=None) -> tuple[User, str]:
        """A person (who can sign in with ``password``) and a bearer token acting for them.

        The token belongs to an API client registered for ``organisation`` (written
        directly, as /oauth/token would); tests of the OAuth2 flow itself use the endpoints.
        """
        n = next(_seq)
        user = User(email=f"user{n}@example.nhs.uk", name=f"User {n}", is_platform_admin=platform_admin,
                    password_hash=hash_password(password) if password else None)
        db.session.add(user)
        db.session.flush()
        if organisation is not None:
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
        if scopes is None:
            scopes = ORG_SCOPES + (("admin",) if platform_admin else ())
        token = self.token(user, organisation, scopes)
        db.session.commit()
        return user, token

    def token(self, user: User, organisation: Organisation | None, scopes, expires_in=3600) -> str:
        client = ApiClient(client_id=new_secret("mktc_", 18), client_secret_hash=hash_secret(new_secret()),
                           name="test client", organisation_id=organisation.id if organisation else None,
                           created_by_user_id=user.id, scope=" ".join(scopes))
        db.session.add(client)
        db.session.flush()
        token = new_secret("mkta_")
        db.session.add(OAuthToken(client_pk=client.id, access_token_hash=hash_secret(token), scope=" ".join(scopes),
                                  expires_in=expires_in))
        db.session.commit()
        return token

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
            solution.deployments.append(Deployment(organisation_id=org.id, since="2024-01", confirmation="confirmed"))
        db.session.add(solution)
        db.session.commit()
        return solution


def auth(credential) -> dict:
    """Headers for a bearer token, or the headers ``sign_in`` returned (a session)."""
    if isinstance(credential, dict):
        return credential
    return {"Authorization": f"Bearer {credential}"}


def sign_in(client, user: User, password: str = PASSWORD) -> dict:
    """Sign ``user`` in on ``client`` (its cookie jar keeps the session); returns the CSRF header writes need."""
    r = client.post("/api/v1/session", json={"email": user.email, "password": password})
    assert r.status_code == 200, r.get_json()
    return {"X-CSRFToken": r.get_json()["csrf_token"]}


def import_bundle(actor, document):
    """Import a bundle document as the API and the command line do: parsed, then imported."""
    return bundle.import_bundle(actor, parse_bundle(document))
