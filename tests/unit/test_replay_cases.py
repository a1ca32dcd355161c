"""Replaying operations on a model, from data files (tests/cases/replay/*.yaml): a schema, operations
(in their JSON form), and what the schema holds afterwards, or the error. Every case runs with each
registered dialect's expression renamer (on the schema that dialect normalised) and with the portable
one, since the differ, migrations and SQLite's rebuild all replay through the one module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlglot
import yaml
from sqlglot import exp

from npa_schema.dialects import NAMES, get_dialect, rename_in_portable_expression
from npa_schema.entities import load_documents
from npa_schema.errors import ReplayError
from npa_schema.model import Schema, Table
from npa_schema.ops import op_from_dict
from npa_schema.replay import RenameInExpression, apply_ops

CASES = sorted((Path(__file__).parent.parent / "cases" / "replay").glob("*.yaml"))
PORTABLE = "portable"


def setting(name: str, schema: Schema) -> tuple[Schema, RenameInExpression, str | None]:
    """(the schema as this dialect has it, its renamer, the sqlglot dialect its expressions are in)."""
    if name == PORTABLE:
        return schema, rename_in_portable_expression, None
    dialect = get_dialect(name)
    return dialect.normalize(schema), dialect.rename_in_expression, dialect.sqlglot_name


def mentioned(text: str | None, read: str | None, kind: type[exp.Expression] = exp.Column) -> list[str]:
    """The column names (or string literals) an expression names, sorted, lower-case."""
    if text is None:
        return []
    tree = sqlglot.parse_one(text, read=read)
    if kind is exp.Literal:
        return sorted({n.this for n in tree.find_all(exp.Literal) if n.is_string})
    return sorted({n.name.lower() for n in tree.find_all(exp.Column)})


def check_table(table: Table, expected: dict[str, Any], read: str | None) -> None:
    if "columns" in expected:
        assert list(table.column_names) == expected["columns"]
    if "primary_key" in expected:
        assert table.primary_key is not None and list(table.primary_key.columns) == expected["primary_key"]
    checks = {c.name: c.expression for c in table.checks}
    for name, columns in expected.get("checks", {}).items():
        assert mentioned(checks[name], read) == sorted(columns), f"check {name}: {checks[name]}"
    for name, literals in expected.get("literals", {}).items():
        assert mentioned(checks[name], read, exp.Literal) == sorted(literals), f"check {name}: {checks[name]}"
    indexes = {i.name: i for i in table.indexes}
    for name, want in expected.get("indexes", {}).items():
        index = indexes[name]
        assert list(index.columns) == want.get("columns", []), f"index {name}"
        named = sorted({c for e in index.expressions for c in mentioned(e, read)})
        assert named == sorted(want.get("expressions", [])), f"index {name}: {index.expressions}"
        assert mentioned(index.where, read) == sorted(want.get("where", [])), f"index {name}: {index.where}"
    fks = {f.name: f for f in table.foreign_keys}
    for name, want in expected.get("foreign_keys", {}).items():
        fk = fks[name]
        assert (list(fk.columns), fk.ref_table, list(fk.ref_columns)) == (
            want["columns"],
            want["ref_table"],
            want["ref_columns"],
        ), f"foreign key {name}"


@pytest.mark.parametrize("renamer", [PORTABLE, *NAMES])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_replay_case(path: Path, renamer: str) -> None:
    case = yaml.safe_load(path.read_text())
    schema, rename_in_expression, read = setting(
        renamer, load_documents(case["schema"], filename=f"{path.name}#schema")
    )
    ops = [op_from_dict(op) for op in case["ops"]]
    if "error" in case:
        with pytest.raises(ReplayError, match=case["error"]):
            apply_ops(schema, ops, rename_in_expression)
        return
    after = apply_ops(schema, ops, rename_in_expression)
    assert sorted(t.name for t in after.tables) == sorted(case["expect"])
    for name, expected in case["expect"].items():
        table = after.table(name)
        assert table is not None, name
        check_table(table, expected, read)


def test_every_operation_kind_is_replayed() -> None:
    """A new kind of operation must say what it does to the model (raw SQL alone is opaque)."""
    from npa_schema import ops as o
    from npa_schema import replay

    handled = {*replay._SCHEMA_OPS, *replay._TABLE_OPS, o.RawSQL}
    assert set(o.ALL_OPS) == handled, (
        f"teach replay.py {sorted(c.__name__ for c in set(o.ALL_OPS) - handled)}"
    )
