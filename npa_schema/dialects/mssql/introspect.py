"""SQL Server catalog → Schema: five queries whatever the number of tables, then pure functions.

Each query reads one kind of object for every table of one schema (``dbo``, or the URL's
``?schema=``), joined on ``object_id``; default constraints and ``MS_Description`` extended
properties are joined into the table and column queries. The row → model functions below take
plain tuples shaped exactly like the queries' result columns, which is what the unit tests feed
them. None of these queries has run on a live server yet (docs/dialects/mssql.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from npa_schema.dialects.base import INTERNAL_TABLES, Session
from npa_schema.dialects.mssql import types as mt
from npa_schema.dialects.mssql.render import DEFAULT_SCHEMA
from npa_schema.model import (
    Check,
    Column,
    Default,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
)

Row = Sequence[Any]

_IN_SCHEMA = "JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = ? AND t.is_ms_shipped = 0"

#: object_id, name, comment
TABLES_SQL = f"""
SELECT t.object_id, t.name, CAST(ep.value AS NVARCHAR(MAX))
FROM sys.tables t
LEFT JOIN sys.extended_properties ep
  ON ep.class = 1 AND ep.major_id = t.object_id AND ep.minor_id = 0 AND ep.name = N'MS_Description'
{_IN_SCHEMA}
ORDER BY t.name
"""

#: object_id, column_id, name, type, max_length, precision, scale, is_nullable, is_identity,
#: default constraint name, default definition, comment
COLUMNS_SQL = f"""
SELECT c.object_id, c.column_id, c.name, ty.name, c.max_length, c.precision, c.scale,
       c.is_nullable, c.is_identity, dc.name, dc.definition, CAST(ep.value AS NVARCHAR(MAX))
FROM sys.columns c
JOIN sys.tables t ON t.object_id = c.object_id
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.default_constraints dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
LEFT JOIN sys.extended_properties ep
  ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = N'MS_Description'
{_IN_SCHEMA}
ORDER BY c.object_id, c.column_id
"""

#: object_id, index name, is_primary_key, is_unique, is_unique_constraint, filter_definition,
#: key_ordinal, column name
INDEXES_SQL = f"""
SELECT i.object_id, i.name, i.is_primary_key, i.is_unique, i.is_unique_constraint,
       i.filter_definition, ic.key_ordinal, c.name
FROM sys.indexes i
JOIN sys.tables t ON t.object_id = i.object_id
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
{_IN_SCHEMA} AND i.type IN (1, 2) AND i.is_hypothetical = 0 AND ic.key_ordinal > 0
ORDER BY i.object_id, i.name, ic.key_ordinal
"""

#: object_id, fk name, referenced table, delete action, update action, position, column, ref column
FOREIGN_KEYS_SQL = f"""
SELECT fk.parent_object_id, fk.name, rt.name, fk.delete_referential_action_desc,
       fk.update_referential_action_desc, fkc.constraint_column_id, pc.name, rc.name
FROM sys.foreign_keys fk
JOIN sys.tables t ON t.object_id = fk.parent_object_id
JOIN sys.tables rt ON rt.object_id = fk.referenced_object_id
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
{_IN_SCHEMA}
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id
"""

#: object_id, check name, definition
CHECKS_SQL = f"""
SELECT cc.parent_object_id, cc.name, cc.definition
FROM sys.check_constraints cc
JOIN sys.tables t ON t.object_id = cc.parent_object_id
{_IN_SCHEMA}
ORDER BY cc.parent_object_id, cc.name
"""

QUERIES = (TABLES_SQL, COLUMNS_SQL, INDEXES_SQL, FOREIGN_KEYS_SQL, CHECKS_SQL)


def introspect(session: Session, schema: str | None = None) -> Schema:
    name = schema or session.url.params.get("schema") or DEFAULT_SCHEMA
    rows = [session.query(sql, (name,)) for sql in QUERIES]
    return build_schema(*rows)


# --- rows → model (pure) ------------------------------------------------------------------------------


def build_schema(
    tables: Iterable[Row],
    columns: Iterable[Row],
    indexes: Iterable[Row],
    foreign_keys: Iterable[Row],
    checks: Iterable[Row],
) -> Schema:
    names = {oid: name for oid, name, _ in tables if name not in INTERNAL_TABLES}
    comments = {oid: comment for oid, _, comment in tables}
    cols = _group(columns)
    idx = _group(indexes)
    fks = _group(foreign_keys)
    cks = _group(checks)
    built = []
    for oid, name in names.items():
        pk, uniques, plain = indexes_from_rows(idx.get(oid, []))
        built.append(
            Table(
                name=name,
                columns=tuple(column_from_row(r) for r in sorted(cols.get(oid, []), key=lambda r: r[1])),
                primary_key=pk,
                indexes=plain,
                uniques=uniques,
                foreign_keys=foreign_keys_from_rows(fks.get(oid, [])),
                checks=tuple(Check(r[1], mt.strip_parens(r[2] or "")) for r in cks.get(oid, [])),
                comment=comments.get(oid),
            )
        )
    return Schema(tuple(built)).sorted()


def _group(rows: Iterable[Row]) -> dict[Any, list[Row]]:
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return grouped


def column_from_row(row: Row) -> Column:
    _, _, name, type_name, max_length, precision, scale, nullable, identity, _, definition, comment = row
    ct = mt.from_catalog(type_name, int(max_length), int(precision), int(scale))
    default = mt.canonical_default(Default.sql(definition), ct) if definition else None
    return Column(
        name=name,
        type=ct,
        nullable=bool(nullable),
        default=None if identity else default,
        identity=bool(identity),
        comment=comment,
    )


def indexes_from_rows(rows: Sequence[Row]) -> tuple[PrimaryKey | None, tuple[Unique, ...], tuple[Index, ...]]:
    """One index per name: the primary key, UNIQUE constraints, and plain or filtered indexes."""
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_name[row[1]].append(row)
    pk: PrimaryKey | None = None
    uniques: list[Unique] = []
    plain: list[Index] = []
    for name, parts in by_name.items():
        _, _, is_pk, is_unique, is_unique_constraint, filter_definition, *_ = parts[0]
        cols = tuple(r[7] for r in sorted(parts, key=lambda r: r[6]))
        if is_pk:
            pk = PrimaryKey(name, cols)
        elif is_unique_constraint:
            uniques.append(Unique(name, cols))
        else:
            where = mt.strip_parens(filter_definition) if filter_definition else None
            plain.append(Index(name, cols, unique=bool(is_unique), where=where))
    return pk, tuple(uniques), tuple(plain)


def _action(desc: str | None) -> str:
    return (desc or "NO_ACTION").replace("_", " ").lower()


def foreign_keys_from_rows(rows: Sequence[Row]) -> tuple[ForeignKey, ...]:
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_name[row[1]].append(row)
    out = []
    for name, parts in by_name.items():
        parts = sorted(parts, key=lambda r: r[5])
        _, _, ref_table, on_delete, on_update, *_ = parts[0]
        out.append(
            ForeignKey(
                name=name,
                columns=tuple(r[6] for r in parts),
                ref_table=ref_table,
                ref_columns=tuple(r[7] for r in parts),
                on_delete=_action(on_delete),
                on_update=_action(on_update),
            )
        )
    return tuple(out)
