"""A renamed column is renamed inside checks, partial-index predicates and index expressions in every
use of the model replay, proven on the live engines: the differ (the inverse of a plan, as a corrective
migration's ``down`` runs it) and migrations replayed offline (``migration script``, ``--dry-run``).
SQLite's rebuild, the third use, is covered by tests/cases/converge/rename_column_in_expressions.yaml."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from npa_schema.dialects import get_dialect
from npa_schema.entities import load_text
from npa_schema.migrations.authoring import add_corrective, add_migration
from npa_schema.migrations.files import discover
from npa_schema.migrations.runner import migrate
from npa_schema.urls import parse_url
from tests.cli.test_migration_cli import npa, ok
from tests.conftest import ENGINES, database_url
from tests.integration.test_scripts_engines import run_script
from tests.support import converge, execute, query, replan

#: live engines with partial indexes (and expression indexes: MariaDB has neither)
EXPRESSION_INDEXES = tuple(e for e in ENGINES if get_dialect(e).capabilities.partial_indexes)

ORDERS = """
table: orders
columns:
  id:   {type: int, primary_key: true}
  qty:  {type: int, check: "qty > 0"}
  code: {type: string(10)}
checks:
  - {name: ck_orders_limit, expression: "qty < 1000 OR code = 'bulk'"}
"""
INDEXES = """
indexes:
  - {name: ix_orders_open, columns: [id], where: "qty > 1"}
  - {name: ix_orders_lower, expressions: ["lower(code)"]}
"""
RENAMED = (
    ORDERS.replace(
        'qty:  {type: int, check: "qty > 0"}', 'amount: {type: int, renamed_from: qty, check: "amount >= 0"}'
    )
    .replace("code: {type: string(10)}", "label: {type: string(10), renamed_from: code}")
    .replace("qty < 1000 OR code = 'bulk'", "amount < 1000 OR label = 'bulk'")
)
RENAMED_INDEXES = """
indexes:
  - {name: ix_orders_open_amount, columns: [id], where: "amount > 1"}
  - {name: ix_orders_lower_label, expressions: ["lower(label)"]}
"""


def texts(url: str) -> tuple[str, str]:
    """(before, after the renames) for this engine."""
    if parse_url(url).dialect in EXPRESSION_INDEXES:
        return ORDERS + INDEXES, RENAMED + RENAMED_INDEXES
    return ORDERS, RENAMED


def at(n: int) -> datetime:
    return datetime(2024, 1, n, tzinfo=timezone.utc)


def test_the_inverse_of_a_plan_that_renames_a_column_in_a_check_runs(engine_url: str, tmp_path: Path) -> None:
    """``npa schema sync`` writes the plan's inverse as ``down``: it re-adds the dropped check and
    index before renaming back, so they must name the column as it is then (the new name)."""
    url = engine_url
    before, after = (load_text(t) for t in texts(url))
    converge(url, before)
    execute(url, "INSERT INTO orders (id, qty, code) VALUES (1, 5, 'a'), (2, 7, 'bulk')")
    plan = replan(url, after)
    assert [op.kind for op in plan.ops][:2] == ["rename_column", "rename_column"]
    add_corrective(tmp_path, "Sync", plan.ops, now=at(1))
    migrate(url, tmp_path, "up")
    assert replan(url, after).empty
    migrate(url, tmp_path, "down", steps=1)
    assert replan(url, before).empty
    assert query(url, "SELECT id, qty, code FROM orders ORDER BY id") == [(1, 5, "a"), (2, 7, "bulk")]


# --- migrations replayed offline ---------------------------------------------------------------------

STEP1 = ORDERS.replace('  qty:  {type: int, check: "qty > 0"}', "  qty:  {type: int}") + INDEXES
#: the check and indexes keep their names: only the engine's RENAME COLUMN changes them
STEP2 = (
    STEP1.replace("qty:  {type: int}", "amount: {type: int, renamed_from: qty}")
    .replace("code: {type: string(10)}", "label: {type: string(10), renamed_from: code}")
    .replace("qty < 1000 OR code = 'bulk'", "amount < 1000 OR label = 'bulk'")
    .replace('where: "qty > 1"', 'where: "amount > 1"')
    .replace("lower(code)", "lower(label)")
)
#: a unique key: a table rebuild on SQLite, which re-creates the check and indexes from the replay
STEP3 = STEP2 + "unique:\n  - [label]\n"


@pytest.fixture
def three_migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    for n, text in enumerate((STEP1, STEP2, STEP3), start=1):
        assert add_migration(folder, f"Step{n}", load_text(text), now=at(n)).migration is not None
    return folder


@pytest.mark.parametrize("engine", EXPRESSION_INDEXES)
def test_a_migration_script_rebuilds_with_the_renamed_column(
    engine: str, three_migrations: Path, request: pytest.FixtureRequest
) -> None:
    """``migration script`` renders migration 3 against migrations 1-2 replayed offline: on SQLite its
    rebuild re-creates the check and indexes, which must name the column by its new name."""
    url = database_url(request, engine)
    first = discover(three_migrations)[0].id
    migrate(url, three_migrations, "up", to=first)
    execute(url, "INSERT INTO orders (id, qty, code) VALUES (1, 5, 'a'), (2, 7, 'bulk')")
    args = ("--dialect", engine, "--from", first, "--migrations-dir", str(three_migrations))
    run_script(url, ok(npa(three_migrations.parent, "migration", "script", *args)).stdout)
    assert replan(url, load_text(STEP3)).empty
    assert query(url, "SELECT id, amount, label FROM orders ORDER BY id") == [(1, 5, "a"), (2, 7, "bulk")]


@pytest.mark.parametrize("engine", EXPRESSION_INDEXES)
def test_a_dry_run_renders_later_migrations_with_the_renamed_column(
    engine: str, three_migrations: Path, request: pytest.FixtureRequest
) -> None:
    """``migrate up --dry-run`` renders every migration after the first against the replayed model."""
    url = database_url(request, engine)
    first = discover(three_migrations)[0].id
    migrate(url, three_migrations, "up", to=first)
    report = migrate(url, three_migrations, "up", dry_run=True)
    third = report.migrations[-1].statements
    assert third and not any("qty" in sql or "code" in sql for sql in third), third
    migrate(url, three_migrations, "up")
    assert replan(url, load_text(STEP3)).empty
