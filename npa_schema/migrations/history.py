"""The history table ``npa_migrations_history``: what ran, when, by whom, and how far.

The table is a model :class:`Table` created through the dialect's own renderer, so its DDL is right on
every engine; every statement against it is a sqlglot expression printed for the dialect (literals,
no driver placeholders), so the same statements can go into a reviewed SQL script.

``status`` is ``applied``; ``partial`` while (or after failing) part-way through ``up`` on an engine
that commits DDL as it runs; ``reverting`` likewise for ``down``. ``statements_done`` and
``done_hash`` (SHA-256 of the statements that completed) let a re-run resume exactly after them.
"""

from __future__ import annotations

import getpass
import hashlib
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import DatabaseError
from npa_schema.model import Column, Default, PrimaryKey, Schema, Table, pk_name
from npa_schema.types import ColumnType
from npa_schema.version import __version__

HISTORY_TABLE = "npa_migrations_history"
APPLIED, PARTIAL, REVERTING = "applied", "partial", "reverting"

_S = ColumnType
HISTORY_MODEL = Table(
    HISTORY_TABLE,
    (
        Column("id", _S("string", (32,))),
        Column("name", _S("string", (255,))),
        Column("checksum", _S("string", (64,))),
        Column("applied_at", _S("datetime")),
        Column("execution_ms", _S("bigint"), nullable=True),
        Column("applied_by", _S("string", (255,)), nullable=True),
        Column("tool_version", _S("string", (32,)), nullable=True),
        Column("status", _S("string", (16,)), default=Default("string", APPLIED)),
        Column("statements_done", _S("int"), default=Default("number", "0")),
        Column("statements_total", _S("int"), default=Default("number", "0")),
        Column("done_hash", _S("string", (64,)), nullable=True),
        Column("error", _S("text"), nullable=True),
    ),
    primary_key=PrimaryKey(pk_name(HISTORY_TABLE), ("id",)),
)
COLUMNS = tuple(c.name for c in HISTORY_MODEL.columns)


@dataclass(frozen=True)
class HistoryRow:
    id: str
    name: str
    checksum: str
    applied_at: Any
    execution_ms: int | None
    applied_by: str | None
    tool_version: str | None
    status: str
    statements_done: int
    statements_total: int
    done_hash: str | None
    error: str | None


def statements_hash(statements: Sequence[str]) -> str:
    return hashlib.sha256("\x1e".join(s.strip() for s in statements).encode()).hexdigest()


def applied_by() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user database entry (containers)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"[:255]


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class HistorySQL:
    """The statements on the history table, printed for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        from sqlglot.dialects.dialect import Dialect as SqlglotDialect

        self.dialect = dialect
        self.sg = SqlglotDialect.get_or_raise(dialect.sqlglot_name)

    def _gen(self, expression: Any) -> str:
        return self.sg.generate(expression, identify=True)

    def create(self) -> list[str]:
        from npa_schema.ops import CreateTable

        schema = self.dialect.normalize(Schema((HISTORY_MODEL,)))
        table = schema.table(HISTORY_TABLE) or HISTORY_MODEL
        return [sql for step in self.dialect.render([CreateTable(table)], Schema()) for sql in step.sql]

    def select(self) -> str:
        from sqlglot import exp

        query = exp.select(*(exp.column(c, quoted=True) for c in COLUMNS)).from_(_table())
        return self._gen(query.order_by(exp.column("id", quoted=True)))

    def insert(self, values: dict[str, Any]) -> str:
        from sqlglot import exp

        names = [c for c in COLUMNS if c in values]
        target = exp.Schema(this=_table(), expressions=[exp.to_identifier(c, quoted=True) for c in names])
        row = exp.Tuple(expressions=[_literal(values[c]) for c in names])
        return self._gen(exp.Insert(this=target, expression=exp.Values(expressions=[row])))

    def update(self, migration_id: str, values: dict[str, Any]) -> str:
        from sqlglot import exp

        sets = [exp.EQ(this=exp.column(k, quoted=True), expression=_literal(v)) for k, v in values.items()]
        return self._gen(exp.Update(this=_table(), expressions=sets, where=_where_id(migration_id)))

    def delete(self, migration_id: str) -> str:
        from sqlglot import exp

        return self._gen(exp.Delete(this=_table(), where=_where_id(migration_id)))

    def exists_condition(self, migration_id: str) -> str:
        """``SELECT 1 FROM history WHERE id = '...'`` for the guards of an idempotent script."""
        from sqlglot import exp

        query = exp.select(exp.Literal.number(1)).from_(_table()).where(_where_id(migration_id).this)
        return self._gen(query)


def _table() -> Any:
    from sqlglot import exp

    return exp.Table(this=exp.to_identifier(HISTORY_TABLE, quoted=True))


def _where_id(migration_id: str) -> Any:
    from sqlglot import exp

    return exp.Where(
        this=exp.EQ(this=exp.column("id", quoted=True), expression=exp.Literal.string(migration_id))
    )


def _literal(value: Any) -> Any:
    from sqlglot import exp

    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Literal.number(int(value))
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, SqlExpression):
        return exp.Anonymous(this=value.text) if value.text.endswith("()") else exp.var(value.text)
    return exp.Literal.string(str(value))


@dataclass(frozen=True)
class SqlExpression:
    """A value written as SQL (``CURRENT_TIMESTAMP`` in scripts) rather than as a literal."""

    text: str


class History:
    """The history table of one live database."""

    def __init__(self, session: Session, dialect: Dialect) -> None:
        self.session = session
        self.sql = HistorySQL(dialect)

    def exists(self) -> bool:
        try:
            with self.session.transaction():
                self.session.query(self.sql.select())
        except DatabaseError:
            return False
        return True

    def ensure(self) -> None:
        if self.exists():
            return
        with self.session.transaction():
            for sql in self.sql.create():
                self.session.execute(sql)

    def rows(self) -> list[HistoryRow]:
        if not self.exists():
            return []
        return [_row(r) for r in self.session.query(self.sql.select())]

    def insert(self, **values: Any) -> None:
        base = {"applied_at": now_text(), "applied_by": applied_by(), "tool_version": __version__}
        self.session.execute(self.sql.insert({**base, **values}))

    def update(self, migration_id: str, **values: Any) -> None:
        self.session.execute(self.sql.update(migration_id, values))

    def delete(self, migration_id: str) -> None:
        self.session.execute(self.sql.delete(migration_id))


def _row(raw: tuple[Any, ...]) -> HistoryRow:
    data = dict(zip(COLUMNS, raw, strict=False))
    data["statements_done"] = int(data["statements_done"] or 0)
    data["statements_total"] = int(data["statements_total"] or 0)
    data["execution_ms"] = int(data["execution_ms"]) if data["execution_ms"] is not None else None
    data["id"] = str(data["id"])
    return HistoryRow(**data)
