"""Versioned migrations on real SQLite, PostgreSQL and MariaDB: up/down/up, agreement with the
declarative plan, failures half-way (rolled back, or resumed), tampering and out-of-order merges."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from npa_schema.declarative import plan_session
from npa_schema.dialects import connect, get_dialect
from npa_schema.entities import load_text
from npa_schema.errors import ApplyError, MigrationError
from npa_schema.migrations.authoring import add_migration, rehash
from npa_schema.migrations.files import discover
from npa_schema.migrations.history import History
from npa_schema.migrations.runner import RunFailed, migrate
from npa_schema.migrations.status import compute
from npa_schema.model import Schema
from tests.conftest import ENGINES, database_url
from tests.support import execute, query

USERS = """
table: users
columns:
  id:     {type: bigint, primary_key: true, identity: true}
  email:  {type: string(255), unique: true}
  name:   {type: string(50)}
  active: {type: bool, default: true}
---
table: orders
columns:
  id:      {type: bigint, primary_key: true, identity: true}
  user_id: {type: bigint, references: users.id, on_delete: cascade}
  total:   {type: "decimal(18,2)", default: 0}
  status:  {type: string(20), default: new, check: "status in ('new', 'paid')"}
indexes:
  - columns: [status, user_id]
"""
STEP2 = USERS.replace(
    "  name:   {type: string(50)}\n",
    "  name:   {type: string(120)}\n  phone:  {type: string(100), nullable: true}\n",
)
STEP3 = (
    STEP2.replace("  status:  {type: string(20)", "  state:   {type: string(20), renamed_from: status")
    .replace('check: "status in', 'check: "state in')
    .replace("[status, user_id]", "[state, user_id]")
    + """---
table: audit
columns:
  id:    {type: int, primary_key: true}
  note:  {type: text, nullable: true}
"""
)


def day(n: int) -> datetime:
    return datetime(2024, 1, n, tzinfo=timezone.utc)


@pytest.fixture(params=ENGINES)
def url(request: pytest.FixtureRequest) -> str:
    return database_url(request, request.param)


def write_steps(folder: Path, *texts: str) -> Schema:
    desired = Schema()
    for i, text in enumerate(texts, start=1):
        desired = load_text(text)
        assert add_migration(folder, f"Step{i}", desired, now=day(i)).migration is not None
    return desired


def introspect(url: str) -> Schema:
    with connect(url) as (dialect, session):
        return dialect.introspect(session).sorted()


def history(url: str) -> list:
    with connect(url) as (dialect, session):
        return History(session, dialect).rows()


def test_up_down_up_leaves_the_same_schema_and_keeps_other_data(url: str, tmp_path: Path) -> None:
    execute(
        url,
        "CREATE TABLE keep_me (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO keep_me VALUES (1, 'a'), (2, 'b')",
    )
    write_steps(tmp_path, USERS, STEP2, STEP3)
    first = migrate(url, tmp_path, "up")
    assert [m.status for m in first.migrations] == ["applied"] * 3
    after_up = introspect(url)
    down = migrate(url, tmp_path, "down", to="0")
    assert [m.id for m in down.migrations] == ["20240103000000", "20240102000000", "20240101000000"]
    assert [t.name for t in introspect(url).tables] == ["keep_me"]
    assert history(url) == []
    migrate(url, tmp_path, "up")
    assert introspect(url) == after_up
    assert query(url, "SELECT id, v FROM keep_me ORDER BY id") == [(1, "a"), (2, "b")]
    assert [r.id for r in history(url)] == ["20240101000000", "20240102000000", "20240103000000"]


def test_after_migrate_up_the_declarative_plan_is_empty(url: str, tmp_path: Path) -> None:
    desired = write_steps(tmp_path, USERS, STEP2, STEP3)
    migrate(url, tmp_path, "up", to="20240102000000")
    execute(
        url,
        "INSERT INTO users (email, name) VALUES ('a@x', 'A')",
        "INSERT INTO orders (user_id, status) VALUES (1, 'paid')",
    )
    migrate(url, tmp_path, "up")
    with connect(url) as (dialect, session):
        plan = plan_session(session, dialect, desired)
    assert plan.empty, [f"{op.kind} {op.table_name}" for op in plan.ops]
    assert query(url, "SELECT state FROM orders") == [("paid",)]


def test_down_steps_reverts_only_the_newest(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS, STEP2)
    migrate(url, tmp_path, "up")
    report = migrate(url, tmp_path, "down", steps=1)
    assert [m.name for m in report.migrations] == ["Step2"]
    users = introspect(url).table("users")
    assert users is not None and "phone" not in users.column_names
    assert [r.name for r in history(url)] == ["Step1"]


def test_dry_run_prints_sql_and_changes_nothing(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS, STEP2)
    report = migrate(url, tmp_path, "up", dry_run=True)
    assert [m.status for m in report.migrations] == ["dry_run", "dry_run"]
    assert any("CREATE TABLE" in sql for sql in report.migrations[0].statements)
    assert any("phone" in sql for sql in report.migrations[1].statements)
    assert introspect(url).tables == ()


FAILING = """
from npa_schema.migrations.builder import Operations


def up(op: Operations) -> None:
    op.create_table("dup", op.column("id", "int"), op.column("code", "string(10)"), primary_key=["id"])
    op.sql("INSERT INTO dup (id, code) VALUES (1, 'x'), (2, 'x')")
    op.add_unique("dup", ["code"])
    op.create_index("dup", ["id", "code"])


def down(op: Operations) -> None:
    op.drop_table("dup")
"""


def test_a_migration_failing_half_way(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS)
    (tmp_path / "20240105000000_Dup.py").write_text(FAILING)
    rehash(tmp_path)
    with pytest.raises(RunFailed) as raised:
        migrate(url, tmp_path, "up")
    report, cause = raised.value.report, raised.value.cause
    assert [m.status for m in report.migrations] == ["applied", "failed"]
    assert isinstance(cause, ApplyError) and "INSERT INTO dup" not in cause.failed
    assert "uq_dup_code" in cause.failed or "_npa_new_dup" in cause.failed  # SQLite adds it by a rebuild
    states = {e.name: e.state for e in _entries(url, tmp_path)}
    assert states["Step1"] == "applied"
    if not url.startswith("mysql"):
        assert cause.rolled_back and cause.ran == []
        assert "dup" not in [t.name for t in introspect(url).tables]
        assert states["Dup"] == "pending"
        return
    # MariaDB commits DDL as it runs: the report names what ran, status says partial, and after the
    # cause is fixed, migrate up resumes after the last completed statement.
    assert len(cause.ran) == 2 and "CREATE TABLE" in cause.ran[0]
    assert states["Dup"] == "partial"
    row = next(r for r in history(url) if r.name == "Dup")
    assert (row.statements_done, row.statements_total) == (2, 4) and "Duplicate" in (row.error or "")
    execute(url, "DELETE FROM dup WHERE id = 2")
    resumed = migrate(url, tmp_path, "up")
    assert [(m.name, m.resumed_after) for m in resumed.migrations] == [("Dup", 2)]
    assert query(url, "SELECT id, code FROM dup") == [(1, "x")]
    dup = introspect(url).table("dup")
    assert dup is not None and [u.name for u in dup.uniques] == ["uq_dup_code"]
    assert [(r.name, r.status) for r in history(url)] == [("Step1", "applied"), ("Dup", "applied")]


def _entries(url: str, folder: Path):
    return compute(discover(folder), history(url))


def test_a_tampered_applied_migration_is_refused_by_name(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS)
    migrate(url, tmp_path, "up")
    first = discover(tmp_path)[0]
    first.path.write_text(first.path.read_text().replace('"string(50)"', '"string(60)"'))
    with pytest.raises(MigrationError, match=r"npa\.sum does not match") as raised:
        migrate(url, tmp_path, "up")
    assert first.filename in raised.value.message
    rehash(tmp_path)  # someone "fixes" the sum: the history checksum still catches it
    with pytest.raises(MigrationError, match=re.escape(f"changed since they ran: {first.filename}")):
        migrate(url, tmp_path, "up")
    assert {e.state for e in _entries(url, tmp_path)} == {"changed"}


def test_an_older_migration_merged_after_newer_ones_is_reported(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS, STEP2)
    migrate(url, tmp_path, "up")
    (tmp_path / "20240101120000_FromBranch.py").write_text(
        "def up(op):\n    op.add_column('users', 'nick', 'string(20)', nullable=True)\n\n\n"
        "def down(op):\n    op.drop_column('users', 'nick')\n"
    )
    with pytest.raises(MigrationError, match=r"npa\.sum"):
        migrate(url, tmp_path, "up")
    rehash(tmp_path)
    assert {e.name: e.state for e in _entries(url, tmp_path)}["FromBranch"] == "out_of_order"
    with pytest.raises(MigrationError, match=r"out of order: 20240101120000_FromBranch\.py"):
        migrate(url, tmp_path, "up")
    report = migrate(url, tmp_path, "up", allow_out_of_order=True)
    assert [m.name for m in report.migrations] == ["FromBranch"]


def test_four_concurrent_migrate_up_record_each_migration_once(url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS, STEP2, STEP3)
    env = {k: v for k, v in os.environ.items() if k not in ("NPA_DATABASE_URL", "DATABASE_URL")}
    command = [
        sys.executable,
        "-m",
        "npa_schema",
        "migrate",
        "up",
        "-u",
        url,
        "--migrations-dir",
        str(tmp_path),
    ]
    procs = [
        subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    ids = [r.id for r in history(url)]
    assert ids == ["20240101000000", "20240102000000", "20240103000000"]
    assert sum("Nothing to do" in out for _, out, _ in results) == 3


@pytest.mark.parametrize("engine", [e for e in ENGINES if get_dialect(e).capabilities.transactional_ddl])
def test_transaction_all_rolls_back_every_migration_of_the_run(engine: str, tmp_path: Path, request) -> None:
    url = database_url(request, engine)
    write_steps(tmp_path, USERS)
    (tmp_path / "20240105000000_Dup.py").write_text(FAILING)
    rehash(tmp_path)
    with pytest.raises(RunFailed) as raised:
        migrate(url, tmp_path, "up", transaction="all")
    assert [m.status for m in raised.value.report.migrations] == ["rolled_back", "failed"]
    assert introspect(url).tables == ()
    assert history(url) == []


def test_transaction_none_on_postgres_records_progress_and_resumes(pg_url: str, tmp_path: Path) -> None:
    write_steps(tmp_path, USERS)
    (tmp_path / "20240105000000_Dup.py").write_text(FAILING)
    rehash(tmp_path)
    with pytest.raises(RunFailed):
        migrate(pg_url, tmp_path, "up", transaction="none")
    assert {e.name: e.state for e in _entries(pg_url, tmp_path)}["Dup"] == "partial"
    execute(pg_url, "DELETE FROM dup WHERE id = 2")
    report = migrate(pg_url, tmp_path, "up")  # a partial migration resumes statement by statement
    assert [(m.name, m.resumed_after) for m in report.migrations] == [("Dup", 2)]
    assert {e.state for e in _entries(pg_url, tmp_path)} == {"applied"}


REVERT_FAILING = """
from npa_schema.migrations.builder import Operations


def up(op: Operations) -> None:
    op.create_table(
        "dup",
        op.column("id", "int"),
        op.column("code", "string(10)"),
        op.column("extra", "int", nullable=True),
        primary_key=["id"],
    )


def down(op: Operations) -> None:
    op.drop_column("dup", "extra")
    op.add_unique("dup", ["code"])
    op.drop_table("dup")
"""


@pytest.mark.parametrize("engine", ["mysql", "postgres"])
def test_a_down_failing_half_way_is_reverting_and_resumes(engine: str, tmp_path: Path, request) -> None:
    """Where statements commit one by one (MariaDB; PostgreSQL with --transaction none) a failed down
    leaves the migration `reverting`; up is refused until `migrate down` resumes and finishes it."""
    url = request.getfixturevalue({"mysql": "mysql_url", "postgres": "pg_url"}[engine])
    write_steps(tmp_path, USERS)
    (tmp_path / "20240105000000_Dup.py").write_text(REVERT_FAILING)
    rehash(tmp_path)
    migrate(url, tmp_path, "up")
    execute(url, "INSERT INTO dup (id, code) VALUES (1, 'x'), (2, 'x')")
    with pytest.raises(RunFailed) as raised:
        migrate(url, tmp_path, "down", transaction="none")
    cause = raised.value.cause
    assert isinstance(cause, ApplyError) and not cause.rolled_back and len(cause.ran) == 1
    assert "uq_dup_code" in cause.failed and "DROP TABLE" in cause.pending[0]
    row = next(r for r in history(url) if r.name == "Dup")
    assert (row.status, row.statements_done, row.statements_total) == ("reverting", 1, 3)
    assert {e.name: e.state for e in _entries(url, tmp_path)}["Dup"] == "reverting"
    with pytest.raises(MigrationError, match="reverted only part-way"):
        migrate(url, tmp_path, "up")
    execute(url, "DELETE FROM dup WHERE id = 2")
    resumed = migrate(url, tmp_path, "down")
    assert [(m.name, m.status, m.resumed_after) for m in resumed.migrations] == [("Dup", "reverted", 1)]
    assert "dup" not in [t.name for t in introspect(url).tables]
    assert [r.name for r in history(url)] == ["Step1"]
