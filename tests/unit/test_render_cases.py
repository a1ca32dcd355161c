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
from tests.casefiles import ALL_DIALECTS, RENDER_DIR, expected_render_sql, not_on

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
    skipped = not_on(case, path.name)
    applicable = [d for d in ALL_DIALECTS if d not in skipped]
    got = {d: rendered(case, d) for d in applicable}
    if os.environ.get("NPA_UPDATE_GOLDEN") == "1":
        head = {k: v for k, v in case.items() if k != "sql"}
        text = yaml.dump(head, Dumper=_NoAliases, sort_keys=False, default_flow_style=None, width=120)
        text += yaml.dump(
            {"sql": got}, Dumper=_NoAliases, sort_keys=False, default_flow_style=False, width=100_000
        )
        path.write_text(text)
    expected = expected_render_sql(case, path.name)
    for dialect_name in applicable:
        assert got[dialect_name] == expected[dialect_name], f"{path.name} [{dialect_name}]"
        for sql in got[dialect_name]:
            sqlglot.parse_one(sql, read=get_dialect(dialect_name).sqlglot_name)


def test_the_base_renderer_has_a_method_for_every_operation_kind() -> None:
    """Every dialect's renderer starts from sqlbuild.Renderer, which names every kind (raising for what
    the generic SQL cannot do), so a new kind fails loudly until each dialect decides."""
    from npa_schema.dialects.sqlbuild import Renderer
    from npa_schema.ops import OPS_BY_KIND

    missing = [kind for kind in OPS_BY_KIND if not callable(getattr(Renderer, f"render_{kind}", None))]
    assert not missing, f"sqlbuild.Renderer has no render_<kind> for {missing}"
