"""Model → entity files, for ``npa pull``: the inverse of the loader.

Sugar (``primary_key: true``, ``unique: true``, ``references``, column ``check``) is used only where
loading the file gives back exactly the same model: the generated name must match and the element's
position among its table's constraints must survive the round trip. Everything else is written out
explicitly with its name, so ``load_documents([dump_table(t) ...]) == schema``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from npa_schema.entities.build import generated_index_name
from npa_schema.model import (
    Check,
    Column,
    Default,
    ForeignKey,
    Schema,
    Table,
    Unique,
    check_name,
    fk_name,
    pk_name,
    unique_name,
)
from npa_schema.types import ColumnType

SCHEMA_REF = "../schemas/entity.schema.json"
#: the order a column's keys are written in: every property of a column in entity.schema.json (a test
#: compares the two), in reading order rather than the schema's
_COLUMN_KEYS = (
    "type",
    "values",
    "enum_name",
    "nullable",
    "primary_key",
    "identity",
    "default",
    "unique",
    "references",
    "on_delete",
    "on_update",
    "check",
    "comment",
    "renamed_from",
    "sql_type",
)
_ENGINE_PK_NAMES = ("PRIMARY",)
_NUMERIC = ("smallint", "int", "bigint", "decimal", "float", "double")
_TEXT = ("string", "char", "text", "enum", "uuid", "date", "time", "datetime", "datetime_tz", "binary")


class Flow(list):
    """A list written in flow style (``[a, b]``)."""


class FlowMap(dict):
    """A mapping written in flow style (``{type: int, nullable: true}``)."""


def dump_table(table: Table, dialect: str | None = None) -> dict[str, Any]:
    """The entity mapping for ``table``. ``dialect`` names the engine whose native types
    (``ColumnType('native')``) are written as ``type: text`` + ``sql_type: {dialect: ...}``."""
    out: dict[str, Any] = {"table": table.name}
    if table.comment is not None:
        out["comment"] = table.comment
    if table.renamed_from:
        out["renamed_from"] = table.renamed_from
    columns = {c.name: _column(c, dialect) for c in table.columns}
    position = {c.name: i for i, c in enumerate(table.columns)}

    pk = table.primary_key
    if pk is not None:
        # MySQL names every primary key PRIMARY: not a name the user chose, so write the sugar
        generated = pk.name in (pk_name(table.name), *_ENGINE_PK_NAMES)
        if generated and len(pk.columns) == 1 and pk.columns[0] in columns:
            columns[pk.columns[0]]["primary_key"] = True
            columns[pk.columns[0]].pop("nullable", None)
        elif generated:
            out["primary_key"] = Flow(pk.columns)
        else:
            out["primary_key"] = FlowMap(columns=Flow(pk.columns), name=pk.name)

    sugar = _sugar(table.uniques, position, lambda u: _unique_column(table, u))
    for col in sugar.values():
        columns[col]["unique"] = True
    rest = [_unique(table, u) for i, u in enumerate(table.uniques) if i not in sugar]

    fk_sugar = _sugar(table.foreign_keys, position, lambda f: _fk_column(table, f))
    for i, fk in enumerate(table.foreign_keys):
        if i in fk_sugar:
            fk_spec = columns[fk_sugar[i]]
            fk_spec["references"] = f"{fk.ref_table}.{fk.ref_columns[0]}"
            fk_spec.update(_actions(fk))
    fks = [_foreign_key(table, f) for i, f in enumerate(table.foreign_keys) if i not in fk_sugar]

    check_sugar = _sugar(table.checks, position, lambda c: _check_column(table, c))
    for i, check in enumerate(table.checks):
        if i in check_sugar:
            columns[check_sugar[i]]["check"] = check.expression
    checks = [_check(table, c) for i, c in enumerate(table.checks) if i not in check_sugar]

    out["columns"] = {name: _finish_column(spec) for name, spec in columns.items()}
    if "primary_key" in out:  # after the columns, as a human writes it
        out["primary_key"] = out.pop("primary_key")
    if table.indexes:
        out["indexes"] = [_index(table, ix) for ix in table.indexes]
    if rest:
        out["unique"] = rest
    if fks:
        out["foreign_keys"] = fks
    if checks:
        out["checks"] = checks
    if table.seed:
        out["seed"] = [FlowMap((k, _thaw(v)) for k, v in row) for row in table.seed]
    return out


# --- sugar ------------------------------------------------------------------------------------------


def _sugar(items: tuple[Any, ...], position: dict[str, int], column_of: Any) -> dict[int, str]:
    """Which items can be written on their column. The loader puts column-level ones first, in
    column order, so sugar covers the longest such prefix of the model's order; the rest stay at
    table level, and the reloaded order is the model's."""
    chosen: dict[int, str] = {}
    last = -1
    for i, item in enumerate(items):
        col = column_of(item)
        if col is None or col not in position or position[col] <= last:
            break
        chosen[i] = col
        last = position[col]
    return chosen


def _unique_column(table: Table, u: Unique) -> str | None:
    return u.columns[0] if len(u.columns) == 1 and u.name == unique_name(table.name, u.columns) else None


def _fk_column(table: Table, fk: ForeignKey) -> str | None:
    single = len(fk.columns) == 1 and len(fk.ref_columns) == 1
    return fk.columns[0] if single and fk.name == fk_name(table.name, fk.columns, fk.ref_table) else None


def _check_column(table: Table, check: Check) -> str | None:
    expr = check.expression.strip()
    return next((c.name for c in table.columns if check.name == check_name(table.name, c.name, expr)), None)


# --- pieces -----------------------------------------------------------------------------------------


def _column(column: Column, dialect: str | None) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    sql_types = dict(column.sql_types)
    ctype = column.type
    if ctype.name == "native":
        if dialect is None:
            raise ValueError(f"column {column.name} has the native type {ctype.native}: pass the dialect")
        spec["type"] = "text"
        sql_types[dialect] = str(ctype.native)
    elif ctype.name == "enum":
        spec["type"] = "enum"
        spec["values"] = Flow(ctype.values)
        if ctype.enum_name:
            spec["enum_name"] = ctype.enum_name
    else:
        spec["type"] = str(ctype)
    if column.nullable and not column.identity:
        spec["nullable"] = True
    if column.identity:
        spec["identity"] = True
    if column.default is not None:
        spec["default"] = _default(column.default, ctype)
    if column.comment is not None:
        spec["comment"] = column.comment
    if column.renamed_from:
        spec["renamed_from"] = column.renamed_from
    if sql_types:
        spec["sql_type"] = FlowMap(sorted(sql_types.items()))
    return spec


def _default(default: Default, ctype: ColumnType) -> Any:
    """The literal as YAML should spell it, coerced to what the column's type accepts."""
    if default.kind == "sql":
        return FlowMap(sql=default.value)
    value = default.python_value()
    if ctype.name in _TEXT and not isinstance(value, str):
        return default.value
    if ctype.name in _NUMERIC and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value else number
    if ctype.name == "bool" and default.kind == "number" and default.value in ("0", "1"):
        return default.value == "1"
    return value


def _finish_column(spec: dict[str, Any]) -> Any:
    unordered = set(spec) - set(_COLUMN_KEYS)
    assert not unordered, f"give {sorted(unordered)} a place in _COLUMN_KEYS"
    ordered = {k: spec[k] for k in _COLUMN_KEYS if k in spec}
    if list(ordered) == ["type"]:
        return ordered["type"]
    return FlowMap(ordered) if len(json.dumps(ordered, default=str)) <= 90 else ordered


def _actions(fk: ForeignKey) -> dict[str, str]:
    out = {}
    if fk.on_delete != "no action":
        out["on_delete"] = fk.on_delete
    if fk.on_update != "no action":
        out["on_update"] = fk.on_update
    return out


def _unique(table: Table, u: Unique) -> Any:
    if u.name == unique_name(table.name, u.columns):
        return Flow(u.columns)
    return FlowMap(columns=Flow(u.columns), name=u.name)


def _foreign_key(table: Table, fk: ForeignKey) -> dict[str, Any]:
    out: dict[str, Any] = {
        "columns": Flow(fk.columns),
        "references": FlowMap(table=fk.ref_table, columns=Flow(fk.ref_columns)),
    }
    out.update(_actions(fk))
    if fk.name != fk_name(table.name, fk.columns, fk.ref_table):
        out["name"] = fk.name
    return FlowMap(out) if len(json.dumps(out)) <= 100 else out


def _check(table: Table, check: Check) -> Any:
    expr = check.expression.strip()
    if check.name == check_name(table.name, "", expr):
        return expr
    return FlowMap(expression=expr, name=check.name)


def _index(table: Table, index: Any) -> Any:
    out: dict[str, Any] = {}
    if index.columns:
        out["columns"] = Flow(index.columns)
    if index.expressions:
        out["expressions"] = Flow(index.expressions)
    if index.unique:
        out["unique"] = True
    if index.where:
        out["where"] = index.where
    if index.name != generated_index_name(table.name, index):
        out["name"] = index.name
    return FlowMap(out) if len(json.dumps(out)) <= 100 else out


def _thaw(value: Any) -> Any:
    return [_thaw(v) for v in value] if isinstance(value, tuple) else value


# --- files ------------------------------------------------------------------------------------------


def dump_yaml(entity: dict[str, Any], schema_ref: str = SCHEMA_REF) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)  # indent list items under their key

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = '"' if "'" in value and "\n" not in value else ("|" if "\n" in value else None)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    Dumper.add_representer(
        Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
    )
    Dumper.add_representer(
        FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
    )
    body = yaml.dump(
        entity, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False
    )
    return f"# yaml-language-server: $schema={schema_ref}\n{body}"


def dump_schema_files(
    schema: Schema,
    out_dir: Path,
    fmt: Literal["yaml", "toml"] = "yaml",
    dialect: str | None = None,
    schema_ref: str = SCHEMA_REF,
) -> list[Path]:
    """One ``<table>.yaml`` (or ``.toml``) per table in ``out_dir``; returns the paths written."""
    from npa_schema.entities.toml_write import dump_toml

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in schema.tables:
        entity = dump_table(table, dialect)
        path = out_dir / f"{table.name}.{fmt}"
        text = dump_toml(entity, schema_ref) if fmt == "toml" else dump_yaml(entity, schema_ref)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
