"""Benchmark: plan a 1,000-table PostgreSQL schema.

Builds a schema of N tables (realistic columns, 2 indexes each, ~1.5 foreign keys per table), applies
it to a fresh database, pulls it back to entity files, then times the whole `npa plan` process with no
changes and with a 5% change (a new column in every 20th table): median of RUNS runs each. Also prints
the number of catalog queries introspection issued, for N and for 10 tables (it must not grow).

    python bench/plan_1000_tables.py [--tables 1000] [--runs 5] [--url postgresql://root@127.0.0.1:5432/postgres]

Results go in notes, not asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from npa_schema.declarative import apply
from npa_schema.dialects import connect
from npa_schema.entities import load_schema


def entity_yaml(i: int, n: int, rng: random.Random) -> str:
    refs = sorted({rng.randrange(0, i) for _ in range(rng.choice((1, 1, 2, 2, 2)))}) if i > 0 else []
    lines = [
        f"table: t{i:04d}",
        "columns:",
        "  id:         {type: bigint, primary_key: true, identity: true}",
        "  code:       {type: string(40), unique: true}",
        "  name:       {type: string(200)}",
        '  amount:     {type: "decimal(18,2)", default: 0}',
        "  active:     {type: bool, default: true}",
        "  notes:      {type: text, nullable: true}",
        "  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}",
    ]
    lines += [f"  ref_{r:04d}_id: {{type: bigint, nullable: true, references: t{r:04d}.id}}" for r in refs]
    lines += ["indexes:", "  - columns: [name]", "  - columns: [active, created_at]"]
    return "\n".join(lines) + "\n"


def timed_plan(schema_dir: Path, url: str, runs: int, expect: int, cache: bool) -> list[float]:
    """Whole-process times. ``cache=False`` sets NPA_NO_CACHE=1: every file is validated again (a
    fresh CI checkout); with the cache, unchanged files skip the JSON Schema pass (a developer's
    second plan). One warm-up run (which also fills the record) is not counted."""
    env = {**os.environ, "NPA_NO_CACHE": "0" if cache else "1"}
    command = [
        sys.executable,
        "-m",
        "npa_schema",
        "plan",
        "--detailed-exitcode",
        "-s",
        str(schema_dir),
        "--url",
        url,
    ]
    subprocess.run(command, capture_output=True, env=env, cwd=schema_dir.parent)  # warm-up, not counted
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=schema_dir.parent)
        times.append(time.perf_counter() - start)
        if result.returncode != expect:
            raise SystemExit(
                f"plan exited {result.returncode}, expected {expect}:\n{result.stdout[-2000:]}\n{result.stderr}"
            )
    return times


def query_count(url: str) -> tuple[int, int]:
    with connect(url) as (dialect, session):
        before = session.query_count
        schema = dialect.introspect(session)
        return session.query_count - before, len(schema.tables)


def build(admin_url: str, tables: int, work: Path) -> str:
    name = f"npa_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    src = work / "src"
    src.mkdir()
    rng = random.Random(42)
    for i in range(tables):
        (src / f"t{i:04d}.yaml").write_text(entity_yaml(i, tables, rng))
    start = time.perf_counter()
    apply(url, load_schema(src).schema)
    print(f"built {tables} tables in {time.perf_counter() - start:.1f}s")
    # a database in use has settled statistics; a just-built one has autovacuum busy on its catalog
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", default="postgresql://root@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="npa-bench-"))
    urls = []
    try:
        url = build(args.url, args.tables, work)
        urls.append(url)
        pulled = work / "pulled"
        subprocess.run(
            [sys.executable, "-m", "npa_schema", "pull", "--out", str(pulled), "--url", url], check=True
        )
        fks = sum(text.count("references") for text in (p.read_text() for p in pulled.glob("*.yaml")))
        print(
            f"pulled {len(list(pulled.glob('*.yaml')))} files, {fks} foreign keys ({fks / args.tables:.2f} per table)"
        )

        cold = timed_plan(pulled, url, args.runs, expect=0, cache=False)
        no_change = timed_plan(pulled, url, args.runs, expect=0, cache=True)
        changed_dir = work / "changed"
        shutil.copytree(pulled, changed_dir)
        for i, path in enumerate(sorted(changed_dir.glob("*.yaml"))):
            if i % 20 == 0:
                text = path.read_text().replace(
                    "columns:\n", "columns:\n  bench_extra: {type: int, nullable: true}\n", 1
                )
                path.write_text(text)
        changed = timed_plan(changed_dir, url, args.runs, expect=2, cache=True)
        changed_cold = timed_plan(changed_dir, url, args.runs, expect=2, cache=False)

        (work / "small").mkdir()
        small = build(args.url, 10, work / "small")
        urls.append(small)
        q_big, n_big = query_count(url)
        q_small, n_small = query_count(small)
        for label, times in (
            ("no changes, validated files cached", no_change),
            ("no changes, cold (NPA_NO_CACHE=1)", cold),
            ("5% changed, validated files cached", changed),
            ("5% changed, cold (NPA_NO_CACHE=1)", changed_cold),
        ):
            runs = ", ".join(f"{t:.3f}" for t in times)
            print(
                f"npa plan, {args.tables} tables, {label}: median {statistics.median(times):.3f}s (runs: {runs})"
            )
        print(f"catalog queries: {q_big} for {n_big} tables, {q_small} for {n_small} tables")
    finally:
        with psycopg.connect(args.url, autocommit=True) as conn:
            for u in urls:
                conn.execute(f'DROP DATABASE IF EXISTS "{u.rsplit("/", 1)[1]}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
