"""The CLI as a user runs it: real processes in a fresh folder, on the embedded SQLite default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from npa_schema.dialects import NAMES

ADD_PHONE = "  phone:      {type: string(30), nullable: true}\n"


def npa(
    cwd: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NPA_DATABASE_URL", "DATABASE_URL")}
    full_env.update({"NO_COLOR": "1", "COLUMNS": "200", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "npa_schema", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        input=input,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    result = npa(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_init_apply_then_plan_has_no_changes(project: Path) -> None:
    assert (project / "npa.toml").is_file() and (project / "schema" / "users.yaml").is_file()
    first = npa(project, "plan", "--detailed-exitcode")
    assert first.returncode == 2, first.stdout + first.stderr
    assert not (project / ".npa" / "dev.db").exists()  # planning has no side effects
    assert "+ table users" in first.stdout and "Plan: " in first.stdout
    applied = npa(project, "apply", "--auto-approve")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Apply complete!" in applied.stdout
    assert (project / ".npa" / "dev.db").is_file()
    again = npa(project, "plan", "--detailed-exitcode")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes." in again.stdout


def test_plan_formats_and_saved_plan(project: Path) -> None:
    as_json = json.loads(npa(project, "plan", "--format", "json").stdout)
    assert as_json["summary"]["add"] >= 2 and as_json["dialect"] == "sqlite"
    sql = npa(project, "plan", "--format", "sql").stdout
    assert 'CREATE TABLE "users"' in sql and sql.rstrip().endswith(";")
    markdown = npa(project, "plan", "--format", "markdown").stdout
    assert "```diff" in markdown and "**Plan:" in markdown
    saved = npa(project, "plan", "-o", "plan.json")
    assert saved.returncode == 0 and (project / "plan.json").is_file()
    assert npa(project, "apply", "plan.json", "--auto-approve").returncode == 0
    # the database has moved on: the same saved plan is refused
    stale = npa(project, "apply", "plan.json", "--auto-approve")
    assert stale.returncode == 1 and "changed since this plan was made" in stale.stderr


def test_destructive_change_needs_consent(project: Path) -> None:
    assert npa(project, "apply", "--auto-approve").returncode == 0
    users = project / "schema" / "users.yaml"
    users.write_text(users.read_text().replace("  is_active:  {type: bool, default: true}\n", ""))
    refused = npa(project, "apply", "--auto-approve")
    assert refused.returncode == 1, refused.stdout
    assert "destructive" in refused.stderr and "--allow-destructive" in refused.stderr
    assert npa(project, "plan", "--detailed-exitcode").returncode == 2  # nothing was changed
    allowed = npa(project, "apply", "--auto-approve", "--allow-destructive")
    assert allowed.returncode == 0, allowed.stderr
    assert npa(project, "plan", "--detailed-exitcode").returncode == 0


def test_new_nullable_column_applies_and_converges(project: Path) -> None:
    assert npa(project, "apply", "--auto-approve").returncode == 0
    users = project / "schema" / "users.yaml"
    users.write_text(users.read_text().replace("indexes:", ADD_PHONE.rstrip("\n") + "\nindexes:", 1))
    plan = npa(project, "plan")
    assert "+ column phone: string(30), null" in plan.stdout, plan.stdout
    assert npa(project, "apply", "--auto-approve").returncode == 0
    assert npa(project, "plan", "--detailed-exitcode").returncode == 0


def test_apply_without_terminal_asks_for_auto_approve(project: Path) -> None:
    result = npa(project, "apply")
    assert result.returncode == 1 and "--auto-approve" in result.stderr
    assert (
        not (project / ".npa" / "dev.db").exists()
        or npa(project, "plan", "--detailed-exitcode").returncode == 2
    )


def test_pull_round_trip_plans_empty(project: Path) -> None:
    assert npa(project, "apply", "--auto-approve").returncode == 0
    pulled = npa(project, "pull", "--out", "pulled")
    assert pulled.returncode == 0, pulled.stderr
    assert sorted(p.name for p in (project / "pulled").glob("*.yaml")) == ["orders.yaml", "users.yaml"]
    again = npa(project, "plan", "--detailed-exitcode", "-s", "pulled")
    assert again.returncode == 0, again.stdout + again.stderr


def test_offline_script_needs_no_database(project: Path) -> None:
    for dialect in NAMES:
        result = npa(project, "plan", "--offline", "--dialect", dialect, "--format", "sql")
        assert result.returncode == 0, result.stderr
        assert "CREATE TABLE" in result.stdout
    assert not (project / ".npa" / "dev.db").exists()


def test_validate_reports_ok(project: Path) -> None:
    result = npa(project, "validate")
    assert result.returncode == 0 and "2 tables" in result.stdout


def test_database_seed_twice_changes_nothing_the_second_time(project: Path) -> None:
    users = project / "schema" / "users.yaml"
    users.write_text(users.read_text() + "seed:\n  - {id: 1, email: admin@example.com, name: Admin}\n")
    assert npa(project, "apply", "--auto-approve").returncode == 0
    first = npa(project, "database", "seed")
    assert first.returncode == 0 and "1 inserted" in first.stdout, first.stdout + first.stderr
    second = json.loads(npa(project, "database", "seed", "--format", "json").stdout)
    assert second == {"inserted": 0, "updated": 0, "unchanged": 1}


def test_database_validate_and_schema_diff_report_drift(project: Path) -> None:
    assert npa(project, "apply", "--auto-approve").returncode == 0
    assert npa(project, "database", "validate").returncode == 0
    users = project / "schema" / "users.yaml"
    users.write_text(users.read_text().replace("  is_active:  {type: bool, default: true}\n", ""))
    drift = npa(project, "database", "validate")
    assert drift.returncode == 2 and "Drift" in drift.stdout
    report = json.loads(npa(project, "schema", "diff", "--format", "json").stdout)
    assert report["highest_risk"] == "high" and report["changes"][0]["op"] == "drop_column"


def test_schema_sync_writes_a_corrective_migration_that_removes_the_drift(project: Path) -> None:
    import sqlite3

    assert npa(project, "migration", "add", "Initial").returncode == 0
    assert npa(project, "migrate", "up").returncode == 0
    with sqlite3.connect(project / ".npa" / "dev.db") as conn:  # someone changes the database by hand
        conn.execute("ALTER TABLE users ADD COLUMN hacked TEXT")
        conn.execute("DROP INDEX ix_users_name")
    assert npa(project, "schema", "diff").returncode == 2
    written = json.loads(npa(project, "schema", "sync", "FixDrift", "--format", "json").stdout)
    assert written["written"].endswith("_FixDrift.py")
    assert [c["op"] for c in written["changes"]] == ["drop_column", "create_index"]
    assert npa(project, "migrate", "up").returncode == 0
    assert npa(project, "schema", "diff").returncode == 0
    again = json.loads(npa(project, "schema", "sync", "--format", "json").stdout)
    assert again == {"written": None, "in_sync": True}


def _apply_on_a_terminal(folder: Path, answer: str) -> tuple[int, str]:
    """Run `npa apply` with a pseudo-terminal as its stdin/stdout (as a person at a shell), answer the
    prompt, and return the exit code and what it printed."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NPA_DATABASE_URL", "DATABASE_URL")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200"})
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "npa_schema", "apply"],
        cwd=folder,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    out = b""
    while b"Only 'yes' will be accepted" not in out:
        out += os.read(master, 4096)
    os.write(master, answer.encode() + b"\n")
    code = proc.wait(timeout=60)
    try:
        while chunk := os.read(master, 4096):
            out += chunk
    except OSError:
        pass  # the terminal closed with the process
    os.close(master)
    return code, out.decode(errors="replace")


def test_apply_asks_on_a_terminal_and_only_yes_applies(project: Path) -> None:
    code, out = _apply_on_a_terminal(project, "no")
    assert code == 1 and "Apply cancelled; nothing was changed." in out
    assert npa(project, "plan", "--detailed-exitcode").returncode == 2
    code, out = _apply_on_a_terminal(project, "yes")
    assert code == 0 and "Apply complete!" in out
    assert npa(project, "plan", "--detailed-exitcode").returncode == 0


def test_the_sql_script_run_by_hand_converges_like_apply(project: Path) -> None:
    import sqlite3

    assert npa(project, "apply", "--auto-approve").returncode == 0
    users = project / "schema" / "users.yaml"  # a change that needs a rebuild (drop a column)
    users.write_text(users.read_text().replace("  is_active:  {type: bool, default: true}\n", ""))
    script = npa(project, "plan", "--format", "sql").stdout
    assert script.startswith("-- npa runs this") and "PRAGMA foreign_keys = OFF;" in script
    with sqlite3.connect(project / ".npa" / "dev.db", isolation_level=None) as conn:
        conn.executescript(script)
    assert npa(project, "plan", "--detailed-exitcode").returncode == 0
