"""The bottom of the house imports nothing above it: the model, the operations, the replay and the
differ know no engine, no SQL parser, no driver and no workflow (docs/DESIGN.md, layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "npa_schema"
#: module → the npa_schema modules it may import
BOTTOM = {
    "types": set(),
    "errors": set(),
    "model": {"types"},
    "ops": {"model", "types"},
    "replay": {"model", "ops", "types", "errors"},
    "differ": {"model", "ops", "types", "errors", "replay"},
}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "npa_schema":
            names.update(f"npa_schema.{a.name}" for a in node.names)  # from npa_schema import ops
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(BOTTOM))
def test_the_bottom_layer_imports_only_what_is_below_it(module: str) -> None:
    outside = set()
    for name in imported(PACKAGE / f"{module}.py"):
        top, _, rest = name.partition(".")
        if top == "npa_schema":
            if rest.split(".")[0] not in BOTTOM[module]:
                outside.add(name)
        elif top in ("sqlglot", "psycopg", "pymysql", "pyodbc", "mssql_python", "jsonschema", "yaml"):
            outside.add(name)
    assert not outside, f"npa_schema/{module}.py imports {sorted(outside)}"
