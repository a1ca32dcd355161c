"""Differ cases as data (tests/cases/differ/*.yaml): current and desired entity documents, and the
operations expected in order. Adding a regression test is adding a file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlglot
import yaml
from sqlglot import exp

from npa_schema import ops as o
from npa_schema.dialects import rename_in_portable_expression
from npa_schema.differ import diff
from npa_schema.entities import load_documents
from npa_schema.errors import PlanError
from npa_schema.model import Enum, Schema

CASES = sorted((Path(__file__).parent.parent / "cases" / "differ").glob("*.yaml"))


def label(op: o.Op) -> str:
    """``kind table[.object]``: what a case file lists for each expected operation. Generated check
    names carry a hash, and primary keys are identified by their columns (MySQL names every key
    PRIMARY), so for these a case names only the table."""
    obj = None
    for attr in ("column", "index", "unique", "foreign_key", "new"):
        value = getattr(op, attr, None)
        if value is not None and hasattr(value, "name"):
            obj = value.name
            break
    if isinstance(op, o.RenameColumn):
        obj = op.old_name
    if isinstance(op, o.AddEnumValue):
        return f"{op.kind} {op.enum}.{op.value}"
    if isinstance(op, (o.CreateEnum, o.DropEnum)):
        return f"{op.kind} {op.enum.name}"
    return f"{op.kind} {op.table_name}" + (f".{obj}" if obj else "")


def mentioned_columns(op: o.Op) -> list[str]:
    """The columns a check's or an index's expressions name (``expressions:`` in a case)."""
    texts: list[str] = []
    if isinstance(op, (o.AddCheck, o.DropCheck)):
        texts = [op.check.expression]
    elif isinstance(op, (o.CreateIndex, o.DropIndex)):
        texts = [*op.index.expressions, *([op.index.where] if op.index.where else [])]
    return sorted({c.name for text in texts for c in sqlglot.parse_one(text).find_all(exp.Column)})


def with_enums(schema: Schema, case: dict, key: str) -> Schema:
    """Engine-level enum types (as a dialect's normalize adds them), listed in the case."""
    enums = tuple(Enum(e["name"], tuple(e["values"])) for e in case.get(key, []))
    return dataclasses.replace(schema, enums=enums)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_differ_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    current = with_enums(
        load_documents(case["current"] or [], filename=f"{path.name}#current"), case, "current_enums"
    )
    desired = with_enums(
        load_documents(case["desired"] or [], filename=f"{path.name}#desired"), case, "enums"
    )
    if "error" in case:
        with pytest.raises(PlanError, match=case["error"]):
            diff(desired, current, rename_in_expression=rename_in_portable_expression)
        return
    result = diff(desired, current, rename_in_expression=rename_in_portable_expression)
    assert [label(op) for op in result.ops] == case["ops"], case["description"]
    by_label = {label(op): op for op in result.ops}
    for op_label, columns in case.get("expressions", {}).items():
        assert mentioned_columns(by_label[op_label]) == sorted(columns), op_label
    if "destructive" in case:
        assert [label(op) for op in result.ops if op.destructive] == case["destructive"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_reversed_ops_undo_the_case(path: Path) -> None:
    """Every generated op has an inverse, and inverting twice is the identity."""
    case = yaml.safe_load(path.read_text())
    if "error" in case:
        pytest.skip("error case")
    current = load_documents(case["current"] or [], filename="current")
    desired = load_documents(case["desired"] or [], filename="desired")
    for op in diff(desired, current, rename_in_expression=rename_in_portable_expression).ops:
        assert op.reverse().reverse() == op
