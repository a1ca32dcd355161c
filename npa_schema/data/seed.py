"""Idempotent seed data: rows are matched on their primary key (or, without one, on a unique key they
fill) and inserted when missing, updated when they differ, left alone when equal. Running a seed twice
changes nothing the second time.

Rows come from the entity files' ``seed:`` lists, plus the seed folders an environment names in
``npa.toml`` (``seeds = ["seeds/dev"]``: YAML files of ``{table: NAME, rows: [...]}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from sqlglot import exp

from npa_schema.dialects.base import Dialect, Session
from npa_schema.differ import dependency_order
from npa_schema.errors import SpecError
from npa_schema.model import Schema, Table


@dataclass
class SeedResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def rows_from_schema(schema: Schema) -> dict[str, list[dict[str, Any]]]:
    return {t.name: [dict(row) for row in t.seed] for t in schema.tables if t.seed}


def rows_from_folders(folders: Iterable[Path], schema: Schema) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.y*ml")):
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                if not isinstance(doc, dict) or "table" not in doc or not isinstance(doc.get("rows"), list):
                    raise SpecError("a seed file holds {table: NAME, rows: [...]}", str(path), 1, "table")
                if schema.table(doc["table"]) is None:
                    raise SpecError(f"seed rows for unknown table '{doc['table']}'", str(path), 1, "table")
                out.setdefault(doc["table"], []).extend(doc["rows"])
    return out


def match_key(table: Table, row: dict[str, Any]) -> tuple[str, ...]:
    """The key a seed row is matched on: the primary key, else the first unique key the row fills."""
    candidates = [table.primary_key.columns] if table.primary_key else []
    candidates += [u.columns for u in table.uniques]
    for key in candidates:
        if all(c in row for c in key):
            return key
    raise SpecError(
        f"seed row for '{table.name}' has no key to match on ({row})",
        field=f"{table.name}.seed",
        hint="give the primary key (or a unique key) in every seed row, so seeding is idempotent",
    )


def seed(
    session: Session, dialect: Dialect, schema: Schema, rows: dict[str, list[dict[str, Any]]]
) -> SeedResult:
    """Upsert ``rows`` (table → rows) in foreign-key order, in one transaction."""
    result = SeedResult()
    order, _cut = dependency_order([t for t in schema.tables if t.name in rows])
    with session.transaction():
        for name in order:
            table = schema.table(name)
            assert table is not None
            for row in rows[name]:
                _upsert(session, dialect, table, row, result)
            if any(c.identity and c.name in row for c in table.columns for row in rows[name]):
                dialect.reset_identity(session, table)
    return result


def _upsert(
    session: Session, dialect: Dialect, table: Table, row: dict[str, Any], result: SeedResult
) -> None:
    key = match_key(table, row)
    sg = dialect.sqlglot_name
    ident = exp.Table(this=exp.to_identifier(table.name, quoted=True))
    where = exp.and_(*(exp.column(c, quoted=True).eq(exp.convert(row[c])) for c in key))
    others = [c for c in row if c not in key]
    select_cols = others or list(key)
    found = session.query(
        exp.select(*(exp.column(c, quoted=True) for c in select_cols)).from_(ident).where(where).sql(sg)
    )
    if not found:
        columns = [exp.to_identifier(c, quoted=True) for c in row]
        values = exp.values([tuple(exp.convert(v) for v in row.values())])
        session.execute(exp.insert(values, ident, columns=columns).sql(sg))
        result.inserted += 1
        return
    if not others or _same(found[0], [row[c] for c in others]):
        result.unchanged += 1
        return
    # sqlglot annotates the SET keys as str, but parses them with maybe_parse, which takes the quoted
    # Column expressions used here as they are
    assignments = cast("dict[str, object]", {exp.column(c, quoted=True): exp.convert(row[c]) for c in others})
    update = exp.update(ident, assignments, where=where)
    session.execute(update.sql(sg))
    result.updated += 1


def _same(current: tuple[Any, ...], wanted: list[Any]) -> bool:
    def norm(v: Any) -> str:
        if isinstance(v, bool):
            return str(int(v))
        return str(v)

    return all(norm(a) == norm(b) or _numeric_equal(a, b) for a, b in zip(current, wanted, strict=True))


def _numeric_equal(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False
