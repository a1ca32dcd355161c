"""One operation → the SQL of every dialect, from data files (tests/cases/render/*.yaml): each case
is a current and a desired schema that differ by one kind of operation, and ``sql`` holds the
expected statements per dialect, so adding a dialect means adding a column of expectations. The
same cases run on the live engines in tests/integration/test_cases.py.

``NPA_UPDATE_GOLDEN=1`` writes the rendered SQL back into the files; review the diff by hand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlglot
import yaml

from npa_schema.dialects import get_dialect
from npa_schema.entities import load_documents
from npa_schema.plan import make_plan
from tests.casefiles import ALL_DIALECTS, RENDER_DIR

CASES = sorted(RENDER_DIR.glob("*.yaml"))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def rendered(case: dict, dialect_name: str) -> list[str]:
    dialect = get_dialect(dialect_name)
    current = dialect.normalize(load_documents(case["current"], filename="current"))
    desired = load_documents(case["desired"], filename="desired")
    return make_plan(desired, current, dialect, "(render case)").statements


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_render_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    applicable = [d for d in ALL_DIALECTS if d not in case.get("not_on", [])]
    got = {d: rendered(case, d) for d in applicable}
    if os.environ.get("NPA_UPDATE_GOLDEN") == "1":
        head = {k: v for k, v in case.items() if k != "sql"}
        text = yaml.dump(head, Dumper=_NoAliases, sort_keys=False, default_flow_style=None, width=120)
        text += yaml.dump(
            {"sql": got}, Dumper=_NoAliases, sort_keys=False, default_flow_style=False, width=100_000
        )
        path.write_text(text)
    for dialect_name in applicable:
        assert dialect_name in case["sql"], f"{path.name}: no expected SQL for {dialect_name}"
        assert got[dialect_name] == case["sql"][dialect_name], f"{path.name} [{dialect_name}]"
        for sql in got[dialect_name]:
            sqlglot.parse_one(sql, read=get_dialect(dialect_name).sqlglot_name)
