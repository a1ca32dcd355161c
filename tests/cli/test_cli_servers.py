"""The CLI against the live servers: the acceptance flows of the declarative core and the dialects
issue, as a user runs them (real processes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot
from sqlglot.tokens import TokenType

from tests.cli.test_cli_sqlite import npa
from tests.support import execute, query

TWO_ENTITIES = """\
table: users
columns:
  id:     {type: bigint, primary_key: true, identity: true}
  email:  {type: string(255), unique: true}
  name:   {type: string(50)}
  active: {type: bool, default: true}
---
table: orders
columns:
  id:       {type: bigint, primary_key: true, identity: true}
  user_id:  {type: bigint, references: users.id, on_delete: cascade}
  total:    {type: decimal(18,2), default: 0}
  status:   {type: string(20), default: new, check: "status in ('new', 'paid')"}
  order:    {type: int, default: 0}
indexes:
  - columns: [user_id, status]
"""


def project(tmp_path: Path, text: str = TWO_ENTITIES) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(text)
    return tmp_path


@pytest.mark.parametrize("fixture", ["pg_url", "mysql_url"])
def test_two_entities_converge_then_change_then_drop(tmp_path: Path, fixture: str, request) -> None:
    url = request.getfixturevalue(fixture)
    folder = project(tmp_path)
    assert npa(folder, "apply", "-y", "--url", url).returncode == 0
    assert npa(folder, "plan", "--detailed-exitcode", "--url", url).returncode == 0
    schema = folder / "schema" / "app.yaml"
    schema.write_text(
        TWO_ENTITIES.replace("string(50)", "string(200)").replace(
            "  active: {type: bool, default: true}\n",
            "  active: {type: bool, default: true}\n  phone: {type: string(30), nullable: true}\n",
        )
    )
    changed = npa(folder, "apply", "-y", "--url", url)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert npa(folder, "plan", "--detailed-exitcode", "--url", url).returncode == 0
    schema.write_text(schema.read_text().replace("  active: {type: bool, default: true}\n", ""))
    refused = npa(folder, "apply", "-y", "--url", url)
    assert refused.returncode == 1 and "--allow-destructive" in refused.stderr
    assert npa(folder, "apply", "-y", "--allow-destructive", "--url", url).returncode == 0
    assert npa(folder, "plan", "--detailed-exitcode", "--url", url).returncode == 0
    pulled = npa(folder, "pull", "--out", "pulled", "--url", url)
    assert pulled.returncode == 0, pulled.stderr
    assert npa(folder, "plan", "--detailed-exitcode", "-s", "pulled", "--url", url).returncode == 0


def test_second_apply_waits_for_the_lock_then_fails_clearly(tmp_path: Path, pg_url: str) -> None:
    folder = project(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, psycopg; c = psycopg.connect(sys.argv[1], autocommit=True);"
                "from npa_schema.dialects.postgres.driver import LOCK_KEY;"
                "c.execute('SELECT pg_advisory_lock(%s)', (LOCK_KEY,)); print('held', flush=True); sys.stdin.read()"
            ),
            pg_url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = npa(folder, "apply", "-y", "--lock-timeout", "1", "--url", pg_url)
        assert result.returncode == 1
        assert "another npa process" in result.stderr and "Traceback" not in result.stderr
        assert query(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0] == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert npa(folder, "apply", "-y", "--url", pg_url).returncode == 0


def test_failed_mariadb_apply_reports_what_ran_and_a_rerun_converges(tmp_path: Path, mysql_url: str) -> None:
    folder = project(
        tmp_path, "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n  code: {type: string(10)}\n"
    )
    assert npa(folder, "apply", "-y", "--url", mysql_url).returncode == 0
    execute(mysql_url, "INSERT INTO `t` (`id`, `code`) VALUES (1, 'x'), (2, 'x')")
    (folder / "schema" / "app.yaml").write_text(
        "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n  code: {type: string(10)}\n"
        "  a: {type: int, nullable: true}\n  b: {type: int, nullable: true}\n"
        "indexes:\n  - {columns: [code], unique: true, name: ux_t_code}\n"
    )
    failed = npa(folder, "apply", "-y", "--url", mysql_url)
    assert failed.returncode == 1, failed.stdout
    assert "statements that ran (2)" in failed.stderr and "Duplicate" in failed.stderr
    assert re.search(r"✓ ALTER TABLE `t` ADD COLUMN `a`", failed.stderr)
    assert "✗ CREATE UNIQUE INDEX `ux_t_code`" in failed.stderr
    execute(mysql_url, "DELETE FROM `t` WHERE `id` = 2")
    rerun = npa(folder, "apply", "-y", "--url", mysql_url)
    assert rerun.returncode == 0, rerun.stderr
    assert "1 added" in rerun.stdout  # only the index was left to do
    assert npa(folder, "plan", "--detailed-exitcode", "--url", mysql_url).returncode == 0


def test_wrong_mariadb_password_is_one_clear_masked_error(tmp_path: Path, mysql_url: str) -> None:
    folder = project(tmp_path)
    wrong = mysql_url.replace("root@", "root:not-the-password@")
    result = npa(folder, "plan", "--url", wrong)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not-the-password" not in result.stderr and "***" in result.stderr


def test_offline_mssql_script_parses_as_tsql_without_foreign_syntax(tmp_path: Path) -> None:
    folder = project(tmp_path)
    result = npa(folder, "plan", "--offline", "--dialect", "mssql", "-s", "schema", "--format", "sql")
    assert result.returncode == 0, result.stderr
    statements = [s for s in result.stdout.split(";\n") if s.strip()]
    assert any("IDENTITY(1, 1)" in s or "IDENTITY(1,1)" in s for s in statements)
    for sql in statements:
        sqlglot.parse_one(sql, read="tsql")
        upper = sql.upper()
        for token in ("BOOLEAN", "JSONB", "SERIAL", "AUTO_INCREMENT", "SET NOT NULL", "`"):
            assert token not in upper, sql
        quoted = [t for t in sqlglot.tokenize(sql, read="tsql") if t.token_type == TokenType.IDENTIFIER]
        assert all('"' not in t.text for t in quoted)


def test_the_postgres_sql_script_is_one_transaction_and_converges(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    folder = project(tmp_path)
    script = npa(folder, "plan", "--format", "sql", "--url", pg_url).stdout
    assert script.startswith("BEGIN;\n") and script.rstrip().endswith("COMMIT;")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(script)  # as a DBA would run the reviewed script
    assert npa(folder, "plan", "--detailed-exitcode", "--url", pg_url).returncode == 0
