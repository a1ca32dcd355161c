"""Everything the CLI prints: consoles, errors, a plan as Terraform-style text, markdown, JSON or SQL,
and drift (``schema diff``) and the corrective migration (``schema sync``) as text or JSON.

Plan lines are built once as plain (symbol, text) pairs; text adds colour, markdown wraps them in a
``diff`` block so GitHub colours them in a pull request.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from npa_schema import ops as o
from npa_schema.errors import ApplyError, NpaError, SpecErrors
from npa_schema.lint import assess, highest
from npa_schema.model import Column, ForeignKey, Index
from npa_schema.plan import Plan
from npa_schema.types import ColumnType
from npa_schema.urls import mask_url

if TYPE_CHECKING:
    from npa_schema.migrations.authoring import Added

COLORS = {"+": "green", "-": "red", "~": "yellow", "-/+": "magenta"}


@cache
def stdout(no_color: bool = False) -> Console:
    return Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True)


@cache
def stderr(no_color: bool = False) -> Console:
    return Console(
        stderr=True, no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True
    )


def print_json(data: Any) -> None:
    sys.stdout.write(mask_url(json.dumps(data, indent=2, default=str)) + "\n")


def print_error(exc: NpaError, as_json: bool = False) -> None:
    """One error on stderr: text, or (``--format json``) one JSON object, masked either way."""
    if as_json:
        sys.stderr.write(mask_url(json.dumps({"error": error_dict(exc)}, indent=2, default=str)) + "\n")
        return
    console = stderr()
    lines = [e.message for e in exc.errors] if isinstance(exc, SpecErrors) else [exc.message]
    for line in lines:
        console.print(f"[bold red]error:[/] {escape(mask_url(line))}")
    if isinstance(exc, ApplyError):
        _print_apply_error(console, exc)
    hints: set[str] = (
        {e.hint for e in exc.errors if e.hint}
        if isinstance(exc, SpecErrors)
        else {h for h in (exc.hint,) if h is not None}
    )
    for hint in sorted(hints):
        console.print(f"[cyan]hint:[/] {escape(mask_url(hint))}")


def error_dict(exc: NpaError) -> dict[str, Any]:
    messages = [e.message for e in exc.errors] if isinstance(exc, SpecErrors) else [exc.message]
    found = [e.hint for e in exc.errors] if isinstance(exc, SpecErrors) else [exc.hint]
    hints = sorted({h for h in found if h})
    data: dict[str, Any] = {"type": type(exc).__name__, "messages": messages, "hints": hints}
    if isinstance(exc, ApplyError):
        data.update(ran=exc.ran, failed=exc.failed, pending=exc.pending, rolled_back=exc.rolled_back)
    return data


def _print_apply_error(console: Console, exc: ApplyError) -> None:
    if exc.ran:
        console.print(f"[bold]statements that ran ({len(exc.ran)}):[/]")
        for sql in exc.ran:
            console.print(f"  [green]✓[/] {escape(sql)}")
    console.print(f"[bold]failed:[/]\n  [red]✗[/] {escape(exc.failed)}")
    if exc.pending:
        console.print(f"[bold]not run ({len(exc.pending)}):[/]")
        for sql in exc.pending:
            console.print(f"  · {escape(sql)}")


# --- plan as lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    symbol: str
    text: str
    indent: int = 0
    note: str = ""


def type_text(column_type: ColumnType) -> str:
    if column_type.name == "enum":
        return f"enum({', '.join(column_type.values)})"
    return str(column_type)


def describe_column(column: Column) -> str:
    parts = [type_text(column.type)]
    parts.append("null" if column.nullable else "not null")
    if column.identity:
        parts.append("identity")
    if column.default is not None:
        value = column.default.value
        parts.append(f"default {value!r}" if column.default.kind == "string" else f"default {value}")
    return ", ".join(parts)


def _index_text(index: Index) -> str:
    cols = ", ".join([*index.columns, *index.expressions])
    extra = " unique" if index.unique else ""
    where = f" where {index.where}" if index.where else ""
    return f"index {index.name} ({cols}){extra}{where}"


def _fk_text(fk: ForeignKey) -> str:
    action = f" on delete {fk.on_delete}" if fk.on_delete != "no action" else ""
    return f"foreign key {fk.name} ({', '.join(fk.columns)}) → {fk.ref_table} ({', '.join(fk.ref_columns)}){action}"


def object_text(op: o.Op) -> str:
    """The object an operation touches, as a reviewer reads it."""
    if isinstance(op, (o.AddColumn, o.DropColumn)):
        return f"column {op.column.name}: {describe_column(op.column)}"
    if isinstance(op, (o.CreateIndex, o.DropIndex)):
        return _index_text(op.index)
    if isinstance(op, (o.AddUnique, o.DropUnique)):
        return f"unique {op.unique.name} ({', '.join(op.unique.columns)})"
    if isinstance(op, (o.AddCheck, o.DropCheck)):
        return f"check {op.check.name} ({op.check.expression})"
    if isinstance(op, (o.AddForeignKey, o.DropForeignKey)):
        return _fk_text(op.foreign_key)
    if isinstance(op, (o.AddPrimaryKey, o.DropPrimaryKey)):
        return f"primary key {op.primary_key.name} ({', '.join(op.primary_key.columns)})"
    if isinstance(op, o.RenameColumn):
        return f"column {op.old_name} → {op.new_name} (rename, data kept)"
    if isinstance(op, o.RenameTable):
        return f"table {op.table} → {op.new_name} (rename, data kept)"
    if isinstance(op, o.AlterColumn):
        changes = []
        for name in op.changes:
            old, new = getattr(op.old, name), getattr(op.new, name)
            if name == "default":
                old = old.value if old else None
                new = new.value if new else None
            elif name == "type":
                old, new = type_text(old), type_text(new)
            changes.append(f"{name} {old} → {new}")
        return f"column {op.new.name}: {'; '.join(changes)}"
    if isinstance(op, o.SetTableComment):
        return f"comment {op.old!r} → {op.new!r}"
    if isinstance(op, (o.CreateEnum, o.DropEnum)):
        return f"enum {op.enum.name} ({', '.join(op.enum.values)})"
    if isinstance(op, o.AddEnumValue):
        return f"enum {op.enum}: add value {op.value!r}"
    if isinstance(op, o.RawSQL):
        return f"sql {op.sql[:60]!r}"
    return op.kind


def _identity(op: o.Op) -> tuple[str, str] | None:
    """(table, object name) for the droppable/creatable objects that can pair into a replace."""
    for attr in ("index", "unique", "check", "foreign_key", "primary_key"):
        obj = getattr(op, attr, None)
        if obj is not None:
            return (op.table_name or "", f"{attr}:{obj.name}")
    return None


def plan_lines(plan: Plan) -> list[Line]:
    lines: list[Line] = []
    replaced = _replacements(plan.ops)
    by_table: dict[str | None, list[o.Op]] = {}
    for op in plan.ops:
        key = None if isinstance(op, (o.CreateEnum, o.DropEnum, o.AddEnumValue, o.RawSQL)) else op.table_name
        by_table.setdefault(key, []).append(op)
    for op in by_table.pop(None, []):
        lines.append(Line(op.symbol, object_text(op)))
    for table, table_ops in by_table.items():
        lines.extend(_table_lines(table or "", table_ops, replaced))
    return lines


def _replacements(ops: Iterable[o.Op]) -> set[tuple[str, str]]:
    drops = {_identity(op) for op in ops if op.symbol == "-"} - {None}
    adds = {_identity(op) for op in ops if op.symbol == "+"} - {None}
    return drops & adds  # type: ignore[return-value]


def _table_lines(table: str, ops: list[o.Op], replaced: set[tuple[str, str]]) -> list[Line]:
    head = ops[0]
    if isinstance(head, o.CreateTable):
        t = head.table_def
        out = [Line("+", f"table {t.name}")]
        pk = set(t.primary_key.columns) if t.primary_key else set()
        out += [
            Line("+", f"{c.name}: {describe_column(c)}{', primary key' if c.name in pk else ''}", 1)
            for c in t.columns
        ]
        out += [Line("+", f"unique {u.name} ({', '.join(u.columns)})", 1) for u in t.uniques]
        out += [Line("+", f"check {c.name} ({c.expression})", 1) for c in t.checks]
        out += [Line("+", _fk_text(f), 1) for f in t.foreign_keys]
        rest = ops[1:]
    elif isinstance(head, o.DropTable):
        return [Line("-", f"table {head.table_def.name}", note="destroys data")] + [
            Line(op.symbol, object_text(op), 1) for op in ops[1:]
        ]
    else:
        out = [Line("~", f"table {table}")]
        rest = ops
    shown: set[tuple[str, str]] = set()
    for op in rest:
        key = _identity(op)
        if key in replaced:
            if key in shown:
                continue
            shown.add(key)
            out.append(Line("-/+", object_text(op), 1, note="replaced"))
            continue
        note = "destroys data" if op.destructive else ""
        out.append(Line(op.symbol, object_text(op), 1, note=note))
    return out


def summary_text(plan: Plan) -> str:
    c = plan.counts()
    return f"Plan: {c['add']} to add, {c['change']} to change, {c['destroy']} to destroy."


def print_plan(plan: Plan, console: Console, show_sql: bool = False) -> None:
    if plan.empty:
        console.print(f"[green]No changes.[/] {escape(plan.database)} matches the schema files.")
        return
    console.print(
        f"npa will perform the following actions on [bold]{escape(plan.database)}[/] ({plan.dialect}):\n"
    )
    for line in plan_lines(plan):
        color = COLORS.get(line.symbol, "white")
        note = (
            f"  [bold red]# {line.note}[/]"
            if line.note == "destroys data"
            else (f"  [dim]# {line.note}[/]" if line.note else "")
        )
        console.print(f"{'    ' * line.indent}  [{color}]{line.symbol:>3}[/] {escape(line.text)}{note}")
    for hint in plan.hints:
        console.print(f"\n[cyan]hint:[/] {escape(hint)}")
    if show_sql:
        console.print("\n[bold]SQL:[/]")
        for sql in plan.statements:
            console.print(f"  {escape(sql)};")
    console.print(f"\n[bold]{summary_text(plan)}[/]")
    if plan.destructive:
        console.print(
            f"[bold red]{len(plan.destructive)} destructive change(s)[/]: apply needs --allow-destructive."
        )


def plan_markdown(plan: Plan) -> str:
    if plan.empty:
        return f"### npa plan: no changes\n\n`{plan.database}` matches the schema files.\n"
    body = []
    for line in plan_lines(plan):
        note = f"   # {line.note}" if line.note else ""
        sym = {"-/+": "!", "~": "!"}.get(line.symbol, line.symbol)  # GitHub colours + - and !
        body.append(f"{sym}{'    ' * line.indent} {line.symbol} {line.text}{note}")
    sql = _script(plan).rstrip("\n")
    parts = [
        f"### npa plan: `{plan.database}` ({plan.dialect})",
        "",
        "```diff",
        *body,
        "```",
        "",
        f"**{summary_text(plan)}**"
        + (f" ⚠️ {len(plan.destructive)} destructive." if plan.destructive else ""),
        "",
        "<details><summary>SQL</summary>",
        "",
        "```sql",
        sql,
        "```",
        "",
        "</details>",
    ]
    parts += [f"> hint: {h}" for h in plan.hints]
    return "\n".join(parts) + "\n"


def plan_sql(plan: Plan) -> str:
    return _script(plan) if not plan.empty else "-- no changes\n"


def _script(plan: Plan) -> str:
    """The plan as a script to run by hand, written by its dialect as ``apply`` runs it (transaction,
    engine settings such as SQLite's foreign-key enforcement off)."""
    from npa_schema.dialects import get_dialect
    from npa_schema.dialects.base import ScriptPart

    return get_dialect(plan.dialect).script([ScriptPart.of(plan.steps)])


# --- drift (schema diff) and the corrective migration (schema sync) ---------------------------------

RISK_COLORS = {"high": "bold red", "medium": "yellow", "low": "green"}


def drift_dict(plan: Plan) -> dict[str, Any]:
    """What differs, each change with its risk."""
    return {
        "in_sync": plan.empty,
        "highest_risk": highest(plan.ops),
        "changes": [
            {**op.to_dict(), "symbol": op.symbol, "risk": risk.level, "reason": risk.reason}
            for op, risk in ((op, assess(op)) for op in plan.ops)
        ],
    }


def print_drift(plan: Plan, console: Console) -> None:
    if plan.empty:
        console.print(f"[green]✓[/] no drift: {plan.database} matches the schema files.")
        return
    console.print(f"Drift on [bold]{escape(plan.database)}[/]: {len(plan.ops)} change(s) to converge\n")
    for op in plan.ops:
        risk = assess(op)
        target = f"{op.table_name}: " if op.table_name else ""
        console.print(
            f"  [{RISK_COLORS[risk.level]}]{risk.level:>6}[/]  {op.symbol} {escape(target + object_text(op))}"
            f"  [dim]# {escape(risk.reason)}[/]"
        )
    console.print(
        f"\nHighest risk: [bold]{highest(plan.ops)}[/]. Converge with `npa apply`, "
        "or write a corrective migration with `npa schema sync`."
    )


def corrective_dict(added: Added | None) -> dict[str, Any]:
    """The corrective migration written, or ``None`` when the database was in sync."""
    if added is None:
        return {"written": None, "in_sync": True}
    assert added.migration is not None
    return {
        "written": str(added.migration.path),
        "changes": [op.to_dict() for op in added.ops],
        "lossy": added.lossy,
    }


def print_corrective(plan: Plan, added: Added | None, console: Console) -> None:
    if added is None:
        console.print(f"[green]✓[/] no drift: {plan.database} matches the schema files; nothing written.")
        return
    assert added.migration is not None
    console.print(
        f"[green]✓[/] wrote {added.migration.path} ({len(added.ops)} operation(s)) for {plan.database}:"
    )
    for line in plan_lines(plan):
        console.print(f"{'    ' * line.indent}  {line.symbol:>3} {line.text}")
    for note in added.lossy:
        console.print(f"[yellow]note:[/] {note}")
    console.print(
        "It was computed against this database's current state: review it, then run `npa migrate up`."
    )
