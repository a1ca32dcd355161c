"""One capability check before any statement, the same for validate, plan and apply: on MariaDB an
expression index is refused by all three, and apply refuses it before creating anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from npa_schema.declarative import apply
from npa_schema.entities import load_schema
from npa_schema.errors import SpecErrors
from tests.cli.test_cli_servers import project
from tests.cli.test_cli_sqlite import npa
from tests.support import query

pytestmark = pytest.mark.mysql

# three tables before the one the server cannot hold: a check made late would have created them
EXPRESSION_INDEX = """\
table: a1
columns: {id: {type: int, primary_key: true}}
---
table: a2
columns: {id: {type: int, primary_key: true}}
---
table: a3
columns: {id: {type: int, primary_key: true}}
---
table: accounts
columns:
  id:    {type: int, primary_key: true}
  email: {type: string(100)}
indexes:
  - {expressions: ["lower(email)"], name: ix_accounts_email}
"""
FINDING = "has no expression indexes"


def tables(url: str) -> list[str]:
    return [r[0] for r in query(url, "SHOW TABLES")]


def test_apply_on_mariadb_refuses_an_expression_index_before_any_statement(
    tmp_path: Path, mysql_url: str
) -> None:
    folder = project(tmp_path, EXPRESSION_INDEX)
    applied = npa(folder, "apply", "-y", "--url", mysql_url)
    assert applied.returncode == 1, applied.stdout + applied.stderr
    assert FINDING in applied.stderr and "schema/app.yaml:15" in applied.stderr  # file:line of the index
    assert "Apply complete" not in applied.stdout and "internal error" not in applied.stderr
    assert tables(mysql_url) == []  # nothing was created


def test_plan_and_validate_report_the_same_finding(tmp_path: Path, mysql_url: str) -> None:
    folder = project(tmp_path, EXPRESSION_INDEX)
    planned = npa(folder, "plan", "--url", mysql_url)
    assert planned.returncode == 1 and FINDING in planned.stderr
    # without a connection, --dialect mariadb is that server's check; --dialect mysql cannot tell
    # (MySQL 8.0.13+ has expression indexes) and says so as a warning, not "valid" in silence
    strict = npa(folder, "validate", "--dialect", "mariadb")
    assert strict.returncode == 1 and FINDING in strict.stderr and "schema/app.yaml:15" in strict.stderr
    either = npa(folder, "validate", "--dialect", "mysql", "--format", "json")
    assert either.returncode == 0, either.stderr
    warnings = json.loads(either.stdout)["warnings"]
    assert len(warnings) == 1 and FINDING in warnings[0]["message"]
    assert "schema/app.yaml:15" in warnings[0]["message"]
    text = npa(folder, "validate", "--dialect", "mysql")
    assert "1 warning" in text.stdout and FINDING in text.stdout
    assert tables(mysql_url) == []


def test_the_library_apply_checks_a_bare_schema_against_the_server(tmp_path: Path, mysql_url: str) -> None:
    folder = project(tmp_path, EXPRESSION_INDEX)
    schema = load_schema(folder / "schema").schema
    with pytest.raises(SpecErrors, match=FINDING):
        apply(mysql_url, schema)
    assert tables(mysql_url) == []
