"""information_schema → Schema, in five queries whatever the number of tables.

What the catalog says is folded into the model's canonical form so that apply-then-plan is empty:

- ``PRIMARY`` is the primary key's name on both engines.
- A foreign key makes the engine create an index named after it when no index starts with its
  columns; that implicit index is hidden (non-unique, same name as a foreign key of the table).
- Unique constraints are just unique indexes here, and the catalog cannot tell ``ADD CONSTRAINT
  UNIQUE`` from ``CREATE UNIQUE INDEX``. The rule: a unique index whose name starts with ``uq_`` is a
  :class:`Unique`; any other is an :class:`Index` with ``unique=True``. ``normalize`` applies the same.
- MariaDB's JSON is LONGTEXT with a CHECK ``json_valid(`col`)`` named after the column: reported as
  ``json``, and the check hidden.
- FK rule ``RESTRICT`` is ``no action`` (InnoDB treats them alike; MariaDB reports the default as
  RESTRICT).
- FULLTEXT and SPATIAL indexes have no portable form and are not reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from npa_schema.dialects.base import INTERNAL_TABLES
from npa_schema.dialects.mysql.defaults import from_catalog
from npa_schema.dialects.mysql.driver import MysqlSession, ServerInfo
from npa_schema.dialects.mysql.types import from_native
from npa_schema.model import Check, Column, ForeignKey, Index, PrimaryKey, Schema, Table, Unique
from npa_schema.types import ColumnType

UNIQUE_PREFIX = "uq_"

_TABLES = """
SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME"""

_COLUMNS = """
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, EXTRA, COLUMN_COMMENT
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION"""

_INDEXES = """
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE, {expression}
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"""

_FOREIGN_KEYS = """
SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
       r.UPDATE_RULE, r.DELETE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"""

# MariaDB's check names are per table (CHECK_CONSTRAINTS has TABLE_NAME); MySQL's are per schema.
_CHECKS = """
SELECT t.TABLE_NAME, t.CONSTRAINT_NAME, c.CHECK_CLAUSE
FROM information_schema.TABLE_CONSTRAINTS t
JOIN information_schema.CHECK_CONSTRAINTS c
  ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME {same_table}
WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK'
ORDER BY t.TABLE_NAME, t.CONSTRAINT_NAME"""

_JSON_VALID_RE = re.compile(r"^\s*json_valid\s*\(\s*`?([^`)]+)`?\s*\)\s*$", re.I)


def introspect(session: MysqlSession) -> Schema:
    server = session.server
    tables = {name: comment for name, comment in session.query(_TABLES) if name not in INTERNAL_TABLES}
    columns = _group(session.query(_COLUMNS), tables)
    expression = "EXPRESSION" if not server.mariadb and server.at_least(8, 0, 13) else "NULL"
    indexes = _group(session.query(_INDEXES.format(expression=expression)), tables)
    fks = _group(session.query(_FOREIGN_KEYS), tables)
    same_table = "AND c.TABLE_NAME = t.TABLE_NAME" if server.mariadb else ""
    checks = _group(session.query(_CHECKS.format(same_table=same_table)), tables)
    result = []
    for name in sorted(tables):
        result.append(
            _table(name, tables[name], columns[name], indexes[name], fks[name], checks[name], server)
        )
    return Schema(tuple(result)).sorted()


def _group(rows: list[tuple[Any, ...]], tables: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        if row[0] in tables:
            grouped[row[0]].append(row[1:])
    return grouped


def _table(
    name: str,
    comment: str | None,
    column_rows: list[tuple[Any, ...]],
    index_rows: list[tuple[Any, ...]],
    fk_rows: list[tuple[Any, ...]],
    check_rows: list[tuple[Any, ...]],
    server: ServerInfo,
) -> Table:
    json_columns = {
        m.group(1)
        for check_name, clause in check_rows
        if (m := _JSON_VALID_RE.match(clause or "")) and m.group(1) == check_name
    }
    columns = tuple(_column(row, server, json_columns) for row in column_rows)
    json_checks = {c.name for c in columns if c.name in json_columns and c.type.name == "json"}
    checks = tuple(Check(n, clause or "") for n, clause in check_rows if n not in json_checks)
    foreign_keys = _foreign_keys(fk_rows)
    primary_key, indexes, uniques = _indexes(index_rows, {f.name for f in foreign_keys})
    return Table(
        name=name,
        columns=columns,
        primary_key=primary_key,
        indexes=indexes,
        uniques=uniques,
        foreign_keys=foreign_keys,
        checks=checks,
        comment=comment or None,
    )


def _column(row: tuple[Any, ...], server: ServerInfo, json_columns: set[str]) -> Column:
    name, raw_default, is_nullable, column_type, extra, comment = row
    ctype = from_native(str(column_type))
    if server.mariadb and name in json_columns and ctype == ColumnType("native", native="longtext"):
        ctype = ColumnType("json")
    extra = str(extra or "")
    identity = "auto_increment" in extra.lower()
    default = None if identity else from_catalog(raw_default, extra, server.mariadb, ctype)
    return Column(
        name=name,
        type=ctype,
        nullable=is_nullable == "YES",
        default=default,
        identity=identity,
        comment=comment or None,
    )


def _foreign_keys(rows: list[tuple[Any, ...]]) -> tuple[ForeignKey, ...]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    result = []
    for name, parts in grouped.items():
        first = parts[0]
        result.append(
            ForeignKey(
                name=name,
                columns=tuple(p[1] for p in parts),
                ref_table=first[2],
                ref_columns=tuple(p[3] for p in parts),
                on_delete=fk_rule(first[5]),
                on_update=fk_rule(first[4]),
            )
        )
    return tuple(result)


def fk_rule(rule: str | None) -> str:
    text = (rule or "no action").lower()
    return "no action" if text == "restrict" else text


def _indexes(
    rows: list[tuple[Any, ...]], fk_names: set[str]
) -> tuple[PrimaryKey | None, tuple[Index, ...], tuple[Unique, ...]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    primary_key = None
    indexes: list[Index] = []
    uniques: list[Unique] = []
    for name, parts in grouped.items():
        non_unique, index_type = int(parts[0][1]), str(parts[0][3] or "").upper()
        if index_type in ("FULLTEXT", "SPATIAL"):
            continue
        columns = tuple(p[2] for p in parts if p[2] is not None)
        expressions = tuple(str(p[4]) for p in parts if p[2] is None and p[4] is not None)
        if name == "PRIMARY":
            primary_key = PrimaryKey("PRIMARY", columns)
        elif non_unique and name in fk_names:
            continue  # the index the engine made for a foreign key
        elif not non_unique and name.startswith(UNIQUE_PREFIX) and not expressions:
            uniques.append(Unique(name, columns))
        else:
            indexes.append(Index(name, columns, unique=not non_unique, expressions=expressions))
    return primary_key, tuple(indexes), tuple(uniques)
