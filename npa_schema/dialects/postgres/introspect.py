"""PostgreSQL catalog → Schema, in five queries for the whole schema, whatever its size.

One query each for tables, columns, constraints, indexes and enums, all filtered on the namespace
(``public``, or the URL's ``?schema=``); rows are then grouped per table in Python. Column and key
names are resolved inside the queries (``unnest(conkey) WITH ORDINALITY``), never by a follow-up
query per table.

Serial columns (a ``nextval(...)`` default) are reported as identity columns without a default: to a
user they are the same auto-increment, so a desired ``identity: true`` needs no change on a database
adopted with ``npa pull``. Changing such a column's identity therefore also drops its default.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from npa_schema.dialects.base import INTERNAL_TABLES, Session
from npa_schema.dialects.postgres.defaults import is_sequence_default, parse_default
from npa_schema.dialects.postgres.types import from_native
from npa_schema.model import (
    Check,
    Column,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
)
from npa_schema.types import ColumnType

TABLES = """
SELECT c.relname::text, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 1
"""

COLUMNS = """
SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity::text, pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum),
       CASE WHEN t.typtype = 'e' AND t.typnamespace = n.oid THEN t.typname::text END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum
"""

CONSTRAINTS = """
SELECT t.relname::text, k.conname::text, k.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord),
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord),
       r.relname::text, k.confdeltype::text, k.confupdtype::text,
       CASE WHEN k.contype = 'c' THEN pg_get_constraintdef(k.oid, true) END
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class r ON r.oid = k.confrelid
WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'f', 'c') AND k.conislocal
ORDER BY 1, 2
"""

INDEXES = """
SELECT t.relname::text, i.relname::text, x.indisunique,
       ARRAY(SELECT CASE WHEN u.attnum = 0 THEN NULL ELSE a.attname::text END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
             WHERE u.ord <= x.indnkeyatts ORDER BY u.ord),
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, u.ord::int, true)
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(attnum, ord)
             WHERE u.ord <= x.indnkeyatts AND u.attnum = 0 ORDER BY u.ord),
       pg_get_expr(x.indpred, x.indrelid, true)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = %s AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                    AND k.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2
"""

ENUMS = """
SELECT t.typname::text, e.enumlabel::text
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = %s AND t.typtype = 'e'
ORDER BY t.typname, e.enumsortorder
"""

REFERENTIAL_ACTIONS = {
    "a": "no action",
    "r": "restrict",
    "c": "cascade",
    "n": "set null",
    "d": "set default",
}


def schema_name(session: Session) -> str:
    return session.url.params.get("schema") or "public"


def _run(session: Session, sql: str, namespace: str) -> list[tuple[Any, ...]]:
    session.query_count += 1
    return session.query(sql, (namespace,))


def introspect(session: Session) -> Schema:
    namespace = schema_name(session)
    tables = [r for r in _run(session, TABLES, namespace) if r[0] not in INTERNAL_TABLES]
    enums = _enums(_run(session, ENUMS, namespace))
    columns = _group(_run(session, COLUMNS, namespace))
    constraints = _group(_run(session, CONSTRAINTS, namespace))
    indexes = _group(_run(session, INDEXES, namespace))
    enum_values = {e.name: e.values for e in enums}
    result = []
    for name, comment in tables:
        table = Table(
            name=name,
            columns=tuple(_column(r, enum_values) for r in columns.get(name, [])),
            indexes=tuple(_index(r) for r in indexes.get(name, [])),
            comment=comment,
        )
        result.append(_with_constraints(table, constraints.get(name, [])))
    return Schema(tuple(result), enums).sorted()


def _group(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def _enums(rows: list[tuple[Any, ...]]) -> tuple[Enum, ...]:
    values: dict[str, list[str]] = defaultdict(list)
    for name, label in rows:
        values[name].append(label)
    return tuple(Enum(name, tuple(labels)) for name, labels in values.items())


def _column(row: tuple[Any, ...], enum_values: dict[str, tuple[str, ...]]) -> Column:
    name, type_text, not_null, identity_kind, default_text, comment, enum_name = row
    if enum_name:
        column_type = ColumnType("enum", values=enum_values.get(enum_name, ()), enum_name=enum_name)
    else:
        column_type = from_native(type_text)
    identity = bool(identity_kind)
    default = None
    if default_text is not None:
        if is_sequence_default(default_text):
            identity = True
        else:
            default = parse_default(default_text, column_type)
    return Column(
        name=name,
        type=column_type,
        nullable=not not_null,
        default=default,
        identity=identity,
        comment=comment,
    )


def _index(row: tuple[Any, ...]) -> Index:
    name, unique, columns, expressions, where = row
    return Index(
        name=name,
        columns=tuple(c for c in columns if c is not None),
        unique=unique,
        expressions=tuple(expressions),
        where=where,
    )


def _with_constraints(table: Table, rows: list[tuple[Any, ...]]) -> Table:
    pk = None
    uniques, fks, checks = [], [], []
    for name, kind, columns, ref_columns, ref_table, on_delete, on_update, definition in rows:
        if kind == "p":
            pk = PrimaryKey(name, tuple(columns))
        elif kind == "u":
            uniques.append(Unique(name, tuple(columns)))
        elif kind == "f":
            fks.append(
                ForeignKey(
                    name,
                    tuple(columns),
                    ref_table,
                    tuple(ref_columns),
                    on_delete=REFERENTIAL_ACTIONS.get(on_delete, "no action"),
                    on_update=REFERENTIAL_ACTIONS.get(on_update, "no action"),
                )
            )
        else:
            checks.append(Check(name, check_body(definition)))
    return Table(
        name=table.name,
        columns=table.columns,
        primary_key=pk,
        indexes=table.indexes,
        uniques=tuple(uniques),
        foreign_keys=tuple(fks),
        checks=tuple(checks),
        comment=table.comment,
    )


def check_body(definition: str) -> str:
    """``CHECK ((a > 0)) NOT VALID`` → ``(a > 0)``: the expression inside the outer parentheses."""
    text = definition.strip()
    start = text.find("(")
    if not text.upper().startswith("CHECK") or start < 0:
        return text
    depth = 0
    quote = ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i].strip()
    return text
