"""How long the pages take to render at the server, on the demo data, beside GET /health.

    python -m bench.pages_bench                   # 60 requests per page, semantic matching as configured
    python -m bench.pages_bench --repeat 200 --lexical

A fresh SQLite database and embedded index in a temporary folder are loaded with the
demo bundle (marketplace/demo/listings.json, indexed inline), two demo people are
created (a trust admin and an innovator admin), and each page is requested in-process
through the WSGI app (Flask's test client: routing, the services, search, Jinja and the
design system's macros; no network, no browser). Each page is requested a few times
first to warm caches, then ``--repeat`` times, one at a time; the table gives the
median, the 95th percentile and the page size. GET /health, measured in the same run,
is the baseline: routing and WSGI alone. The target is p95 under 200 ms for every page.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

from . import common

DEMO_BUNDLE = common.ROOT / "marketplace" / "demo" / "listings.json"
PASSWORD = "bench demo password"
TARGET_MS = 200.0


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench.pages_bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=60, help="timed requests per page (default 60)")
    p.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    p.add_argument("--lexical", action="store_true", help="matching without the sentence model (SEMANTIC_MATCHING=0)")
    return p.parse_args(argv)


def _load(app) -> dict:
    """The demo bundle, indexed inline, and two people to sign in as; ids of pages to request."""
    from auth.policy.identity import cli_actor
    from marketplace.models import Need, Organisation, Solution, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services import bundle

    document = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    with app.app_context():
        bundle.import_bundle(cli_actor("bench"), parse_bundle(document))
    runner = app.test_cli_runner()
    for email, org in (("trust@example.nhs.uk", "org-northfield-teaching-ft"),
                       ("innovator@example.com", "org-brightpath-health")):
        result = runner.invoke(args=["users", "create", "--email", email, "--organisation", org, "--role", "admin",
                                     "--password-stdin"], input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
    with app.app_context():
        def first(model, **where):
            query = db.select(model.id).filter_by(**where).order_by(model.id).limit(1)
            return db.session.execute(query).scalar_one()

        return {
            "need": first(Need, status="published"),
            "solution": first(Solution, status="published"),
            "organisation": first(Organisation, ref="org-northfield-teaching-ft"),
        }


def _signed_in_client(app, email: str):
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def _measure(client, path: str, repeat: int, warmup: int) -> tuple[list[float], int]:
    size = 0
    for _ in range(warmup):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        size = len(body)
    return samples, size


def main(argv=None) -> int:
    args = parse_args(argv)
    common.quiet_logs()
    with tempfile.TemporaryDirectory(prefix="pages-bench-") as tmp:
        tmp_dir = Path(tmp)
        common.prepare_environment(tmp_dir)
        app = common.make_app(f"sqlite:///{tmp_dir / 'pages.db'}", tmp_dir / "search.db",
                              SESSION_COOKIE_SECURE=False, SEARCH_SYNC="inline",
                              RATELIMIT_ENABLED=False, **({"SEMANTIC_MATCHING": False} if args.lexical else {}))
        started = time.perf_counter()
        ids = _load(app)
        loaded = time.perf_counter() - started
        semantic = app.extensions["search"].embedder is not None
        print(common.machine_header("pages: server-side render time on the demo data", {
            "data": f"{DEMO_BUNDLE.name} (loaded and indexed in {loaded:.1f} s)",
            "search": "embedded (SQLite FTS5), matching " + ("hybrid (sentence model on)" if semantic else "lexical"),
            "method": f"in-process WSGI (Flask test client), {args.repeat} timed requests per page after {args.warmup} warm-up",
        }))
        anonymous = app.test_client()
        trust = _signed_in_client(app, "trust@example.nhs.uk")
        pages = [
            ("GET /health (baseline)", anonymous, "/health"),
            ("home", anonymous, "/"),
            ("find solutions", anonymous, "/solutions"),
            ("find solutions: words + filters", anonymous,
             "/solutions?q=virtual+ward&clinical_areas=respiratory&min_evidence_level=pilot"),
            ("find needs", anonymous, "/needs?q=appointments"),
            ("co-design partners", anonymous, "/co-design-partners?clinical_areas=respiratory"),
            ("solution", anonymous, f"/solutions/{ids['solution']}"),
            ("need, with matches and near misses", anonymous, f"/needs/{ids['need']}"),
            ("needs a solution could meet", anonymous, f"/solutions/{ids['solution']}/matches"),
            ("organisation", anonymous, f"/organisations/{ids['organisation']}"),
            ("sign in", anonymous, "/sign-in"),
            ("account (signed in)", trust, "/account"),
            ("organisation, as its admin", trust, f"/organisations/{ids['organisation']}"),
            ("post a need form (signed in)", trust, "/needs/new"),
        ]
        rows, worst = [], 0.0
        for name, client, path in pages:
            samples, size = _measure(client, path, args.repeat, args.warmup)
            p50, p95 = common.median(samples), common.percentile(samples, 95)
            if not path.startswith("/health"):
                worst = max(worst, p95)
            rows.append([name, path if len(path) < 60 else path[:57] + "...", round(p50, 1), round(p95, 1),
                         f"{size / 1024:.0f} KiB"])
        print(common.table(["page", "path", "p50 ms", "p95 ms", "size"], rows, "llrrr"))
        print()
        print(common.p95_note(args.repeat))
        verdict = "meets" if worst < TARGET_MS else "MISSES"
        print(f"Slowest page p95: {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target.")
        common.dispose_app(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
