"""Rows a column change cannot keep, counted before anything runs.

Narrowing a column (a shorter string, a smaller integer or decimal, fewer enum values) or making it
NOT NULL fails on the rows that do not fit, or worse, cuts them to fit: a cast to ``varchar(10)`` on
PostgreSQL, any engine that is not strict, SQLite, which keeps the long value under the new type.
So before the first statement, every such change counts its offending rows, and a plan with any is
refused with the counts, on every engine alike. Queries are built with sqlglot and printed in the
dialect's own SQL; the table and column are where they are before the plan runs (renames in the
same plan are undone), and tables the plan creates are skipped (they hold nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sqlglot import exp

from npa_schema import ops as o
from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import PlanError
from npa_schema.model import Column
from npa_schema.types import INTEGER_RANK, ColumnType

#: the values each portable integer type holds
INTEGER_RANGES = {
    "smallint": (-(2**15), 2**15 - 1),
    "int": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_STRINGS = ("string", "char")
#: the offending rows' condition, given the column
RowFilter = Callable[[exp.Expression], exp.Expression]
_NUMBERS = ("decimal", "float", "double", *INTEGER_RANK)


@dataclass(frozen=True)
class Offending:
    """``count`` rows of ``table`` whose ``column`` is ``why`` (as the plan will change it)."""

    table: str
    column: str
    why: str
    count: int

    def __str__(self) -> str:
        return f"{self.table}.{self.column}: {self.count} row(s) {self.why}"


def check_data(session: Session, dialect: Dialect, ops: Sequence[o.Op]) -> None:
    """Refuse the plan (PlanError, with the counts) when a change would truncate or reject rows."""
    found = offending_rows(session, dialect, ops)
    if found:
        raise PlanError(
            "the plan would truncate or reject existing rows: " + "; ".join(str(f) for f in found),
            hint="fix or delete those rows first (or keep the column as it is), then plan again",
        )


def offending_rows(session: Session, dialect: Dialect, ops: Sequence[o.Op]) -> list[Offending]:
    """One ``COUNT(*)`` per condition of each changed column; only the conditions some row meets."""
    found = []
    for table, column, why, condition in _conditions(ops, dialect.capabilities.not_null_fills_default):
        query = exp.select(exp.Count(this=exp.Star())).from_(_table(table)).where(condition(_column(column)))
        count = int(session.query(query.sql(dialect=dialect.sqlglot_name))[0][0] or 0)
        if count:
            found.append(Offending(table, column, why, count))
    return found


def _conditions(ops: Sequence[o.Op], fills_default: bool) -> Iterator[tuple[str, str, str, RowFilter]]:
    """(table, column before the plan, why, condition on the column) for each narrowing change."""
    created: set[str] = set()
    table_before: dict[str, str] = {}  # name during the plan -> name before it
    column_before: dict[tuple[str, str], str] = {}
    for op in ops:
        if isinstance(op, o.CreateTable):
            created.add(op.table_def.name)
        elif isinstance(op, o.RenameTable):
            table_before[op.new_name] = table_before.pop(op.table, op.table)
            if op.table in created:
                created.discard(op.table)
                created.add(op.new_name)
        elif isinstance(op, o.RenameColumn):
            key = (op.table, op.old_name)
            column_before[(op.table, op.new_name)] = column_before.pop(key, op.old_name)
        elif isinstance(op, o.AlterColumn) and op.table not in created:
            table = table_before.get(op.table, op.table)
            column = column_before.get((op.table, op.old.name), op.old.name)
            for why, condition in _column_conditions(op.old, op.new, fills_default):
                yield table, column, why, condition


def _column_conditions(old: Column, new: Column, fills_default: bool) -> Iterator[tuple[str, RowFilter]]:
    if old.nullable and not new.nullable and not (fills_default and new.default is not None):
        yield "NULL, and the column becomes NOT NULL", lambda c: exp.Is(this=c, expression=exp.Null())
    yield from _type_conditions(old.type, new.type)


def _type_conditions(old: ColumnType, new: ColumnType) -> Iterator[tuple[str, RowFilter]]:
    if new.name in _STRINGS and old.name in (*_STRINGS, "text"):
        length = new.args[0]
        if old.name == "text" or old.args[0] > length:
            yield (
                f"longer than {length} characters (the new {new})",
                lambda c: exp.GT(this=exp.Length(this=c), expression=exp.Literal.number(length)),
            )
    elif new.is_integer and old.name in _NUMBERS and not (old.is_integer and _rank(old) <= _rank(new)):
        low, high = INTEGER_RANGES[new.name]
        yield (
            f"outside {new.name}'s range ({low} to {high})",
            lambda c: exp.Or(
                this=exp.LT(this=c, expression=exp.Literal.number(low)),
                expression=exp.GT(this=c.copy(), expression=exp.Literal.number(high)),
            ),
        )
    elif new.name == "decimal" and old.name in _NUMBERS:
        precision, scale = new.args
        limit = 10 ** (precision - scale)
        if old.name != "decimal" or old.args[0] - old.args[1] > precision - scale:
            yield (
                f"of {limit} or more in absolute value (the new {new} holds less)",
                lambda c: exp.GTE(this=exp.Abs(this=c), expression=exp.Literal.number(limit)),
            )
    elif new.name == old.name == "enum":
        removed = sorted(set(old.values) - set(new.values))
        if removed:
            yield (
                f"holding {', '.join(removed)}, which the enum no longer has",
                lambda c: exp.In(this=c, expressions=[exp.Literal.string(v) for v in removed]),
            )


def _rank(t: ColumnType) -> int:
    return INTEGER_RANK[t.name]


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.Identifier(this=name, quoted=True))


def _column(name: str) -> exp.Column:
    return exp.Column(this=exp.Identifier(this=name, quoted=True))
