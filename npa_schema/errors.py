"""One exception type per kind of user error. The CLI renders them once; anything else is a bug."""

from __future__ import annotations


class NpaError(Exception):
    """A user-facing error: printed as one message (plus hint), exit code 1, no traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class SpecError(NpaError):
    """A problem in an entity file, pointing at ``file:line`` and the field."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.field = file, line, field
        where = file or ""
        if line:
            where += f":{line}"
        prefix = f"{where}: " if where else ""
        at = f" (at {field})" if field else ""
        super().__init__(f"{prefix}{message}{at}", hint)


class SpecErrors(NpaError):
    """Several SpecErrors found in one validation pass, reported together."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.message for e in errors), errors[0].hint if errors else None)


class ConfigError(NpaError):
    pass


class ConnectError(NpaError):
    """The database cannot be reached or refused us; the URL in the message is always masked."""


class DriverMissingError(NpaError):
    pass


class PlanError(NpaError):
    """The plan cannot be made or applied as asked (destructive without consent, stale saved plan...)."""


class LockTimeoutError(NpaError):
    pass


class ApplyError(NpaError):
    """A statement failed while applying. ``ran`` lists what completed (it matters where DDL auto-commits)."""

    def __init__(
        self,
        message: str,
        ran: list[str],
        failed: str,
        pending: list[str],
        rolled_back: bool,
        hint: str | None = None,
    ) -> None:
        self.ran, self.failed, self.pending, self.rolled_back = ran, failed, pending, rolled_back
        super().__init__(message, hint)


class MigrationError(NpaError):
    pass


class ReplayError(MigrationError):
    """Operations that do not fit the model they are replayed on (a table created twice, or changed
    before it exists). Only migrations can be written that way, hence a MigrationError."""


class DatabaseError(NpaError):
    """A statement the engine rejected. Sessions wrap their driver's errors in this."""

    def __init__(self, message: str, sql: str | None = None, hint: str | None = None) -> None:
        self.sql = sql
        super().__init__(message, hint)
