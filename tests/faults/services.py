"""The services the fault suite breaks on purpose: a PostgreSQL cluster of its own, the suite's Elasticsearch.

Both are driven through scripts/services/*.sh, as ``make test`` drives them.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "services"


class ServiceError(RuntimeError):
    pass


def _run(script: str, action: str, env: dict, timeout: float = 300) -> str:
    done = subprocess.run([str(SCRIPTS / script), action], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise ServiceError(f"{script} {action} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """A throwaway cluster (scripts/services/postgres.sh with a port and data dir of its own).

    It is not the suite's cluster, so stopping it disturbs no other test. The data dir is
    under /var/tmp, which the postgres system user can reach (pytest's tmp dirs are 0700).
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="marketplace-faults-", dir="/var/tmp"))
        self.dir.chmod(0o755)
        self.env = {**os.environ, "PGPORT_TEST": str(self.port), "PGDATA_TEST": str(self.dir / "pg"),
                    "PGDB_TEST": "marketplace_faults"}
        self.env.pop("PG_REUSE_EXISTING", None)  # never someone else's server: we stop this one

    def start(self) -> None:
        _run("postgres.sh", "start", self.env, timeout=180)

    def stop(self) -> None:
        _run("postgres.sh", "stop", self.env, timeout=120)

    @property
    def url(self) -> str:
        return _run("postgres.sh", "url", self.env)

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class ElasticControl:
    """The suite's Elasticsearch node (TEST_ELASTICSEARCH_URL), which make test lets us stop.

    stop()/start() go through scripts/services/elasticsearch.sh; hang()/resume() send
    SIGSTOP/SIGCONT to the node's process, found through the script's marker file.
    """

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.env = {**os.environ, "ES_PORT": str(int(self.url.rsplit(":", 1)[1]))}

    def pid(self) -> int:
        marker = ROOT / ".services" / "elasticsearch.started-by-script"
        try:
            pidfile = Path(marker.read_text().strip())
            return int(pidfile.read_text().strip())
        except (OSError, ValueError) as exc:
            raise ServiceError(f"cannot find the node's process through {marker}: {exc}") from exc

    def stop(self) -> None:
        _run("elasticsearch.sh", "stop", self.env)

    def start(self) -> None:
        _run("elasticsearch.sh", "start", self.env, timeout=600)

    def start_and_time(self) -> float:
        """Start the node; returns when (time.monotonic()) it first answered, which is up to
        a second or two before the script, polling more slowly, returns."""
        outcome: list[BaseException | None] = []

        def run():
            try:
                self.start()
                outcome.append(None)
            except BaseException as exc:  # noqa: BLE001 - re-raised below, in the caller's thread
                outcome.append(exc)

        script = threading.Thread(target=run, daemon=True)
        script.start()
        answered = None
        while script.is_alive():
            if answered is None and self.healthy():
                answered = time.monotonic()
            time.sleep(0.1)
        if outcome and outcome[0] is not None:
            raise outcome[0]
        return answered if answered is not None else time.monotonic()

    def hang(self) -> None:
        os.kill(self.pid(), signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid(), signal.SIGCONT)

    def healthy(self) -> bool:
        try:
            r = requests.get(f"{self.url}/_cluster/health", params={"timeout": "1s"}, timeout=3)
            return r.ok and r.json().get("status") in ("green", "yellow")
        except (requests.RequestException, ValueError):
            return False

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if time.monotonic() > deadline:
                raise ServiceError(f"Elasticsearch at {self.url} is not healthy after {timeout:.0f}s")
            time.sleep(0.5)
