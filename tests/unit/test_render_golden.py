"""The SQL each dialect renders for every convergence case, against golden files reviewed by hand
(tests/golden/<dialect>/<case>.sql). Offline: the 'current' schema of a step is the previous step's
schema normalised by the dialect, which is what the live tests prove introspection returns.
Set NPA_UPDATE_GOLDEN=1 to rewrite the files, then review the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlglot

from npa_schema.dialects import get_dialect
from npa_schema.model import Schema
from npa_schema.plan import make_plan
from tests.casefiles import ALL_DIALECTS, GOLDEN_DIR, case_paths, load_case

CASES = case_paths()
FOREIGN_SYNTAX = {
    "mssql": ("BOOLEAN", "JSONB", "SERIAL", "AUTO_INCREMENT", "SET NOT NULL", "`"),
    "postgres": ("AUTO_INCREMENT", "`", "NVARCHAR", "IDENTITY(1"),
    "mysql": ("JSONB", "SERIAL", "NVARCHAR", "IDENTITY(1", "SET NOT NULL"),
    "sqlite": ("JSONB", "NVARCHAR", "IDENTITY(1", "`"),
}


def render_case(path: Path, dialect_name: str) -> list[str]:
    case = load_case(path)
    dialect = get_dialect(dialect_name)
    current = Schema()
    out: list[str] = []
    for number, step in enumerate(case.steps, 1):
        plan = make_plan(step.schema, current, dialect, "(golden)", strict_renames=number > 1)
        out.append(f"-- step {number}")
        out.extend(f"{sql};" for sql in plan.statements)
        current = dialect.normalize(step.schema)
    return out


@pytest.mark.parametrize("dialect_name", ALL_DIALECTS)
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_rendered_sql_matches_golden(path: Path, dialect_name: str) -> None:
    case = load_case(path)
    if dialect_name not in case.engines:
        pytest.skip(case.skip_reason(dialect_name))
    lines = render_case(path, dialect_name)
    golden = GOLDEN_DIR / dialect_name / f"{path.stem}.sql"
    text = "\n".join(lines) + "\n"
    if os.environ.get("NPA_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text)
    assert golden.exists(), f"no golden file {golden}; create it with NPA_UPDATE_GOLDEN=1 and review it"
    assert text == golden.read_text()


@pytest.mark.parametrize("dialect_name", ALL_DIALECTS)
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_rendered_sql_parses_and_has_no_foreign_syntax(path: Path, dialect_name: str) -> None:
    case = load_case(path)
    if dialect_name not in case.engines:
        pytest.skip(case.skip_reason(dialect_name))
    dialect = get_dialect(dialect_name)
    assert dialect_name in FOREIGN_SYNTAX, f"say in FOREIGN_SYNTAX what must not appear in {dialect_name} SQL"
    for line in render_case(path, dialect_name):
        if line.startswith("--"):
            continue
        sql = line.rstrip(";")
        sqlglot.parse_one(sql, read=dialect.sqlglot_name)  # raises on what the dialect cannot read
        for token in FOREIGN_SYNTAX[dialect_name]:
            assert token not in sql.upper(), f"{dialect_name} SQL contains {token!r}: {sql}"
