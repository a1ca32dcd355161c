"""PostgreSQL's part of a script run by hand: the ``DO`` block that guards an idempotent script."""

from __future__ import annotations

from collections.abc import Sequence


def guard(condition: str, statements: Sequence[str]) -> list[str]:
    """A ``DO`` block (atomic on its own) whose dollar-quote tag appears in none of the statements."""
    tag, n = "$npa$", 0
    while any(tag in sql for sql in statements):
        n += 1
        tag = f"$npa{n}$"
    body = [f"    {sql};" for sql in statements]
    return [f"DO {tag}", "BEGIN", f"  IF {condition} THEN", *body, "  END IF;", f"END {tag};"]


def missing_table(table: str) -> str:
    return f"to_regclass('{table}') IS NULL"
