"""The app under gunicorn with gunicorn.conf.py, as production runs it (several worker
processes, threads): each worker starts its own outbox drain, and the documented q limit
gets through gunicorn's request line limit."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from auth.identity import cli_actor
from marketplace.models import OutboxEvent, db
from marketplace.services.bundle import import_bundle
from tests.search.dataset import BUNDLE

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pending() -> int:
    db.session.expire_all()
    return db.session.execute(
        db.select(db.func.count()).select_from(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).scalar()


@pytest.fixture
def server(app, database, tmp_path):
    """gunicorn on this test's database, with its own embedded index; outbox rows left
    pending by an import made here (as if by another process)."""
    app.config["SEARCH_SYNC"] = "worker"
    import_bundle(cli_actor("test"), BUNDLE)
    app.config["SEARCH_SYNC"] = "inline"
    assert _pending() > 0
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database["url"], "EMBEDDED_SEARCH_PATH": str(tmp_path / "search.db"),
           "SECRET_KEY": "test-secret-not-for-production", "INSTANCE_PATH": str(tmp_path),
           "SEMANTIC_MATCHING": "0", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4",
           "GUNICORN_ACCESS_LOG": "/dev/null", "ELASTICSEARCH_URL": ""}
    env.pop("SEARCH_SYNC", None)  # the default: background
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
    except OSError:
        return None, "", b""


def test_workers_drain_the_outbox_with_no_request_and_take_the_longest_q(server):
    base, log = server
    # No request has reached a worker yet: the drains were started by post_worker_init.
    assert _wait_for(lambda: _pending() == 0, 90), log.read_text()
    status, kind, body = _get(f"{base}/api/v1/solutions/?per_page=100")
    assert status == 200 and kind.startswith("application/json")
    assert b"s-copd" in body
    # 10,000 characters (the documented limit), ~27,000 bytes URL-encoded: past gunicorn's default
    # request line limit of 4,094 bytes, which would answer with its own HTML 400.
    q = ("ab\u00a3" * 3334)[:10_000]
    url = f"{base}/api/v1/solutions/?q={quote(q)}"
    assert len(url) > 25_000
    status, kind, _ = _get(url)
    assert (status, kind.split(";")[0]) == (200, "application/json")
    status, kind, body = _get(f"{base}/api/v1/solutions/?q={quote(q + 'x')}")  # one more: the app's own 422
    assert (status, kind.split(";")[0]) == (422, "application/json"), body
    status, _, body = _get(f"{base}/health")
    assert status == 200 and b'"outbox_pending":0' in body.replace(b" ", b"")
