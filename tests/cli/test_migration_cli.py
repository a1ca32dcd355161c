"""The versioned workflow as a user runs it: `npa` processes in a fresh folder, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import database_url

USERS = """\
table: users
columns:
  id:    {type: bigint, primary_key: true, identity: true}
  email: {type: string(255), unique: true}
"""
ORDERS = """\
table: orders
columns:
  id:      {type: bigint, primary_key: true, identity: true}
  user_id: {type: bigint, references: users.id, on_delete: cascade}
  total:   {type: "decimal(18,2)", default: 0}
"""
PHONE = "  phone: {type: string(100), nullable: true}\n"


def npa(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NPA_DATABASE_URL", "DATABASE_URL", "CI")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "npa_schema", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, (
        f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "users.yaml").write_text(USERS)
    (tmp_path / "schema" / "orders.yaml").write_text(ORDERS)
    return tmp_path


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    return database_url(request, request.param)


def statuses(project: Path, url: str) -> dict[str, str]:
    data = json.loads(ok(npa(project, "migration", "status", "-u", url, "--format", "json")).stdout)
    return {m["name"]: m["status"] for m in data["migrations"]}


def test_acceptance_add_up_plan_down_up(project: Path, url: str) -> None:
    added = ok(npa(project, "migration", "add", "Initial"))
    assert "wrote" in added.stdout and "Initial.py" in added.stdout
    (project / "schema" / "users.yaml").write_text(USERS + PHONE)
    ok(npa(project, "migration", "add", "AddPhone"))
    nothing = ok(npa(project, "migration", "add", "Nothing"))
    assert "No changes" in nothing.stdout
    files = sorted(p.name for p in (project / "migrations").glob("*.py"))
    assert [f.split("_", 1)[1] for f in files] == ["Initial.py", "AddPhone.py"]

    up = ok(npa(project, "migrate", "up", "-u", url))
    assert "2 migration(s) applied" in up.stdout
    assert ok(npa(project, "plan", "-u", url, "--detailed-exitcode")).stdout.startswith("No changes")
    assert statuses(project, url) == {"Initial": "applied", "AddPhone": "applied"}

    ok(npa(project, "migrate", "down", "--steps", "1", "-u", url, "--auto-approve"))
    assert statuses(project, url) == {"Initial": "applied", "AddPhone": "pending"}
    assert npa(project, "plan", "-u", url, "--detailed-exitcode").returncode == 2

    again = ok(npa(project, "migrate", "up", "-u", url, "--format", "json"))
    assert [m["name"] for m in json.loads(again.stdout)["migrations"]] == ["AddPhone"]
    assert npa(project, "plan", "-u", url, "--detailed-exitcode").returncode == 0


def test_list_status_and_dry_run_formats(project: Path, sqlite_url: str) -> None:
    ok(npa(project, "migration", "add", "Initial"))
    listed = json.loads(ok(npa(project, "migration", "list", "--format", "json")).stdout)
    assert [m["name"] for m in listed["migrations"]] == ["Initial"] and listed["database"] is None
    dry = ok(npa(project, "migrate", "up", "--dry-run", "-u", sqlite_url))
    assert 'CREATE TABLE "users"' in dry.stdout and "nothing was run" in dry.stdout
    listed = json.loads(ok(npa(project, "migration", "list", "-u", sqlite_url, "--format", "json")).stdout)
    assert [m["status"] for m in listed["migrations"]] == ["pending"]


def test_list_and_remove_consult_the_default_database_once_it_exists(project: Path) -> None:
    ok(npa(project, "migration", "add", "Initial"))
    listed = json.loads(ok(npa(project, "migration", "list", "--format", "json")).stdout)
    assert listed["database"] is None and not (project / ".npa" / "dev.db").exists()
    ok(npa(project, "migrate", "up"))  # no URL anywhere: the embedded default, .npa/dev.db
    listed = json.loads(ok(npa(project, "migration", "list", "--format", "json")).stdout)
    assert listed["database"].endswith(".npa/dev.db")
    assert [m["status"] for m in listed["migrations"]] == ["applied"]
    refused = npa(project, "migration", "remove")
    assert refused.returncode == 1 and "is applied" in refused.stderr


def test_down_needs_confirmation_without_a_terminal(project: Path, sqlite_url: str) -> None:
    ok(npa(project, "migration", "add", "Initial"))
    ok(npa(project, "migrate", "up", "-u", sqlite_url))
    refused = npa(project, "migrate", "down", "-u", sqlite_url)
    assert refused.returncode == 1 and "--auto-approve" in refused.stderr
    assert statuses(project, sqlite_url) == {"Initial": "applied"}


def test_bad_input_is_one_clear_error(project: Path) -> None:
    bad = npa(project, "migration", "add", "add-phone")
    assert (
        bad.returncode == 1 and "not a valid migration name" in bad.stderr and "Traceback" not in bad.stderr
    )
    ok(npa(project, "migration", "add", "Initial"))
    refused = npa(project, "migration", "script", "--dialect", "mysql", "--idempotent")
    assert refused.returncode == 1 and "--idempotent is not possible for mysql" in refused.stderr


def test_remove_hash_and_sql_migrations(project: Path, sqlite_url: str) -> None:
    ok(npa(project, "migration", "add", "Initial"))
    (project / "schema" / "users.yaml").write_text(USERS + PHONE)
    ok(npa(project, "migration", "add", "AddPhone", "--sql", "--dialect", "sqlite"))
    folder = next((project / "migrations").glob("*_AddPhone"))
    assert 'ADD COLUMN "phone"' in (folder / "up.sql").read_text()
    ok(npa(project, "migrate", "up", "-u", sqlite_url, "--to", folder.name.split("_")[0]))
    refused = npa(project, "migration", "remove", "-u", sqlite_url)
    assert refused.returncode == 1 and "is applied" in refused.stderr
    ok(npa(project, "migrate", "down", "-u", sqlite_url, "-y"))
    ok(npa(project, "migration", "remove", "-u", sqlite_url))
    assert not folder.exists()
    assert "No changes" not in ok(npa(project, "migration", "add", "AddPhone")).stdout  # snapshot restored
    (project / "migrations" / "npa.sum").write_text("total 0\n")
    assert npa(project, "migrate", "up", "-u", sqlite_url).returncode == 1
    ok(npa(project, "migration", "hash"))
    ok(npa(project, "migrate", "up", "-u", sqlite_url))


def test_idempotent_script_runs_on_any_state_of_postgres(project: Path, pg_url: str) -> None:
    import psycopg

    ok(npa(project, "migration", "add", "Initial"))
    (project / "schema" / "users.yaml").write_text(USERS + PHONE)
    ok(npa(project, "migration", "add", "AddPhone"))
    script = project / "deploy.sql"
    ok(npa(project, "migration", "script", "--idempotent", "--dialect", "postgres", "-o", str(script)))
    first = sorted(p.name for p in (project / "migrations").glob("*.py"))[0].split("_")[0]
    ok(npa(project, "migrate", "up", "-u", pg_url, "--to", first))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(script.read_text())  # applies AddPhone only
        conn.execute(script.read_text())  # and then nothing
    assert statuses(project, pg_url) == {"Initial": "applied", "AddPhone": "applied"}
    assert npa(project, "plan", "-u", pg_url, "--detailed-exitcode").returncode == 0
