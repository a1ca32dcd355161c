"""``npa migration add`` / ``remove`` / ``hash``: writing the migrations folder. No database needed.

``add`` diffs the schema files against the snapshot with the core differ, writes the migration (Python
on the builder API, or reviewed plain SQL for one dialect), keeps the previous snapshot beside it,
updates the snapshot and rewrites ``npa.sum``.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from npa_schema import ops as o
from npa_schema.dialects import rename_in_portable_expression
from npa_schema.differ import diff
from npa_schema.errors import MigrationError
from npa_schema.migrations.checksum import verify_sum, write_sum
from npa_schema.migrations.codegen import lossy_note, migration_source
from npa_schema.migrations.files import (
    SQL_DIALECT_MARK,
    MigrationFile,
    discover,
    load_ops,
    new_id,
    validate_name,
)
from npa_schema.migrations.snapshot import (
    before_path,
    load_before,
    load_snapshot,
    save_before,
    save_snapshot,
    snapshot_exists,
)
from npa_schema.model import Schema
from npa_schema.replay import apply_ops
from npa_schema.version import __version__


@dataclass
class Added:
    migration: MigrationFile | None
    ops: list[o.Op] = field(default_factory=list)
    down: list[o.Op] = field(default_factory=list)
    lossy: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def add_migration(
    directory: Path,
    name: str,
    desired: Schema,
    *,
    sql_dialect: str | None = None,
    empty: bool = False,
    now: datetime | None = None,
) -> Added:
    """Write the migration from the snapshot to ``desired``; ``Added.migration`` is None when unchanged."""
    validate_name(name)
    existing = discover(directory)
    if existing:
        verify_sum(directory, existing)
    previous = load_snapshot(directory) if snapshot_exists(directory) or not existing else replay(existing)
    result = diff(
        desired, previous, bool(previous.tables), rename_in_expression=rename_in_portable_expression
    )
    up = result.ops
    if not up and not empty:
        return Added(None, hints=result.hints)
    down = inverse_ops(previous, desired, up)
    migration_id = new_id(existing, now)
    label = f"{migration_id}_{name}"
    directory.mkdir(parents=True, exist_ok=True)
    if sql_dialect:
        path = directory / label
        files = _write_sql(path, label, up, down, previous, desired, sql_dialect)
    else:
        path = directory / f"{label}.py"
        path.write_text(migration_source(name, label, up, down), encoding="utf-8")
        files = [path]
    files.append(save_before(directory, label, previous))
    files.append(save_snapshot(directory, desired))
    migration = MigrationFile(migration_id, name, path)
    files.append(write_sum(directory, [*existing, migration]))
    lossy = [note for op in up if (note := lossy_note(op))]
    return Added(migration, up, down, lossy, result.hints, files)


def add_corrective(directory: Path, name: str, up: list[o.Op], now: datetime | None = None) -> Added:
    """``npa schema sync``: a migration of exactly ``up`` (the ops that bring a drifted database back to
    the schema files), its down the inverse. The snapshot already matches the files, so it stays."""
    validate_name(name)
    existing = discover(directory)
    if existing:
        verify_sum(directory, existing)
    down = [op.reverse() for op in reversed(up)]
    migration_id = new_id(existing, now)
    label = f"{migration_id}_{name}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{label}.py"
    path.write_text(migration_source(name, label, up, down), encoding="utf-8")
    files = [path]
    if snapshot_exists(directory):
        files.append(save_before(directory, label, load_snapshot(directory)))
    migration = MigrationFile(migration_id, name, path)
    files.append(write_sum(directory, [*existing, migration]))
    lossy = [note for op in up if (note := lossy_note(op))]
    return Added(migration, up, down, lossy, [], files)


def replay(migrations: list[MigrationFile]) -> Schema:
    """The snapshot rebuilt from the migrations' ``up`` (the file was lost); raw SQL is not replayed."""
    schema = Schema()
    for migration in migrations:
        schema = apply_ops(schema, load_ops(migration, "up", None), rename_in_portable_expression)
    return schema


def inverse_ops(previous: Schema, desired: Schema, up: list[o.Op]) -> list[o.Op]:
    """``down``: the inverse of ``up``. Without renames that is ``op.reverse()`` of each operation in
    reverse order. With renames, reversing is not enough (a re-created check or index would name the
    columns as they were before the rename back runs), so the differ computes it: ``previous`` with
    each rename turned around (``renamed_from`` pointing at the new name) diffed against ``desired``.
    """
    table_renames = {op.table: op.new_name for op in up if isinstance(op, o.RenameTable)}
    column_renames = {(op.table, op.old_name): op.new_name for op in up if isinstance(op, o.RenameColumn)}
    if not table_renames and not column_renames:
        return [op.reverse() for op in reversed(up)]
    new_table = {old: new for old, new in table_renames.items()}
    tables = []
    for t in previous.tables:
        after = new_table.get(t.name, t.name)
        columns = tuple(
            dataclasses.replace(c, renamed_from=column_renames.get((after, c.name))) for c in t.columns
        )
        tables.append(dataclasses.replace(t, columns=columns, renamed_from=table_renames.get(t.name)))
    target = dataclasses.replace(previous, tables=tuple(tables))
    return diff(target, desired, rename_in_expression=rename_in_portable_expression).ops


def _write_sql(
    folder: Path,
    label: str,
    up: list[o.Op],
    down: list[o.Op],
    previous: Schema,
    desired: Schema,
    dialect_name: str,
) -> list[Path]:
    from npa_schema.dialects import get_dialect
    from npa_schema.migrations.prepare import prepare_ops, render_ops

    dialect = get_dialect(dialect_name)
    before, after = dialect.normalize(previous), dialect.normalize(desired)
    texts = {
        "up.sql": _statements(render_ops(dialect, prepare_ops(up, dialect, before), before)),
        "down.sql": _statements(render_ops(dialect, prepare_ops(down, dialect, after), after)),
    }
    folder.mkdir()
    written = []
    for filename, statements in texts.items():
        head = (
            f"{SQL_DIALECT_MARK}{dialect.name}\n"
            f"-- {label} ({filename[:-4]}), generated by npa-schema {__version__}; review before committing.\n"
        )
        body = "".join(f"\n{sql};\n" for sql in statements) or "\n-- nothing to do\n"
        (folder / filename).write_text(head + body, encoding="utf-8")
        written.append(folder / filename)
    return written


def _statements(rendered: tuple[list[str], list[str]]) -> list[str]:
    return rendered[0] + rendered[1]


@dataclass
class Removed:
    migration: MigrationFile
    exact: bool  # False: the snapshot was rebuilt by replaying down(), not restored from its copy


def remove_last(directory: Path, applied_ids: set[str] | None) -> Removed:
    """Delete the newest migration (refused if applied) and put the snapshot back as it was before it."""
    existing = discover(directory)
    if not existing:
        raise MigrationError(f"there are no migrations in {directory}")
    last = existing[-1]
    if applied_ids is not None and last.id in applied_ids:
        raise MigrationError(
            f"{last.filename} is applied to the database; it cannot be removed",
            hint="revert it first with: npa migrate down --steps 1",
        )
    previous = load_before(directory, last)
    exact = previous is not None
    if previous is None:
        previous = apply_ops(
            load_snapshot(directory), load_ops(last, "down", None), rename_in_portable_expression
        )
    if last.is_sql:
        shutil.rmtree(last.path)
    else:
        last.path.unlink()
    before_path(directory, last.label).unlink(missing_ok=True)
    save_snapshot(directory, previous)
    write_sum(directory, existing[:-1])
    return Removed(last, exact)


def rehash(directory: Path) -> list[MigrationFile]:
    migrations = discover(directory)
    write_sum(directory, migrations)
    return migrations
