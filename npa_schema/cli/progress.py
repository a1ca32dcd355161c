"""A progress bar for long applies (rich), silent for short ones and when output is not a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

MIN_STATEMENTS = 20


class StatementProgress:
    def __init__(self, console: Console, enabled: bool = True) -> None:
        self.console = console
        self.enabled = enabled and console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> StatementProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def expect(self, total: int) -> None:
        if not self.enabled or total < MIN_STATEMENTS:
            return
        self._progress = Progress(
            TextColumn("applying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._task = self._progress.add_task("apply", total=total)

    def advance(self, _sql: str) -> None:
        if self._progress is not None and self._task is not None:
            if not self._progress.live.is_started:
                self._progress.start()
            self._progress.advance(self._task)
