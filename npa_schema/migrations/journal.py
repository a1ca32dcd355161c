"""The migration history as the executor's journal: one migration's progress, written as it runs.

In a transaction the row is written inside it, after the migration's statements, so both commit or
neither does. Statement by statement (MySQL/MariaDB, ``--transaction none``) the row is written first
as ``partial`` (``reverting`` for ``down``) and ``statements_done``/``done_hash`` advance after every
statement, so a failed migration resumes exactly after the last completed one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from npa_schema.executor import Journal
from npa_schema.migrations.files import MigrationFile
from npa_schema.migrations.history import APPLIED, PARTIAL, REVERTING, History, statements_hash


class HistoryJournal(Journal):
    def __init__(self, history: History, file: MigrationFile, direction: str) -> None:
        self.history, self.file, self.direction = history, file, direction
        self.started = time.monotonic()
        self.retry_hint = (
            f"fix the cause (the data, or the statements of {file.filename} that did not run), "
            "then run `npa migrate` again: it resumes after the last completed statement"
        )

    @property
    def ms(self) -> int:
        """Milliseconds since the migration started."""
        return int((time.monotonic() - self.started) * 1000)

    def begin(self, done: int, statements: Sequence[str]) -> None:
        complete = done == len(statements)
        progress = {
            "statements_done": done,
            "statements_total": len(statements),
            "done_hash": statements_hash(statements[:done]),
        }
        if self.direction == "down" and complete:
            self.history.delete(self.file.id)
        elif self.direction == "down":
            self.history.update(self.file.id, status=REVERTING, **progress, error=None)
        else:
            status = APPLIED if complete else PARTIAL
            self.history.insert(
                id=self.file.id, name=self.file.name, checksum=self.file.checksum(), status=status, **progress
            )

    def advance(self, done: int, statements: Sequence[str]) -> None:
        self.history.update(self.file.id, statements_done=done, done_hash=statements_hash(statements[:done]))

    def failed(self, error: str) -> None:
        self.history.update(self.file.id, error=error[:4000])

    def finish(self, statements: Sequence[str]) -> None:
        if self.direction == "down":
            self.history.delete(self.file.id)
            return
        self.history.update(
            self.file.id,
            status=APPLIED,
            checksum=self.file.checksum(),
            execution_ms=self.ms,
            statements_done=len(statements),
            error=None,
        )
