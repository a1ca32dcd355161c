"""SQL Server's part of a script run by hand: the ``IF ... BEGIN ... END`` block that guards an
idempotent script. Each statement runs through ``EXEC`` as its own batch: T-SQL compiles a whole
batch before running it, so a statement using what an earlier one creates would not compile."""

from __future__ import annotations

from collections.abc import Sequence


def guard(condition: str, statements: Sequence[str]) -> list[str]:
    body = ["    EXEC(N'" + sql.replace("'", "''") + "');" for sql in statements]
    return [f"IF {condition}", "BEGIN", *body, "END;"]


def missing_table(table: str) -> str:
    return f"OBJECT_ID(N'{table}', N'U') IS NULL"
