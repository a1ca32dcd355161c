"""Every convergence case on every live engine: apply each step, plan again (must be empty), and
count the rows that must survive. The cases cover every operation kind the planner emits."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlglot import exp

from npa_schema.dialects import get_dialect
from npa_schema.urls import parse_url
from tests.casefiles import RENDER_DIR, case_paths, load_case, load_render_case
from tests.support import converge, execute, query
from tests.unit.test_differ_cases import label

CASES = case_paths()
RENDER_CASES = sorted(RENDER_DIR.glob("*.yaml"))


def insert_sql(dialect_name: str, table: str, row: dict) -> str:
    dialect = get_dialect(dialect_name)
    columns = [exp.to_identifier(c, quoted=True) for c in row]
    values = exp.values([tuple(exp.convert(v) for v in row.values())])
    return exp.insert(values, exp.Table(this=exp.to_identifier(table, quoted=True)), columns=columns).sql(
        dialect=dialect.sqlglot_name
    )


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_converges(path: Path, engine_url: str) -> None:
    case = load_case(path)
    dialect = parse_url(engine_url).dialect
    if dialect not in case.engines:
        pytest.skip(case.skip_reason(dialect))
    for number, step in enumerate(case.steps, 1):
        plan = converge(engine_url, step.schema, allow_destructive=step.destructive)
        if step.ops is not None:
            assert [label(op) for op in plan.ops] == step.ops, f"step {number}"
        for table, rows in step.rows.items():
            execute(engine_url, *(insert_sql(dialect, table, row) for row in rows))
        for table, count in step.rows_after.items():
            quoted = get_dialect(dialect).quote(table)
            assert query(engine_url, f"SELECT COUNT(*) FROM {quoted}")[0][0] == count, (
                f"step {number}: {table}"
            )


@pytest.mark.parametrize("path", RENDER_CASES, ids=[p.stem for p in RENDER_CASES])
def test_render_case_converges(path: Path, engine_url: str) -> None:
    """Each one-operation render case, applied for real: current, then desired, each re-planned empty."""
    case = load_render_case(path)
    dialect = parse_url(engine_url).dialect
    if dialect not in case.engines:
        pytest.skip(case.skip_reason(dialect))
    for step in case.steps:
        converge(engine_url, step.schema, allow_destructive=step.destructive)
