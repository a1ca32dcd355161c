"""The semantic pass: what the JSON Schema cannot say. Every rule here is one an engine would enforce
later, with a worse message and after part of a plan ran (MySQL auto-commits DDL), so it is caught
up front and pointed at the field that causes it.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any

from npa_schema.entities.build import Built, column_specs
from npa_schema.errors import SpecError
from npa_schema.model import Column, Default, Table
from npa_schema.types import ColumnType

_NUMERIC = ("decimal", "float", "double")
_TEXT = ("string", "char", "text")
_TEMPORAL = {
    "date": _dt.date.fromisoformat,
    "time": _dt.time.fromisoformat,
    "datetime": _dt.datetime.fromisoformat,
    "datetime_tz": _dt.datetime.fromisoformat,
}


def check_schema(built: list[Built]) -> list[SpecError]:
    """All semantic errors of the schema, in file order."""
    errors: list[SpecError] = []
    tables: dict[str, Built] = {}
    unique_tables: list[Built] = []
    for b in built:
        first = tables.get(b.table.name)
        if first is not None:
            errors.append(
                b.entity.error(
                    f"table '{b.table.name}' is defined twice: in {_where(first, 'table')} and here",
                    "table",
                    hint="a table lives in exactly one entity; merge them or rename one",
                )
            )
            continue
        tables[b.table.name] = b
        unique_tables.append(b)
    for b in unique_tables:  # a duplicated table is reported once, not again for its names
        errors.extend(_column_rules(b))
        errors.extend(_constraint_columns(b))
        errors.extend(_foreign_keys(b, tables))
        errors.extend(_seed(b))
    errors.extend(_duplicate_names(unique_tables))
    errors.extend(_enum_types(unique_tables))
    return sorted(errors, key=lambda e: (e.file or "", e.line or 0))


def _where(b: Built, path: str) -> str:
    line = b.entity.line(path)
    return f"{b.entity.file}:{line}" if line else b.entity.file


# --- columns ----------------------------------------------------------------------------------------


def _column_rules(b: Built) -> list[SpecError]:
    e, table = b.entity, b.table
    errors: list[SpecError] = []
    if table.renamed_from == table.name:
        errors.append(
            e.error(
                "renamed_from is the table's own name", "renamed_from", hint="remove it, or give the old name"
            )
        )
    identity_seen: str | None = None
    for (name, spec, _bare), column in zip(column_specs(e), table.columns, strict=True):
        base = f"columns.{name}"
        ctype = column.type
        placeholder = ctype.name == "native"  # the type itself was wrong; already reported
        if spec.get("nullable") is True and spec.get("primary_key"):
            errors.append(
                e.error(
                    "a primary key column cannot be nullable",
                    f"{base}.nullable",
                    hint="remove nullable: true",
                )
            )
        if spec.get("identity"):
            if spec.get("nullable") is True:
                errors.append(e.error("an identity column cannot be nullable", f"{base}.nullable"))
            if not placeholder and not ctype.is_integer:
                errors.append(
                    e.error(
                        f"identity needs an integer type, not {ctype}",
                        f"{base}.identity",
                        hint="use smallint, int or bigint",
                    )
                )
            if identity_seen is not None:
                errors.append(
                    e.error(
                        f"a table has at most one identity column ('{identity_seen}' is one already)",
                        f"{base}.identity",
                    )
                )
            identity_seen = identity_seen or name
            if column.default is not None:
                errors.append(e.error("an identity column cannot have a default", f"{base}.default"))
        if not placeholder and ctype.name != "enum":
            for key in ("values", "enum_name"):
                if key in spec:
                    errors.append(e.error(f"'{key}' only applies to type enum, not {ctype}", f"{base}.{key}"))
        if column.renamed_from == name:
            errors.append(
                e.error(
                    "renamed_from is the column's own name",
                    f"{base}.renamed_from",
                    hint="remove it, or give the old name",
                )
            )
        if column.default is not None and not placeholder:
            problem = default_problem(ctype, column.default, spec.get("default"))
            if problem:
                message, hint = problem
                errors.append(e.error(message, f"{base}.default", hint))
    return errors


def default_problem(ctype: ColumnType, default: Default, raw: Any) -> tuple[str, str] | None:
    """Why a literal default cannot be stored in a column of this type (message, hint), or None."""
    if default.kind == "sql" or ctype.name in ("native", "json"):
        return None
    kind, shown = default.kind, repr(raw) if isinstance(raw, str) else str(default.value)
    sql_hint = "or use {sql: EXPRESSION} for an SQL expression"
    if ctype.is_integer or ctype.name in _NUMERIC:
        whole = ctype.is_integer
        ok = kind == "number" and (not whole or float(default.value).is_integer())
        if not ok:
            need = "a whole number" if whole else "a number"
            return (
                f"default {shown} does not fit type {ctype} (needs {need})",
                f"write {need}, unquoted, {sql_hint}",
            )
        return None
    if ctype.name == "bool":
        if kind != "bool":
            return f"default {shown} does not fit type bool (needs true or false)", "write true or false"
        return None
    if kind != "string":
        return f"default {shown} does not fit type {ctype} (needs a string)", f"quote it, {sql_hint}"
    if ctype.name in ("string", "char") and len(default.value) > ctype.args[0]:
        return f"default {shown} is longer than {ctype}", "shorten the default or widen the column"
    if ctype.name == "enum" and default.value not in ctype.values:
        return (
            f"default {shown} is not one of the enum values ({', '.join(ctype.values)})",
            "add it to values or change the default",
        )
    if ctype.name == "uuid":
        try:
            uuid.UUID(default.value)
        except ValueError:
            return f"default {shown} is not a UUID", sql_hint
    if ctype.name in _TEMPORAL:
        try:
            _TEMPORAL[ctype.name](default.value)
        except ValueError:
            return f"default {shown} is not an ISO {ctype.name} (e.g. 2024-01-31, 12:30:00)", sql_hint
    return None


# --- constraint columns -----------------------------------------------------------------------------


def _list_item(b: Built, origin: str, j: int) -> str:
    """The field of the j-th column of a constraint written as a list or as {columns: [...]}."""
    raw: Any = b.entity.data
    for part in origin.split("."):
        raw = raw[int(part)] if isinstance(raw, list) else raw.get(part) if isinstance(raw, dict) else None
    if isinstance(raw, list):
        return f"{origin}.{j}"
    if isinstance(raw, dict) and "columns" in raw:
        return f"{origin}.columns.{j}"
    return origin


def _unknown_columns(b: Built, what: str, columns: tuple[str, ...], origin: str | None) -> list[SpecError]:
    known = set(b.table.column_names)
    out = []
    for j, col in enumerate(columns):
        if col not in known and origin is not None:
            out.append(
                b.entity.error(
                    f"{what} names column '{col}', which table '{b.table.name}' does not have",
                    _list_item(b, origin, j),
                    hint=_close_hint(col, b.table.column_names),
                )
            )
    return out


def _close_hint(name: str, known: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"columns: {', '.join(known)}"


def _constraint_columns(b: Built) -> list[SpecError]:
    t = b.table
    errors: list[SpecError] = []
    if t.primary_key is not None:
        errors += _unknown_columns(b, "the primary key", t.primary_key.columns, b.pk_origin)
    for i, u in enumerate(t.uniques):
        errors += _unknown_columns(b, f"unique constraint '{u.name}'", u.columns, b.origin("uniques", i))
    for i, ix in enumerate(t.indexes):
        errors += _unknown_columns(b, f"index '{ix.name}'", ix.columns, f"{b.origin('indexes', i)}.columns")
    for i, fk in enumerate(t.foreign_keys):
        origin = b.origin("foreign_keys", i)
        if origin and origin.startswith("foreign_keys."):
            errors += _unknown_columns(b, f"foreign key '{fk.name}'", fk.columns, f"{origin}.columns")
    return errors


# --- foreign keys -----------------------------------------------------------------------------------


def _foreign_keys(b: Built, tables: dict[str, Built]) -> list[SpecError]:
    errors: list[SpecError] = []
    for i, fk in enumerate(b.table.foreign_keys):
        origin = b.origin("foreign_keys", i) or "foreign_keys"
        table_level = origin.startswith("foreign_keys.")
        ref_field = f"{origin}.references" if table_level else origin
        if len(fk.columns) != len(fk.ref_columns):
            errors.append(
                b.entity.error(
                    f"foreign key '{fk.name}' has {len(fk.columns)} column(s) but references {len(fk.ref_columns)}",
                    f"{ref_field}.columns",
                    hint="list as many referenced columns as referencing ones, in the same order",
                )
            )
            continue
        target = tables.get(fk.ref_table)
        if target is None:
            errors.append(
                b.entity.error(
                    f"foreign key '{fk.name}' references table '{fk.ref_table}', which no entity defines",
                    f"{ref_field}.table" if table_level else ref_field,
                    hint=_close_table_hint(fk.ref_table, tables),
                )
            )
            continue
        missing = [c for c in fk.ref_columns if c not in target.table.column_names]
        for col in missing:
            j = fk.ref_columns.index(col)
            errors.append(
                b.entity.error(
                    f"foreign key '{fk.name}' references column '{fk.ref_table}.{col}', which does not exist",
                    f"{ref_field}.columns.{j}" if table_level else ref_field,
                    hint=_close_hint(col, target.table.column_names),
                )
            )
        if not missing and not _is_key(target.table, fk.ref_columns):
            errors.append(
                b.entity.error(
                    f"foreign key '{fk.name}' references {fk.ref_table}({', '.join(fk.ref_columns)}), "
                    "which is neither its primary key nor unique",
                    ref_field,
                    hint="reference the primary key, or make those columns unique",
                )
            )
        for j, (col, ref_col) in enumerate(zip(fk.columns, fk.ref_columns, strict=True)):
            mine, theirs = b.table.column(col), target.table.column(ref_col)
            if mine is not None and theirs is not None and not _compatible(mine, theirs):
                errors.append(
                    b.entity.error(
                        f"foreign key '{fk.name}': column '{col}' is {mine.type} but '{fk.ref_table}.{ref_col}' is {theirs.type}",
                        f"{origin}.columns.{j}" if table_level else f"columns.{col}",
                        hint="give both columns the same type",
                    )
                )
    return errors


def _compatible(a: Column, b: Column) -> bool:
    if "native" in (a.type.name, b.type.name) or a.sql_types or b.sql_types:
        return True
    if a.type.is_integer and b.type.is_integer:
        return True
    if a.type.name in ("string", "char") and b.type.name in ("string", "char"):
        return True
    return a.type.name == b.type.name


def _is_key(table: Table, columns: tuple[str, ...]) -> bool:
    wanted = set(columns)
    keys = [set(u.columns) for u in table.uniques]
    keys += [set(i.columns) for i in table.indexes if i.unique and not i.where and not i.expressions]
    if table.primary_key is not None:
        keys.append(set(table.primary_key.columns))
    return wanted in keys


def _close_table_hint(name: str, tables: dict[str, Built]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(tables), n=1)
    return f"did you mean '{close[0]}'?" if close else "add an entity for it, or fix the name"


# --- seed, names ------------------------------------------------------------------------------------


def _seed(b: Built) -> list[SpecError]:
    known = b.table.column_names
    return [
        b.entity.error(
            f"seed row {i + 1} names column '{col}', which table '{b.table.name}' does not have",
            f"seed.{i}.{col}",
            hint=_close_hint(col, known),
        )
        for i, row in enumerate(b.table.seed)
        for col, _value in row
        if col not in known
    ]


def _duplicate_names(built: list[Built]) -> list[SpecError]:
    """Index and constraint names share one namespace per schema (PostgreSQL and MySQL need that)."""
    seen: dict[str, str] = {}
    errors: list[SpecError] = []
    for b in built:
        t = b.table
        named: list[tuple[str, str, str | None]] = []
        if t.primary_key is not None:
            named.append(("primary key", t.primary_key.name, b.pk_origin))
        named += [("unique constraint", u.name, b.origin("uniques", i)) for i, u in enumerate(t.uniques)]
        named += [("index", x.name, b.origin("indexes", i)) for i, x in enumerate(t.indexes)]
        named += [("foreign key", f.name, b.origin("foreign_keys", i)) for i, f in enumerate(t.foreign_keys)]
        named += [("check", c.name, b.origin("checks", i)) for i, c in enumerate(t.checks)]
        for what, name, origin in named:
            here = f"{what} '{name}' ({_where(b, origin or 'table')})"
            if name in seen:
                errors.append(
                    b.entity.error(
                        f"the name '{name}' is used twice: by the {seen[name]} and by this {what}",
                        origin,
                        hint="index and constraint names must be unique in the schema; set a different name",
                    )
                )
            else:
                seen[name] = here.replace(f" '{name}'", "")
    return errors


def _enum_types(built: list[Built]) -> list[SpecError]:
    """Columns sharing an ``enum_name`` share one engine type, so they must list the same values."""
    first: dict[str, tuple[tuple[str, ...], str]] = {}
    errors: list[SpecError] = []
    for b in built:
        for column in b.table.columns:
            name = column.type.enum_name
            if column.type.name != "enum" or not name:
                continue
            field = f"columns.{column.name}.enum_name"
            if name not in first:
                first[name] = (column.type.values, f"{b.table.name}.{column.name} ({_where(b, field)})")
            elif first[name][0] != column.type.values:
                errors.append(
                    b.entity.error(
                        f"enum type '{name}' has other values at {first[name][1]}",
                        field,
                        hint="columns sharing an enum_name must list the same values in the same order",
                    )
                )
    return errors
