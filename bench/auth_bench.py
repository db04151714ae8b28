"""Identity and access costs: sign-in and token issue latency, and what a protected read adds.

    python -m bench.auth_bench [--samples 60] [--postgres-url URL]

In-process (Flask test client, one request at a time), so the figures are the
server's own work without the network. Sign-in is deliberately slow: argon2id
with the production parameters from config.py (printed). Baselines in the same
run: GET /health, and the public read the protected one is compared with.
"""
from __future__ import annotations

import argparse
import base64
import tempfile
from pathlib import Path

from bench.common import (
    Timer, dispose_app, fresh_database, machine_header, make_app, median, p95_note, percentile,
    prepare_environment, quiet_logs, table,
)

PASSWORD = "a benchmark passphrase"


def _time(samples: int, call) -> list[float]:
    call()  # warm: first-request setup is not what we measure
    out = []
    for _ in range(samples):
        with Timer() as t:
            response = call()
        assert response.status_code < 400, (response.status_code, response.get_data(as_text=True)[:300])
        out.append(t.seconds * 1000)
    return out


def _world(app):
    from auth.services.clients import register_client
    from auth.policy.identity import Actor
    from auth.credentials.passwords import hash_password
    from marketplace.models import Membership, Need, Organisation, User, db

    with app.app_context():
        org = Organisation(ref="bench-trust", name="Bench Trust", kind="nhs-trust", ods_code="RBEN", region="london",
                           codesign_areas=[], open_to_codesign=False)
        user = User(email="bench@example.nhs.uk", name="Bench", password_hash=hash_password(PASSWORD))
        db.session.add_all([org, user])
        db.session.flush()
        db.session.add(Membership(user_id=user.id, organisation_id=org.id, role="admin"))
        common = dict(organisation_id=org.id, problem="Patients wait too long for a diagnosis.",
                      clinical_areas=["cancer"], care_settings=[], required_regulatory=[], min_evidence_level="concept")
        published = Need(ref="bench-published", title="Published need", status="published", **common)
        draft = Need(ref="bench-draft", title="Draft need", status="draft", **common)
        db.session.add_all([published, draft])
        db.session.commit()
        actor = Actor(user=user, label="bench", via="session")
        client, secret = register_client(actor, org.id, "bench", ["listings:read", "listings:write"])
        return {"published": published.id, "draft": draft.id, "client_id": client.client_id, "secret": secret}


def run(args) -> None:
    quiet_logs()
    tmp = Path(tempfile.mkdtemp(prefix="auth-bench-"))
    prepare_environment(tmp)
    from config import Config

    production = Config()
    params = (production.ARGON2_TIME_COST, production.ARGON2_MEMORY_COST, production.ARGON2_PARALLELISM)
    kind = "postgresql" if args.postgres_url else "sqlite"
    with fresh_database(kind, tmp, args.postgres_url, "auth") as url:
        app = make_app(url, tmp / "search.db", OAUTH2_ALLOW_HTTP=True, SESSION_COOKIE_SECURE=False,
                       RATELIMIT_ENABLED=False)
        try:
            w = _world(app)
            client = app.test_client()
            basic = base64.b64encode(f"{w['client_id']}:{w['secret']}".encode()).decode()
            token = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                headers={"Authorization": f"Basic {basic}"}).get_json()["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            n = args.samples
            rows = []
            measures = [
                ("GET /health (baseline)", lambda: client.get("/health")),
                ("POST /api/v1/session (sign in, argon2id)",
                 # A new browser each time: signing in again over a live session would need its CSRF token.
                 lambda: app.test_client().post("/api/v1/session",
                                                json={"email": "bench@example.nhs.uk", "password": PASSWORD})),
                ("POST /oauth/token (client credentials)",
                 lambda: client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                     headers={"Authorization": f"Basic {basic}"})),
                ("GET /needs/{id} public, anonymous (baseline)", lambda: client.get(f"/api/v1/needs/{w['published']}")),
                ("GET /needs/{id} public, with bearer token",
                 lambda: client.get(f"/api/v1/needs/{w['published']}", headers=bearer)),
                ("GET /needs/{id} draft, with bearer token",
                 lambda: client.get(f"/api/v1/needs/{w['draft']}", headers=bearer)),
            ]
            anonymous = client.application.test_client()
            measures[3] = (measures[3][0], lambda: anonymous.get(f"/api/v1/needs/{w['published']}"))
            results = {}
            for label, call in measures:
                samples = _time(n, call)
                results[label] = samples
                rows.append([label, f"{median(samples):.2f}", f"{percentile(samples, 95):.2f}"])
        finally:
            dispose_app(app)
    print(machine_header("Identity and access", {
        "database": kind, "argon2id": f"time_cost={params[0]}, memory={params[1]} KiB, parallelism={params[2]}",
        "mode": "in-process Flask test client, sequential"}))
    print(table(["Request", "p50 ms", "p95 ms"], rows))
    public = median(results["GET /needs/{id} public, anonymous (baseline)"])
    protected = median(results["GET /needs/{id} public, with bearer token"])
    print(f"\nA bearer token adds {protected - public:.2f} ms (median) to a read of a published need.")
    print(p95_note(n))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--postgres-url", default="", help="a PostgreSQL server URL (a fresh database is made)")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
