"""``npa migration script``: one SQL file for DBA review, from the migrations alone (no database).

The schema before each migration is replayed on the model (``prepare_ops`` + ``replay``), so the
statements are the ones ``npa migrate up`` would run on a database at that point, history inserts
included. The dialect writes the script (``Dialect.script``): its transactions, its engine settings
(SQLite's foreign-key enforcement off) and, for ``--idempotent``, the block that guards each migration
with a history check so the script can run against any state. That needs conditional blocks outside
a procedure (``Capabilities.guarded_scripts``: PostgreSQL's ``DO``, SQL Server's ``IF ... BEGIN``);
MySQL/MariaDB and SQLite have none, and there it is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from npa_schema.dialects.base import Dialect, ScriptPart
from npa_schema.errors import MigrationError
from npa_schema.migrations.checksum import verify_sum
from npa_schema.migrations.files import MigrationFile, discover, load_ops
from npa_schema.migrations.history import APPLIED, HISTORY_TABLE, HistorySQL, SqlExpression
from npa_schema.migrations.prepare import prepare_ops, render_ops
from npa_schema.model import Schema
from npa_schema.replay import apply_ops
from npa_schema.version import __version__


@dataclass
class _Rendered:
    file: MigrationFile
    inside: list[str]
    after: list[str]


def build_script(
    directory,
    dialect: Dialect,
    *,
    from_id: str | None = None,
    to_id: str | None = None,
    idempotent: bool = False,
) -> str:
    if idempotent and not dialect.capabilities.guarded_scripts:
        raise MigrationError(
            f"--idempotent is not possible for {dialect.name}: it has no conditional blocks outside stored "
            "procedures, so a script cannot skip migrations that already ran",
            hint="run `npa migrate up` (it checks the history), or script only what is pending: "
            "--from <the database's newest applied migration>",
        )
    files = discover(directory)
    verify_sum(directory, files)
    ids = [f.id for f in files]
    for given in (from_id, to_id):
        if given and given.split("_", 1)[0] not in ids and given != "0":
            raise MigrationError(f"there is no migration '{given}'", hint="see: npa migration list")
    start = from_id.split("_", 1)[0] if from_id else ""
    end = to_id.split("_", 1)[0] if to_id else "99999999999999"
    current = Schema()
    chosen: list[_Rendered] = []
    for file in files:
        prepared = prepare_ops(load_ops(file, "up", dialect.name), dialect, current)
        if start < file.id <= end:
            chosen.append(_Rendered(file, *render_ops(dialect, prepared, current)))
        try:
            current = apply_ops(current, prepared, dialect.rename_in_expression)
        except MigrationError as exc:
            raise MigrationError(f"{file.filename}: cannot be replayed offline: {exc.message}") from exc
    return _assemble(dialect, chosen, create_history=not from_id, idempotent=idempotent)


def _assemble(dialect: Dialect, chosen: list[_Rendered], create_history: bool, idempotent: bool) -> str:
    history = HistorySQL(dialect)
    parts = [_history_table(dialect, history, idempotent)] if create_history else []
    for item in chosen:
        part = migration_part(history, item.file, "up", item.inside, item.after)
        parts.append(
            _guarded(part, history.exists_condition(item.file.id), item.file) if idempotent else part
        )
    header = [
        f"npa-schema {__version__}: migration script for {dialect.name}",
        f"{len(chosen)} migration(s)" + (", each guarded by a history check" if idempotent else ""),
    ]
    return dialect.script(parts, header)


def migration_part(
    history: HistorySQL,
    file: MigrationFile,
    direction: str,
    inside: Sequence[str],
    after: Sequence[str],
    resume_after: int | None = None,
) -> ScriptPart:
    """One migration as a script part, with the history statement ``npa migrate`` would leave behind:
    the row inserted (``up``), or deleted (``down``). ``resume_after``: statements an earlier run
    completed (skipped here; the existing row is completed instead)."""
    statements = [*inside, *after]
    if direction == "down":
        record = history.delete(file.id)
    elif resume_after is not None:
        record = history.update(
            file.id, {"status": APPLIED, "statements_done": len(statements), "error": None}
        )
    else:
        record = history.insert(_script_row(file, len(statements)))
    skip = resume_after or 0
    kept_inside = [*inside[skip:], record]
    kept_after = after[max(0, skip - len(inside)) :]
    return ScriptPart(tuple(kept_inside), tuple(kept_after), file.label)


def _script_row(file: MigrationFile, statements: int) -> dict[str, object]:
    return {
        "id": file.id,
        "name": file.name,
        "checksum": file.checksum(),
        "applied_at": SqlExpression("CURRENT_TIMESTAMP"),
        "applied_by": "npa migration script",
        "tool_version": __version__,
        "status": APPLIED,
        "statements_done": statements,
        "statements_total": statements,
    }


def _history_table(dialect: Dialect, history: HistorySQL, idempotent: bool) -> ScriptPart:
    create = tuple(history.create())
    if not idempotent:
        return ScriptPart(create, transaction=False)
    return ScriptPart(create, only_if=dialect.missing_table_condition(HISTORY_TABLE))


def _guarded(part: ScriptPart, exists_query: str, file: MigrationFile) -> ScriptPart:
    if part.after:
        raise MigrationError(
            f"{file.filename} has statements that cannot run inside a transaction "
            "block, so it cannot be guarded in an idempotent script"
        )
    return dataclasses.replace(part, only_if=f"NOT EXISTS ({exists_query})")
