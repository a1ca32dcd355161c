"""Files on disk × rows in the history table → one state per migration.

``applied``, ``pending``, ``changed`` (applied, but the file's checksum differs from the one recorded),
``missing`` (recorded, but no file), ``partial`` / ``reverting`` (stopped part-way on an engine that
commits DDL as it runs), ``out_of_order`` (pending, but older than the newest applied migration:
typically merged from a parallel branch).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from npa_schema.dialects import connect
from npa_schema.migrations.files import MigrationFile, discover
from npa_schema.migrations.history import APPLIED, PARTIAL, REVERTING, History, HistoryRow
from npa_schema.urls import DatabaseURL

APPLIED_STATES = ("applied", "changed", "missing")


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    file: MigrationFile | None
    row: HistoryRow | None
    state: str

    @property
    def is_applied(self) -> bool:
        return self.row is not None and self.row.status == APPLIED

    def to_dict(self) -> dict[str, Any]:
        row = self.row
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "file": self.file.filename if self.file else None,
            "status": self.state,
            "applied": self.is_applied,
        }
        if row is not None:
            data.update(
                applied_at=str(row.applied_at),
                checksum=row.checksum,
                execution_ms=row.execution_ms,
                applied_by=row.applied_by,
                statements_done=row.statements_done,
                statements_total=row.statements_total,
                error=row.error,
            )
        if self.file is not None:
            data["file_checksum"] = self.file.checksum()
        return data


def compute(files: list[MigrationFile], rows: list[HistoryRow]) -> list[Entry]:
    by_file = {f.id: f for f in files}
    by_row = {r.id: r for r in rows}
    newest_applied = max((r.id for r in rows), default="")
    entries = []
    for mid in sorted(set(by_file) | set(by_row)):
        file, row = by_file.get(mid), by_row.get(mid)
        name = file.name if file else (row.name if row else "")
        entries.append(Entry(mid, name, file, row, _state(file, row, newest_applied)))
    return entries


def read_status(url: str | DatabaseURL, directory: Path) -> tuple[list[Entry], str]:
    """The migrations in ``directory`` against the history of the database at ``url`` (read only),
    with that database's masked URL for the report."""
    files = discover(directory)
    with connect(url) as (dialect, session):
        return compute(files, History(session, dialect).rows()), session.url.masked()


def _state(file: MigrationFile | None, row: HistoryRow | None, newest_applied: str) -> str:
    if row is None:
        assert file is not None
        return "out_of_order" if file.id < newest_applied else "pending"
    if row.status == PARTIAL:
        return "partial"
    if row.status == REVERTING:
        return "reverting"
    if file is None:
        return "missing"
    return "applied" if file.checksum() == row.checksum else "changed"


def summary(entries: list[Entry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.state] = counts.get(e.state, 0) + 1
    return counts
