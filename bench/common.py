"""Shared by the benchmarks: the machine header, timing, percentiles, tables and databases.

Benchmarks are not tests: they print figures for people to compare, beside a
baseline measured on the same machine in the same run, so a slow or noisy
machine can be told apart from a slow change.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import platform
import secrets
import socket
import sqlite3
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# p95 over fewer samples than this is simply the largest sample: say so rather than pretend.
P95_MIN_SAMPLES = 20


# --- the machine -------------------------------------------------------------

def _meminfo_mib(key: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=5).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return (rev or "unknown") + (" (uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def machine_header(title: str, extra: dict[str, str] | None = None) -> str:
    """What the figures below were measured on: print it first, always."""
    total, avail = _meminfo_mib("MemTotal"), _meminfo_mib("MemAvailable")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    rows = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "host": socket.gethostname(),
        "nproc": str(nproc()),
        "cpu": _cpu_model(),
        "memory": f"{total} MiB total, {avail} MiB available" if total else "unknown",
        "load avg": load,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(terse=True),
        "git": _git_revision(),
    }
    rows.update(extra or {})
    width = max(len(k) for k in rows)
    lines = [f"== {title} ==", *(f"{k.ljust(width)} : {v}" for k, v in rows.items())]
    return "\n".join(lines)


# --- timing and statistics ---------------------------------------------------

class Timer:
    """with Timer() as t: ...; then t.seconds."""

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        return False


def percentile(samples, p: float) -> float:
    """Nearest-rank percentile: always one of the samples, never interpolated."""
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(samples) -> float:
    return statistics.median(samples) if samples else math.nan


def p95_note(n: int) -> str:
    if n < P95_MIN_SAMPLES:
        return f"p95 over {n} sample(s) is the slowest sample (the max), not a true 95th percentile."
    return f"p95 is nearest-rank over {n} samples."


# --- output ------------------------------------------------------------------

def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain fixed-width table; ``align`` is one of l/r per column (default: first left, rest right)."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)

    def line(row):
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align)).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def _fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --- databases ---------------------------------------------------------------

def sqlalchemy_url(url: str) -> str:
    """The same spellings config.py accepts, made explicit for the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def postgres_server_version(url: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar()
            settings = dict(conn.execute(sa.text(
                "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers')"
            )).all())
        return f"{version} (" + ", ".join(f"{k}={v}" for k, v in sorted(settings.items())) + ")"
    finally:
        engine.dispose()


@contextmanager
def fresh_postgres_database(server_url: str, label: str):
    """A new, empty database on the server of ``server_url``, dropped afterwards.

    The database named in ``server_url`` is only used to connect: its contents are
    never touched, so a test suite sharing the server is not disturbed.
    """
    import sqlalchemy as sa

    url = sqlalchemy_url(server_url)
    name = f"bench_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
        try:
            yield _with_database(url, name)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def fresh_database(kind: str, tmp_dir: Path, postgres_url: str | None, label: str):
    """Yield the SQLAlchemy URL of a new empty database of ``kind`` (sqlite or postgresql)."""
    if kind == "sqlite":
        path = tmp_dir / f"{label}-{secrets.token_hex(3)}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        with fresh_postgres_database(postgres_url, label) as url:
            yield url


def prepare_environment(tmp_dir: Path) -> None:
    """Keep the app's files out of the repository: config.py reads these at import time."""
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
    os.environ["INSTANCE_PATH"] = str(tmp_dir / "instance")
    os.environ.setdefault("EMBEDDED_SEARCH_PATH", str(tmp_dir / "instance" / "search.db"))
    os.environ.pop("ELASTICSEARCH_URL", None)  # the embedded backend, always


def make_app(database_url: str, search_path: Path, **overrides):
    """A Flask app on ``database_url`` with its own embedded index, migrated to head."""
    from flask_migrate import upgrade

    from config import Config
    from marketplace import create_app

    app = create_app(Config(
        SQLALCHEMY_DATABASE_URI=database_url,
        EMBEDDED_SEARCH_PATH=str(search_path),
        ELASTICSEARCH_URL="",
        **overrides,
    ))
    import logging

    logging.disable(logging.INFO)  # alembic's "Running upgrade" lines, once per fresh database
    try:
        with app.app_context():
            upgrade()
    finally:
        logging.disable(logging.NOTSET)
    return app


def dispose_app(app) -> None:
    from marketplace.models import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    backend = app.extensions.get("search")
    if backend is not None and hasattr(backend, "close"):
        backend.close()


def quiet_logs() -> None:
    """The app logs at INFO (alembic's migration lines): keep the benchmark output readable."""
    import logging

    logging.basicConfig(level=logging.WARNING)
    for name in ("alembic", "alembic.runtime.migration", "flask_migrate", ""):
        logging.getLogger(name).setLevel(logging.WARNING)
