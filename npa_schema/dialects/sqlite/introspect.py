"""SQLite catalog → Schema in four queries, however many tables there are.

The table-valued pragma functions (``pragma_table_xinfo`` ...) joined to ``sqlite_master`` give
columns, indexes and foreign keys for every table at once. What the pragmas do not keep (constraint
names, CHECK expressions, AUTOINCREMENT, partial-index predicates, index expressions) is read by
parsing ``sqlite_master.sql`` with sqlglot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

import sqlglot
from sqlglot import exp

from npa_schema.dialects.base import INTERNAL_TABLES, Session
from npa_schema.dialects.sqlite import canonical
from npa_schema.dialects.sqlite.types import portable_type
from npa_schema.errors import DatabaseError
from npa_schema.model import (
    Check,
    Column,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
    check_name,
    fk_name,
    pk_name,
    unique_name,
)

_USER_TABLES = (
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL%'"
)

Q_MASTER = "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_master m WHERE m.type IN ('table', 'index')"
Q_COLUMNS = (
    'SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden '
    f"FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE {_USER_TABLES} ORDER BY m.name, p.cid"
)
Q_INDEXES = (
    'SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.seqno, ii.name '
    "FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii "
    f"WHERE {_USER_TABLES} ORDER BY m.name, il.name, ii.seqno"
)
Q_FOREIGN_KEYS = (
    'SELECT m.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete '
    f"FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE {_USER_TABLES} "
    "ORDER BY m.name, f.id, f.seq"
)


@dataclass
class ParsedTable:
    """What only the CREATE TABLE text knows."""

    pk_name: str | None = None
    autoincrement: str | None = None
    unique_names: dict[tuple[str, ...], str] = field(default_factory=dict)
    fk_names: dict[tuple[tuple[str, ...], str], str] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)


def introspect(session: Session) -> Schema:
    master = _query(session, Q_MASTER)
    columns = _query(session, Q_COLUMNS)
    indexes = _query(session, Q_INDEXES)
    foreign_keys = _query(session, Q_FOREIGN_KEYS)

    table_sql = {name: sql for kind, name, _t, sql in master if kind == "table"}
    index_sql = {name: sql for kind, name, _t, sql in master if kind == "index" and sql}
    cols_by_table: dict[str, list[tuple]] = defaultdict(list)
    for row in columns:
        cols_by_table[row[0]].append(row)
    idx_by_table: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in indexes:
        idx_by_table[row[0]][row[1]].append(row)
    fks_by_table: dict[str, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in foreign_keys:
        fks_by_table[row[0]][row[1]].append(row)

    tables = []
    for name in sorted(cols_by_table):
        if name in INTERNAL_TABLES:
            continue
        parsed = parse_create_table(name, table_sql.get(name) or "")
        tables.append(
            _table(name, cols_by_table[name], idx_by_table[name], fks_by_table[name], parsed, index_sql)
        )
    return Schema(tables=tuple(tables))


def _query(session: Session, sql: str) -> list[tuple]:
    session.query_count += 1
    return session.query(sql)


def _table(
    name: str,
    column_rows: list[tuple],
    index_rows: dict[str, list[tuple]],
    fk_rows: dict[int, list[tuple]],
    parsed: ParsedTable,
    index_sql: dict[str, str],
) -> Table:
    columns = []
    pk_cols: list[tuple[int, str]] = []
    for _t, _cid, col, declared, notnull, dflt, pk, hidden in column_rows:
        if hidden:  # generated and hidden columns cannot be copied by a rebuild; not modelled
            continue
        column_type = portable_type(declared or "")
        identity = parsed.autoincrement == col
        columns.append(
            Column(
                name=col,
                type=column_type,
                nullable=not notnull and not pk,
                default=None if identity else canonical.default_from_sql(dflt, column_type.name == "bool"),
                identity=identity,
            )
        )
        if pk:
            pk_cols.append((pk, col))
    primary_key = None
    if pk_cols:
        pk_columns = tuple(c for _, c in sorted(pk_cols))
        primary_key = PrimaryKey(parsed.pk_name or pk_name(name), pk_columns)

    indexes, uniques = [], []
    for index_name, rows in sorted(index_rows.items()):
        origin = rows[0][3]
        cols = tuple(r[6] for r in rows if r[6] is not None)
        if origin == "pk":
            continue
        if origin == "u":
            uniques.append(Unique(parsed.unique_names.get(cols) or unique_name(name, cols), cols))
            continue
        indexes.append(_index(index_name, bool(rows[0][2]), cols, index_sql.get(index_name)))

    fks = []
    for _id, rows in sorted(fk_rows.items()):
        cols = tuple(r[4] for r in rows)
        ref_table = rows[0][3]
        ref_cols = tuple(r[5] for r in rows)
        fk = parsed.fk_names.get((cols, ref_table)) or fk_name(name, cols, ref_table)
        fks.append(
            ForeignKey(
                fk, cols, ref_table, ref_cols, on_delete=rows[0][7].lower(), on_update=rows[0][6].lower()
            )
        )
    return Table(
        name=name,
        columns=tuple(columns),
        primary_key=primary_key,
        indexes=tuple(indexes),
        uniques=tuple(sorted(uniques, key=lambda u: u.name)),
        foreign_keys=tuple(sorted(fks, key=lambda f: f.name)),
        checks=tuple(sorted(parsed.checks, key=lambda c: c.name)),
    )


def _index(name: str, unique: bool, columns: tuple[str, ...], sql: str | None) -> Index:
    expressions: tuple[str, ...] = ()
    where = None
    if sql:
        node = _parse(name, sql).find(exp.IndexParameters)
        if node is not None:
            parts = [o.this if isinstance(o, exp.Ordered) else o for o in node.args.get("columns") or []]
            expressions = tuple(p.sql(canonical.SQLGLOT) for p in parts if not isinstance(p, exp.Column))
            if node.args.get("where") is not None:
                where = node.args["where"].this.sql(canonical.SQLGLOT)
    return Index(name, columns, unique, expressions, where)


def _parse(name: str, sql: str) -> exp.Expression:
    try:
        return cast(exp.Expression, sqlglot.parse_one(sql, read=canonical.SQLGLOT))
    except sqlglot.errors.SqlglotError as exc:
        raise DatabaseError(
            f"cannot read the definition of '{name}' from sqlite_master ({exc.__class__.__name__}); "
            "npa would lose its constraints when it rebuilds the table",
            sql=sql,
            hint="simplify the declared types (e.g. 'UNSIGNED BIG INT' → BIGINT) or report the DDL as a bug",
        ) from exc


def parse_create_table(name: str, sql: str) -> ParsedTable:
    """Constraint names, CHECKs and AUTOINCREMENT from a table's CREATE TABLE text."""
    parsed = ParsedTable()
    if not sql:
        return parsed
    schema = _parse(name, sql).find(exp.Schema)
    if schema is None:
        return parsed
    for element in schema.expressions:
        if isinstance(element, exp.ColumnDef):
            _column_constraints(name, element, parsed)
        elif isinstance(element, exp.Constraint):
            for body in element.expressions:
                _table_constraint(name, element.name, body, parsed)
        else:
            _table_constraint(name, None, element, parsed)
    return parsed


def _column_constraints(table: str, column: exp.ColumnDef, parsed: ParsedTable) -> None:
    col = column.name
    for constraint in column.constraints:
        kind = constraint.kind
        label = constraint.this.name if constraint.this else None
        if isinstance(kind, exp.PrimaryKeyColumnConstraint):
            parsed.pk_name = label
        elif isinstance(kind, exp.AutoIncrementColumnConstraint):
            parsed.autoincrement = col
        elif isinstance(kind, exp.UniqueColumnConstraint):
            if label:
                parsed.unique_names[(col,)] = label
        elif isinstance(kind, exp.CheckColumnConstraint):
            text = kind.this.sql(canonical.SQLGLOT)
            parsed.checks.append(Check(label or check_name(table, col, text), text))
        elif isinstance(kind, exp.Reference) and label:
            parsed.fk_names[((col,), _ref_table(kind))] = label


def _table_constraint(table: str, label: str | None, body: exp.Expression, parsed: ParsedTable) -> None:
    if isinstance(body, exp.PrimaryKey):
        parsed.pk_name = label
    elif isinstance(body, exp.UniqueColumnConstraint) and label:
        columns = tuple(c.name for c in body.this.expressions) if body.this else ()
        parsed.unique_names[columns] = label
    elif isinstance(body, exp.CheckColumnConstraint):
        text = body.this.sql(canonical.SQLGLOT)
        parsed.checks.append(Check(label or check_name(table, "", text), text))
    elif isinstance(body, exp.ForeignKey) and label:
        columns = tuple(c.name for c in body.expressions)
        parsed.fk_names[(columns, _ref_table(body.args["reference"]))] = label


def _ref_table(reference: exp.Reference) -> str:
    target = reference.this
    return target.this.name if isinstance(target, exp.Schema) else target.name
