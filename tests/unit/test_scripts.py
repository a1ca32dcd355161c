"""The scripts npa writes, offline: each dialect's `migration script` (and `--idempotent` where the
engine has conditional blocks) against golden files reviewed by hand, SQL Server's parsed as T-SQL.
(tests/integration/test_scripts_engines.py runs them on the live engines.)
Set NPA_UPDATE_GOLDEN=1 to rewrite the golden files, then review the diff."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlglot

from npa_schema.cli.output import plan_markdown, plan_sql
from npa_schema.declarative import plan_offline
from npa_schema.dialects import NAMES, get_dialect
from npa_schema.dialects.base import ScriptPart
from npa_schema.entities import load_text
from npa_schema.errors import MigrationError
from npa_schema.migrations.authoring import rehash
from npa_schema.migrations.script import build_script
from npa_schema.version import __version__
from tests.casefiles import GOLDEN_DIR

PACKAGE = Path(__file__).resolve().parents[2] / "npa_schema"
INITIAL = """\
def up(op):
    op.create_table("users", op.column("id", "bigint"), op.column("email", "string(255)"), primary_key=["id"])
    op.create_table(
        "posts",
        op.column("id", "bigint"),
        op.column("user_id", "bigint"),
        op.column("title", "string(100)"),
        primary_key=["id"],
        foreign_keys=[op.foreign_key(["user_id"], "users", ["id"], on_delete="cascade")],
    )


def down(op):
    op.drop_table("posts")
    op.drop_table("users")
"""
ADD_CHECK = """\
def up(op):
    op.add_check("users", "email <> 'it''s'", name="ck_users_email")


def down(op):
    op.drop_check("users", "ck_users_email")
"""

INITIAL_ENTITIES = """\
table: users
columns:
  id:    {type: bigint, primary_key: true}
"""


@pytest.fixture(scope="module")
def migrations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("migrations")
    (folder / "20240101000000_Initial.py").write_text(INITIAL)
    (folder / "20240102000000_AddCheck.py").write_text(ADD_CHECK)
    rehash(folder)
    return folder


def golden(dialect: str, name: str, text: str) -> None:
    text = text.replace(__version__, "<version>")
    path = GOLDEN_DIR / dialect / f"{name}.sql"
    if os.environ.get("NPA_UPDATE_GOLDEN") == "1":
        path.write_text(text)
    assert path.exists(), f"no golden file {path}; create it with NPA_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text()


@pytest.mark.parametrize("dialect", NAMES)
def test_migration_script_matches_golden(migrations: Path, dialect: str) -> None:
    golden(dialect, "script_migrations", build_script(migrations, get_dialect(dialect)))


@pytest.mark.parametrize("dialect", NAMES)
def test_idempotent_script_matches_golden_or_is_refused(migrations: Path, dialect: str) -> None:
    engine = get_dialect(dialect)
    if not engine.capabilities.guarded_scripts:
        with pytest.raises(MigrationError, match="--idempotent is not possible"):
            build_script(migrations, engine, idempotent=True)
        return
    golden(dialect, "script_migrations_idempotent", build_script(migrations, engine, idempotent=True))


def test_sqlite_scripts_turn_foreign_keys_off_before_any_transaction(migrations: Path) -> None:
    script = build_script(migrations, get_dialect("sqlite"))
    lines = script.splitlines()
    assert lines.index("PRAGMA foreign_keys = OFF;") < lines.index("BEGIN;")
    assert lines.count("PRAGMA foreign_key_check;") == lines.count("COMMIT;") == 2
    assert 'DROP TABLE "users";' in lines  # adding the check rebuilds the parent table


def test_mssql_script_parses_as_tsql(migrations: Path) -> None:
    script = build_script(migrations, get_dialect("mssql"))
    kinds = [type(e).__name__ for e in sqlglot.parse(script, read="tsql")]
    assert kinds.count("Transaction") == kinds.count("Commit") == 2


def test_mssql_idempotent_script_guards_statements_that_parse_as_tsql(migrations: Path) -> None:
    script = build_script(migrations, get_dialect("mssql"), idempotent=True)
    guarded = re.findall(r"^    EXEC\(N'(.*)'\);$", script, flags=re.MULTILINE)
    assert len(guarded) == 6  # history table; two tables and a row; a check and a row
    for sql in guarded:
        sqlglot.parse_one(sql.replace("''", "'"), read="tsql")
    assert script.count("IF NOT EXISTS (SELECT 1 FROM [npa_migrations_history] WHERE [id] = ") == 2


def test_a_plan_script_part_has_no_transaction_when_empty() -> None:
    assert get_dialect("postgres").script([ScriptPart(())]) == ""
    assert get_dialect("postgres").script([ScriptPart(("SELECT 1",))]) == "BEGIN;\nSELECT 1;\nCOMMIT;\n"


def test_the_markdown_plan_shows_the_script_apply_runs() -> None:
    plan = plan_offline(load_text(INITIAL_ENTITIES), "sqlite")
    markdown = plan_markdown(plan)
    assert plan_sql(plan).rstrip("\n") in markdown and "PRAGMA foreign_keys = OFF;" in markdown
