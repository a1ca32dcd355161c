"""The migrations folder: naming, discovery and loading of ``.py`` and plain-SQL migrations.

A migration is ``<UTC yyyymmddHHMMSS>_<name>.py`` (``up(op)`` / ``down(op)`` on the builder), or a
folder ``<id>_<name>/`` holding ``up.sql`` and ``down.sql`` for teams who review SQL. The id orders
migrations; the name is for people. Everything else in the folder (``npa.sum``, the snapshots) is ours.
"""

from __future__ import annotations

import hashlib
import re
import types
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from npa_schema import ops as o
from npa_schema.errors import MigrationError

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
FILE_RE = re.compile(r"^(?P<id>\d{14})_(?P<name>[A-Za-z][A-Za-z0-9_]*)(?P<ext>\.py)?$")
ID_FORMAT = "%Y%m%d%H%M%S"
SQL_DIALECT_MARK = "-- npa:dialect "


@dataclass(frozen=True)
class MigrationFile:
    id: str
    name: str
    path: Path  # the .py file, or the folder of a SQL migration

    @property
    def is_sql(self) -> bool:
        return self.path.is_dir()

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        return f"{self.id}_{self.name}"

    def content(self) -> bytes:
        """The bytes the checksum covers: the file, or ``up.sql`` and ``down.sql`` of a SQL migration."""
        if not self.is_sql:
            return self.path.read_bytes()
        parts = []
        for part in ("up.sql", "down.sql"):
            file = self.path / part
            parts.append(part.encode() + b"\0" + (file.read_bytes() if file.exists() else b""))
        return b"\0\0".join(parts)

    def checksum(self) -> str:
        return hashlib.sha256(self.content()).hexdigest()

    def sql_dialect(self) -> str | None:
        """A SQL migration is for the dialect named in its first ``-- npa:dialect`` line."""
        if not self.is_sql:
            return None
        for line in (self.path / "up.sql").read_text(encoding="utf-8").splitlines():
            if line.startswith(SQL_DIALECT_MARK):
                return line[len(SQL_DIALECT_MARK) :].strip()
        return None

    def has_down(self) -> bool:
        if self.is_sql:
            return (self.path / "down.sql").exists()
        return True


def validate_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise MigrationError(
            f"'{name}' is not a valid migration name",
            hint="use letters, digits and underscores, starting with a letter (e.g. AddPhone)",
        )


def discover(directory: Path) -> list[MigrationFile]:
    """The migrations in ``directory``, in id order. Stray files that look almost right are an error."""
    if not directory.is_dir():
        return []
    found: list[MigrationFile] = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith((".", "_")) or entry.name in ("npa.sum", "npa.snapshot.json", "snapshots"):
            continue
        m = FILE_RE.match(entry.name)
        is_candidate = (entry.is_file() and entry.suffix == ".py") or (
            entry.is_dir() and (entry / "up.sql").exists()
        )
        if not is_candidate:
            continue
        if m is None or (entry.is_dir() == bool(m.group("ext"))):
            raise MigrationError(
                f"{entry}: not a migration name (expected <yyyymmddHHMMSS>_<Name>.py or <id>_<Name>/up.sql)",
                hint="rename it, or move it out of the migrations folder",
            )
        found.append(MigrationFile(m.group("id"), m.group("name"), entry))
    ids = [f.id for f in found]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise MigrationError(
            f"two migrations share the id {dupes[0]}", hint="rename one of them to a later timestamp"
        )
    return sorted(found, key=lambda f: f.id)


def new_id(existing: list[MigrationFile], now: datetime | None = None) -> str:
    """Now in UTC; if that is not after the newest migration (same second, clock skew), one second after it."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
    if existing:
        newest = datetime.strptime(existing[-1].id, ID_FORMAT)
        if moment <= newest:
            moment = newest + timedelta(seconds=1)
    return moment.strftime(ID_FORMAT)


# --- loading ---------------------------------------------------------------------------------------


def load_ops(migration: MigrationFile, direction: str, dialect: str | None) -> list[o.Op]:
    """The operations of ``up`` or ``down``, built for ``dialect`` (``op.dialect`` in the file)."""
    if migration.is_sql:
        return _sql_ops(migration, direction, dialect)
    from npa_schema.migrations.builder import Operations

    module = _import(migration)
    func = getattr(module, direction, None)
    if not callable(func):
        raise MigrationError(f"{migration.path}: has no {direction}(op) function")
    builder = Operations(dialect)
    try:
        func(builder)
    except MigrationError as exc:
        raise MigrationError(f"{migration.path}: {direction}(): {exc.message}", exc.hint) from exc
    except Exception as exc:
        raise MigrationError(f"{migration.path}: {direction}() raised {type(exc).__name__}: {exc}") from exc
    return builder.ops


def _import(migration: MigrationFile) -> types.SimpleNamespace:
    """Run the file's source in a fresh namespace (no import machinery: no ``__pycache__`` in the folder)."""
    namespace: dict[str, object] = {
        "__name__": f"npa_migration_{migration.id}",
        "__file__": str(migration.path),
    }
    try:
        code = compile(migration.path.read_bytes(), str(migration.path), "exec")
        exec(code, namespace)
    except Exception as exc:
        raise MigrationError(f"{migration.path}: cannot be loaded: {type(exc).__name__}: {exc}") from exc
    return types.SimpleNamespace(**namespace)


def _sql_ops(migration: MigrationFile, direction: str, dialect: str | None) -> list[o.Op]:
    from npa_schema.migrations.sqlsplit import split_statements

    written_for = migration.sql_dialect()
    if dialect and written_for and _canonical_dialect(written_for) != _canonical_dialect(dialect):
        raise MigrationError(
            f"{migration.path}: is plain SQL for {written_for}, the target is {dialect}",
            hint="write it as a .py migration to run it on several engines",
        )
    file = migration.path / f"{direction}.sql"
    if not file.exists():
        raise MigrationError(f"{migration.path}: has no {direction}.sql")
    return [o.RawSQL(sql) for sql in split_statements(file.read_text(encoding="utf-8"))]


def _canonical_dialect(name: str) -> str:
    from npa_schema.dialects import ALIASES

    return ALIASES.get(name.lower(), name.lower())
