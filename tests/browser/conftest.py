"""Browser tests: the app served for real (a subprocess on a free port, with the demo data)
and driven by Playwright in Debian's Chromium (/usr/bin/chromium, never a downloaded browser).

`make test` installs the `chromium` package when it is missing. Without it these tests
skip, except with REQUIRE_SERVICES=1 (CI), where a missing browser fails the run.

Every page is checked to have asked for nothing from any host but the app's: the NHS
font host is unreachable here, and no page may need it.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
AXE = ROOT / "marketplace" / "web" / "assets" / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET_DIR = ROOT / "marketplace" / "web" / "assets" / "node_modules" / "nhsuk-frontend"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DEMO_PASSWORD = "browser tests only password"
TRUST_USER = "trust@example.nhs.uk"
INNOVATOR = "innovator@example.com"
ADMIN = "admin@example.nhs.uk"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}


def _missing(why: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{why} and REQUIRE_SERVICES=1: the browser tests must run", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def chromium_path():
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"no Chromium at {CHROMIUM} (make test installs Debian's chromium package)")
    if not AXE.exists() or not STYLESHEET_DIR.exists():
        _missing("the npm packages are not installed (make install runs npm ci in marketplace/web/assets)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(env, *args, stdin: str | None = None) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            input=stdin, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def live_server(chromium_path, tmp_path_factory):
    """The app with the demo data and demo accounts, on SQLite and the embedded index, as `make run` serves it."""
    tmp = tmp_path_factory.mktemp("live")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ELASTICSEARCH_"))},
        "INSTANCE_PATH": str(tmp), "DATABASE_URL": f"sqlite:///{tmp / 'marketplace.db'}",
        "EMBEDDED_SEARCH_PATH": str(tmp / "search.db"), "SECRET_KEY": "browser-tests-not-secret",
        "SESSION_COOKIE_SECURE": "0", "OAUTH2_ALLOW_HTTP": "1",
        "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "1024", "ARGON2_PARALLELISM": "1",
        "RATELIMIT_SIGN_IN": "1000 per minute", "RATELIMIT_REGISTER": "1000 per minute",
        # Lexical matching: quicker to index, and the journeys check eligibility, reasons and gaps.
        "SEMANTIC_MATCHING": "0", "LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore",
    }
    _flask(env, "db", "upgrade")
    _flask(env, "listings", "import", "marketplace/demo/listings.json")
    _flask(env, "demo", "journey")  # responses, a pooled need, a shortlist, claims: as `make run` has them
    _flask(env, "claims", "remind")
    _flask(env, "search", "reindex", "--quiet")
    for email, name, extra in (
        (TRUST_USER, "Tara Singh", ["--organisation", "org-northfield-teaching-ft", "--role", "admin"]),
        (INNOVATOR, "Ian Okafor", ["--organisation", "org-brightpath-health", "--role", "admin"]),
        (ADMIN, "Ada Lewis", ["--platform-admin"]),
    ):
        _flask(env, "users", "create", "--email", email, "--name", name, *extra, "--password-stdin",
               stdin=DEMO_PASSWORD + "\n")
    port = _free_port()
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1",
                               "--port", str(port), "--no-reload", "--no-debugger"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("the app did not start:\n" + (tmp / "server.log").read_text())
            time.sleep(0.2)
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class Outside:
    """Requests to any host but the app's: refused, and remembered so the test can fail on them."""

    def __init__(self):
        self.requests: list[str] = []

    def route(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
            return
        self.requests.append(route.request.url)
        route.abort()


def _context(browser, live_server, viewport):
    outside = Outside()
    context = browser.new_context(base_url=live_server, viewport=viewport, locale="en-GB")
    context.set_default_timeout(15_000)
    context.route("**/*", outside.route)
    return context, outside


def _page(browser, live_server, viewport):
    """A page at ``viewport``; afterwards, no request may have gone to another host."""
    context, outside = _context(browser, live_server, viewport)
    yield context.new_page()
    context.close()
    assert outside.requests == [], f"pages asked for other hosts: {outside.requests}"


@pytest.fixture
def page(browser, live_server):
    yield from _page(browser, live_server, DESKTOP)


@pytest.fixture
def mobile_page(browser, live_server):
    yield from _page(browser, live_server, MOBILE)


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account")


def run_axe(page) -> list[dict]:
    """axe-core's serious and critical violations of WCAG 2.2 A and AA on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]
