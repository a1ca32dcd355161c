"""Every SQL script npa writes, run by hand on every live engine as an application would run it
(foreign keys enforced), must keep the child rows a table rebuild could cascade-delete.

The case that lost data: ``posts.user_id`` references ``users`` ON DELETE CASCADE, and a migration
adds a check to ``users``. SQLite rebuilds ``users`` (``DROP TABLE "users"``); a script that does not
turn foreign-key enforcement off first deletes every post when it runs."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from npa_schema.dialects import get_dialect
from npa_schema.urls import parse_url
from tests.cli.test_migration_cli import npa, ok
from tests.conftest import ENGINES, database_url
from tests.support import execute, query

USERS = """\
table: users
columns:
  id:    {type: bigint, primary_key: true}
  email: {type: string(255)}
"""
CHECKED = USERS.replace("{type: string(255)}", """{type: string(255), check: "email like '%@%'"}""")
POSTS = """\
table: posts
columns:
  id:      {type: bigint, primary_key: true}
  user_id: {type: bigint, references: users.id, on_delete: cascade}
  title:   {type: string(100)}
"""


@pytest.fixture(params=ENGINES)
def url(request: pytest.FixtureRequest) -> str:
    return database_url(request, request.param)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "users.yaml").write_text(USERS)
    (tmp_path / "schema" / "posts.yaml").write_text(POSTS)
    return tmp_path


def dialect_of(url: str) -> str:
    return parse_url(url).dialect


def run_script(url: str, script: str) -> None:
    """The script as its reader would run it: the engine's own client, foreign keys enforced."""
    parsed = parse_url(url)
    if parsed.dialect == "sqlite":
        conn = sqlite3.connect(parsed.database or "", isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")  # as applications open SQLite
            conn.executescript(script)
        finally:
            conn.close()
        return
    if parsed.dialect == "postgres":
        command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    else:  # foreign_key_checks is on by default in a MariaDB session
        command = ["mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", "root", parsed.database or ""]
    done = subprocess.run(command, input=script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stderr}\nscript:\n{script}"


def seed(url: str) -> None:
    execute(
        url,
        "INSERT INTO users (id, email) VALUES (1, 'a@example.com')",
        "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'first'), (2, 1, 'second')",
    )


def posts(url: str) -> int:
    return query(url, "SELECT COUNT(*) FROM posts")[0][0]


def add_migrations(project: Path) -> str:
    """Initial (users, posts) and AddCheck (a check on users); returns Initial's id."""
    ok(npa(project, "migration", "add", "Initial"))
    (project / "schema" / "users.yaml").write_text(CHECKED)
    ok(npa(project, "migration", "add", "AddCheck"))
    return sorted(p.name for p in (project / "migrations").glob("*.py"))[0].split("_")[0]


def statuses(project: Path, url: str) -> dict[str, str]:
    data = json.loads(ok(npa(project, "migration", "status", "-u", url, "--format", "json")).stdout)
    return {m["name"]: m["status"] for m in data["migrations"]}


def converged(project: Path, url: str) -> bool:
    return npa(project, "plan", "-u", url, "--detailed-exitcode").returncode == 0


def test_plan_sql_script_keeps_child_rows(project: Path, url: str) -> None:
    ok(npa(project, "apply", "--auto-approve", "-u", url))
    seed(url)
    (project / "schema" / "users.yaml").write_text(CHECKED)
    script = ok(npa(project, "plan", "--format", "sql", "-u", url)).stdout
    run_script(url, script)
    assert posts(url) == 2
    assert converged(project, url)


def test_migration_script_keeps_child_rows(project: Path, url: str) -> None:
    first = add_migrations(project)
    name = dialect_of(url)
    run_script(url, ok(npa(project, "migration", "script", "--to", first, "--dialect", name)).stdout)
    seed(url)
    script = ok(npa(project, "migration", "script", "--from", first, "--dialect", name)).stdout
    if name == "sqlite":  # the case that lost data: a rebuild of the parent table
        assert 'DROP TABLE "users"' in script
    run_script(url, script)
    assert posts(url) == 2
    assert statuses(project, url) == {"Initial": "applied", "AddCheck": "applied"}
    assert converged(project, url)


def test_idempotent_migration_script_runs_twice_and_keeps_child_rows(project: Path, url: str) -> None:
    first = add_migrations(project)
    name = dialect_of(url)
    command = ["migration", "script", "--idempotent", "--dialect", name]
    if not get_dialect(name).capabilities.guarded_scripts:
        refused = npa(project, *command)
        assert refused.returncode == 1 and "--idempotent is not possible" in refused.stderr
        return
    script = ok(npa(project, *command)).stdout
    ok(npa(project, "migrate", "up", "--to", first, "-u", url))
    seed(url)
    run_script(url, script)  # runs AddCheck only
    run_script(url, script)  # and then nothing
    assert posts(url) == 2
    assert statuses(project, url) == {"Initial": "applied", "AddCheck": "applied"}
    assert converged(project, url)


def test_migrate_dry_run_output_is_a_script_that_keeps_child_rows(project: Path, url: str) -> None:
    first = add_migrations(project)
    ok(npa(project, "migrate", "up", "--to", first, "-u", url))
    seed(url)
    up = ok(npa(project, "migrate", "up", "--dry-run", "-u", url)).stdout
    assert statuses(project, url) == {"Initial": "applied", "AddCheck": "pending"}
    run_script(url, up)
    assert posts(url) == 2
    assert statuses(project, url) == {"Initial": "applied", "AddCheck": "applied"}
    assert converged(project, url)
    down = ok(npa(project, "migrate", "down", "--dry-run", "-u", url)).stdout
    run_script(url, down)
    assert posts(url) == 2
    assert statuses(project, url) == {"Initial": "applied", "AddCheck": "pending"}
