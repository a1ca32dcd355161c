"""Risk analysis of a list of operations: what can lose data, fail on existing rows, or lock a table."""

from __future__ import annotations

from dataclasses import dataclass

from npa_schema import ops as o
from npa_schema.types import is_narrowing

LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Risk:
    level: str
    reason: str


def assess(op: o.Op) -> Risk:
    if isinstance(op, o.DropTable):
        return Risk("high", "drops the table and all its rows")
    if isinstance(op, o.DropColumn):
        return Risk("high", "drops the column and its data")
    if isinstance(op, o.AlterColumn):
        return _alter_risk(op)
    if (
        isinstance(op, o.AddColumn)
        and not op.column.nullable
        and op.column.default is None
        and not op.column.identity
    ):
        return Risk("medium", "NOT NULL without a default fails on a table that has rows")
    if isinstance(op, (o.AddUnique, o.AddPrimaryKey)) or (isinstance(op, o.CreateIndex) and op.index.unique):
        return Risk("medium", "fails if existing rows hold duplicates")
    if isinstance(op, (o.AddForeignKey, o.AddCheck)):
        return Risk("medium", "validates every existing row; fails on rows that violate it")
    if isinstance(op, o.CreateIndex):
        return Risk("low", "builds an index (blocks writes to the table while it builds)")
    if isinstance(op, o.DropEnum):
        return Risk("medium", "drops a type; fails while a column still uses it")
    if isinstance(op, o.RawSQL):
        return Risk("medium", "hand-written SQL: not analysed")
    return Risk("low", "metadata change")


def _alter_risk(op: o.AlterColumn) -> Risk:
    changes = op.changes
    if "type" in changes and is_narrowing(op.old.type, op.new.type):
        return Risk("high", f"narrows {op.old.type} to {op.new.type}: values may be truncated or rejected")
    if "nullable" in changes and not op.new.nullable:
        return Risk("medium", "sets NOT NULL: fails while rows hold NULL")
    if "type" in changes:
        return Risk(
            "medium", f"changes type {op.old.type} → {op.new.type}: rewrites the table on most engines"
        )
    if op.destructive:
        return Risk("medium", "drops a default that NOT NULL inserts rely on")
    return Risk("low", "metadata change")


def highest(ops: list[o.Op]) -> str:
    levels = [LEVELS.index(assess(op).level) for op in ops]
    return LEVELS[max(levels)] if levels else "none"
