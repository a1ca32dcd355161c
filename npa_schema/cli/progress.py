"""A progress bar over the statements the executor runs (rich), for ``apply`` and ``migrate`` alike:
silent for short runs and when output is not a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from npa_schema.executor import Progress as ExecutorProgress

MIN_STATEMENTS = 20


class StatementProgress(ExecutorProgress):
    """Hears the executor's events. ``migrate`` runs one batch of statements per migration, so the
    total grows as each is rendered; the bar appears once it reaches MIN_STATEMENTS."""

    def __init__(self, console: Console, label: str, enabled: bool = True) -> None:
        self.console, self.label = console, label
        self.enabled = enabled and console.is_terminal
        self.total = self.done = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> StatementProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def expect(self, total: int) -> None:
        self.total += total
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=self.total)
        elif self.enabled and self.total >= MIN_STATEMENTS:
            self._bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._bar.add_task(self.label, total=self.total, completed=self.done)
            self._bar.start()

    def advance(self, sql: str) -> None:
        self.done += 1
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)
