"""A real OpenID provider for the tests: tests/oidc/provider.mjs (panva's oidc-provider) run with Node.js.

``scripts/run-tests.sh`` installs its npm packages (``npm ci`` from the lockfile).
Without Node.js or those packages the single sign-on tests are skipped and say
why; with REQUIRE_SERVICES=1 they fail instead.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from config import ROOT

PROVIDER_DIR = ROOT / "tests" / "oidc"
CLIENT_ID = "marketplace-test"
CLIENT_SECRET = "marketplace-test-secret-not-for-production"
# The Flask test client's host: url_for(..., _external=True) gives this.
REDIRECT_URI = "http://localhost/sign-in/sso/callback"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but the test OpenID provider is unavailable: {reason}", pytrace=False)
    pytest.skip(f"test OpenID provider unavailable: {reason}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestProvider:
    """One running provider process."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, log_dir: Path, issuer: str | None = None):
        node = shutil.which("node")
        if node is None:
            unavailable("node is not installed")
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            unavailable("its npm packages are not installed (npm ci --prefix tests/oidc)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = issuer or self.url
        self.log_path = log_dir / f"oidc-provider-{self.port}.log"
        env = dict(os.environ, OIDC_PORT=str(self.port), OIDC_ISSUER=self.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                   OIDC_CLIENT_SECRET=CLIENT_SECRET, OIDC_REDIRECT_URI=REDIRECT_URI, NODE_ENV="test")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([node, "provider.mjs"], cwd=PROVIDER_DIR, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                unavailable(f"it exited with {self.process.returncode}: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/.well-known/openid-configuration", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        unavailable(f"no answer on {self.url} within {seconds}s: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tamper(self, **how) -> None:
        """Alter the ID token of the next token response (see provider.mjs)."""
        requests.post(f"{self.url}/__test__/tamper", data=json.dumps(how), timeout=5).raise_for_status()

    def sign_in(self, authorize_url: str, login: str, browser: requests.Session | None = None) -> str:
        """Play the browser at the provider: sign in as ``login``; the URL it sends us back to."""
        browser = browser or requests.Session()
        url = authorize_url
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200 and urlsplit(url).path.startswith("/interaction/"):
                response = browser.post(f"{url}/login", data={"login": login}, allow_redirects=False, timeout=5)
            if response.status_code not in (302, 303):
                raise AssertionError(f"provider answered {response.status_code} at {url}: {response.text[:500]}")
            url = urljoin(url, response.headers["Location"])
            if url.startswith(REDIRECT_URI):
                return url
        raise AssertionError(f"never sent back to {REDIRECT_URI}; last at {url}")
