"""How fast a listings bundle imports: first import (all created) and re-import (all unchanged).

    python -m bench.import_bench                        # SQLite, quick defaults
    python -m bench.import_bench --solutions 10000 \\
        --postgres-url "$(scripts/services/postgres.sh url)"   # the reference workload, both databases

For each database and each repetition a fresh database is created and migrated
(not timed), then ``import_bundle(cli_actor("bench"), parse_bundle(bundle))`` is timed:

* with SEARCH_SYNC=worker, so indexing is left in the outbox and excluded; the
  outbox drain into the embedded index is then timed on its own;
* with SEARCH_SYNC=inline, so the import includes indexing, as ``make demo`` does.

Beside it, the baseline: a plain DB-API executemany INSERT of as many rows
(same texts) into a bare table on the same database, in one transaction. The
bundle is passed as a dict: JSON parsing of the file is not timed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from . import common, synthetic

TARGET_RECORDS_PER_S = 500


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.import_bench",
        description="Benchmark import_bundle on SQLite and PostgreSQL, beside a plain executemany baseline.",
    )
    p.add_argument("--database", action="append", choices=["sqlite", "postgresql"],
                   help="database(s) to measure (repeatable). Default: sqlite, plus postgresql when a URL is given")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                   help="PostgreSQL server to use (default: $BENCH_POSTGRES_URL). A fresh database is created "
                        "on it for each run and dropped afterwards; the database named in the URL is not touched")
    p.add_argument("--solutions", type=int, default=3000,
                   help="solutions in the bundle (default 3000, about 2 minutes on 2 cores; "
                        "the reference workload is 10000)")
    p.add_argument("--nhs-orgs", type=int, default=200, help="NHS organisations (default 200)")
    p.add_argument("--innovators", type=int, default=500, help="innovator organisations (default 500)")
    p.add_argument("--needs", type=int, default=500, help="needs (default 500)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated bundle (default 1)")
    p.add_argument("--repeat", type=int, default=3, help="repetitions of each measurement (default 3)")
    p.add_argument("--sync", action="append", choices=["worker", "inline"],
                   help="SEARCH_SYNC mode(s) to measure (repeatable; default both)")
    p.add_argument("--write-bundle", type=Path, help="also write the generated bundle to this JSON file")
    p.add_argument("--no-validate", action="store_true", help="skip checking the bundle against the JSON Schema")
    args = p.parse_args(argv)
    if not args.database:
        args.database = ["sqlite"] + (["postgresql"] if args.postgres_url else [])
    if "postgresql" in args.database and not args.postgres_url:
        p.error("--database postgresql needs --postgres-url or BENCH_POSTGRES_URL")
    args.sync = args.sync or ["worker", "inline"]
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


class StatementCounter:
    """Counts statements sent to the database (an executemany counts once)."""

    def __init__(self, engine):
        import sqlalchemy as sa

        self.count = 0
        self._engine = engine
        sa.event.listen(engine, "before_cursor_execute", self._bump)

    def _bump(self, *args, **kwargs):
        self.count += 1

    def take(self) -> int:
        n, self.count = self.count, 0
        return n

    def close(self):
        import sqlalchemy as sa

        sa.event.remove(self._engine, "before_cursor_execute", self._bump)


def baseline_rows(bundle: dict) -> list[tuple]:
    """One row per record of the bundle, carrying its texts: what the import must at least write."""
    rows = [(o["ref"], o["name"], o.get("description") or "") for o in bundle["organisations"]]
    rows += [(n["ref"], n["title"], n["problem"] + "\n" + (n.get("outcomes") or "")) for n in bundle["needs"]]
    rows += [(s["ref"], s["name"], s["summary"] + "\n" + (s.get("description") or "")) for s in bundle["solutions"]]
    return rows


def measure_baseline(url: str, rows: list[tuple]) -> float:
    """Seconds for one executemany INSERT of ``rows`` into a bare table, committed."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(
                "CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, ref VARCHAR(80) NOT NULL,"
                " title VARCHAR(200) NOT NULL, body TEXT NOT NULL)"
            ))
        raw = engine.raw_connection()
        try:
            mark = "%s" if engine.dialect.name == "postgresql" else "?"
            sql = f"INSERT INTO bench_baseline (id, ref, title, body) VALUES ({mark}, {mark}, {mark}, {mark})"
            numbered = [(i, *row) for i, row in enumerate(rows, 1)]
            with common.Timer() as t:
                cur = raw.cursor()
                cur.executemany(sql, numbered)
                raw.commit()
            cur.close()
        finally:
            raw.close()
        return t.seconds
    finally:
        engine.dispose()


def _count(model) -> int:
    from marketplace.models import db

    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def measure_import(url: str, search_path: Path, bundle: dict, sync: str, problems: list[str], label: str) -> dict:
    """One fresh, migrated database: time the first import, (worker) the drain, and the re-import."""
    from auth.policy.identity import cli_actor
    from marketplace.models import AuditEvent, OutboxEvent, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle
    from search import indexer

    app = common.make_app(url, search_path, SEARCH_SYNC=sync)
    out = {}
    try:
        with app.app_context():
            counter = StatementCounter(db.engine)
            with common.Timer() as t:
                report = import_bundle(cli_actor("bench"), parse_bundle(bundle))
            out["first"] = (t.seconds, counter.take())
            _expect(report, "created", bundle, problems, f"{label} 1st import")
            db.session.remove()  # as a new request or command would: nothing cached from the import

            backend = app.extensions["search"]
            if sync == "worker":
                with common.Timer() as t:
                    applied = indexer.drain(backend, db.engine)
                out["drain"] = (t.seconds, counter.take(), applied)
            published = sum(1 for s in bundle["solutions"] if s.get("status", "draft") == "published")
            if backend.count("solution") != published:
                problems.append(f"{label}: index holds {backend.count('solution')} solutions, expected {published}")

            audit_before, outbox_before = _count(AuditEvent), _count(OutboxEvent)
            db.session.remove()
            with common.Timer() as t:
                report = import_bundle(cli_actor("bench"), parse_bundle(bundle))
            out["second"] = (t.seconds, counter.take())
            _expect(report, "unchanged", bundle, problems, f"{label} 2nd import")
            db.session.remove()
            if (_count(AuditEvent), _count(OutboxEvent)) != (audit_before, outbox_before):
                problems.append(f"{label} 2nd import: wrote audit/outbox rows although nothing changed")
            counter.close()
    finally:
        common.dispose_app(app)
    return out


def _expect(report, outcome: str, bundle: dict, problems: list[str], label: str) -> None:
    got = report.as_dict()
    for section in ("organisations", "needs", "solutions"):
        want = len(bundle.get(section, []))
        if got[section][outcome] != want:
            problems.append(f"{label}: {section} {got[section]} (expected all {want} {outcome})")


def main(argv=None) -> int:
    args = parse_args(argv)
    tmp_root = Path(tempfile.mkdtemp(prefix="bench-import-"))
    common.prepare_environment(tmp_root)
    try:
        return run(args, tmp_root)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def run(args, tmp_root: Path) -> int:

    extra = {}
    if "postgresql" in args.database:
        extra["postgresql"] = common.postgres_server_version(args.postgres_url)
    print(common.machine_header("import_bench", extra), flush=True)

    with common.Timer() as gen:
        bundle = synthetic.generate(args.solutions, args.nhs_orgs, args.innovators, args.needs, args.seed)
    size = synthetic.sizes(bundle)
    verdict = "not checked (--no-validate)" if args.no_validate else synthetic.validate_against_contract(bundle)
    records = size["organisations"] + size["needs"] + size["solutions"]
    print(f"bundle     : {size['organisations']} organisations ({args.nhs_orgs} NHS, {args.innovators} innovators), "
          f"{size['needs']} needs, {size['solutions']} solutions, {size['deployments']} deployments; "
          f"{size['json_bytes'] / 1e6:.1f} MB as JSON; seed {args.seed}; generated in {gen.seconds:.1f}s; {verdict}")
    print(f"records    : {records} (organisations + needs + solutions; deployments ride with their solution)")
    print(f"runs       : databases {', '.join(args.database)}; SEARCH_SYNC {', '.join(args.sync)}; "
          f"repeat {args.repeat}; each run on a fresh migrated database (migration not timed)\n", flush=True)
    if args.write_bundle:
        import json

        args.write_bundle.write_text(json.dumps(bundle, ensure_ascii=False, indent=1) + "\n")

    rows_for_baseline = baseline_rows(bundle)
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    stmts: dict[tuple[str, str], int] = {}
    problems: list[str] = []
    for database in args.database:
        for r in range(args.repeat):
            # Interleaved, so drift on a noisy machine touches every case alike.
            with common.fresh_database(database, tmp_root, args.postgres_url, "baseline") as url:
                samples[(database, "baseline")].append(measure_baseline(url, rows_for_baseline))
            for sync in args.sync:
                label = f"{database}/{sync}/run {r + 1}"
                search_path = tmp_root / f"search-{database}-{sync}-{r}.db"
                with common.fresh_database(database, tmp_root, args.postgres_url, "import") as url:
                    out = measure_import(url, search_path, bundle, sync, problems, label)
                for key, value in out.items():
                    samples[(database, f"{sync}:{key}")].append(value[0])
                    stmts[(database, f"{sync}:{key}")] = value[1]
                for suffix in ("", "-wal", "-shm"):
                    Path(str(search_path) + suffix).unlink(missing_ok=True)
                print(f"  {label}: " + ", ".join(f"{k} {v[0]:.2f}s" for k, v in out.items()), flush=True)

    print()
    print_results(args, records, size, samples, stmts)
    if problems:
        print("\nCHECKS FAILED:")
        for line in problems:
            print("  " + line)
        return 1
    print("\nchecks     : every 1st import created all records, every 2nd left all unchanged and wrote no "
          "audit/outbox rows; the index held every published solution")
    return 0


CASES = [
    ("baseline", "baseline: executemany INSERT, bare table", "rows"),
    ("worker:first", "import 1st (all created)   SEARCH_SYNC=worker", "import"),
    ("worker:second", "import 2nd (all unchanged) SEARCH_SYNC=worker", "import"),
    ("worker:drain", "  outbox drain to index after 1st (worker)", "drain"),
    ("inline:first", "import 1st (all created)   SEARCH_SYNC=inline", "import"),
    ("inline:second", "import 2nd (all unchanged) SEARCH_SYNC=inline", "import"),
]


def print_results(args, records: int, size: dict, samples, stmts) -> None:
    headers = ["database", "case", "n", "median s", "p95 s", "rec/s @median", "rec/s @p95", "SQL stmts",
               f">={TARGET_RECORDS_PER_S}/s"]
    rows = []
    baseline_rate = {}
    for database in args.database:
        for key, label, what in CASES:
            values = samples.get((database, key))
            if not values:
                continue
            med, p95 = common.median(values), common.percentile(values, 95)
            rate_med, rate_p95 = records / med, records / p95
            if key == "baseline":
                baseline_rate[database] = rate_med
            target = ("yes" if rate_p95 >= TARGET_RECORDS_PER_S else "NO") if what == "import" else ""
            rows.append([database, label, len(values), med, p95, rate_med, rate_p95,
                         stmts.get((database, key), "-") if what != "rows" else 1, target])
    print(common.table(headers, rows, align="llrrrrrrl"))
    print(f"\nrec/s      : {records} records / seconds; the drain row indexes the same records "
          f"({size['solutions']} solutions, {size['needs']} needs, {size['organisations']} organisations, "
          "published listings only go in)")
    print(f"p95        : {common.p95_note(args.repeat)} Target column judges the p95 (worst) run.")
    for database, rate in baseline_rate.items():
        first = samples.get((database, "worker:first"))
        if first:
            ratio = rate / (records / common.median(first))
            print(f"vs baseline: {database}: the 1st import (worker) is {ratio:.0f}x slower than the bare executemany")


if __name__ == "__main__":
    sys.exit(main())
