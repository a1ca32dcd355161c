"""Helpers for real-engine tests: converge a schema and prove the re-plan is empty."""

from __future__ import annotations

from npa_schema.declarative import apply, plan_session
from npa_schema.dialects import connect
from npa_schema.model import Schema
from npa_schema.plan import Plan


def converge(url: str, schema: Schema, allow_destructive: bool = False) -> Plan:
    """Apply ``schema`` at ``url``, then plan again: the second plan must be empty."""
    plan, _ = apply(url, schema, allow_destructive=allow_destructive)
    again = replan(url, schema)
    assert again.empty, (
        "re-plan after apply is not empty:\n"
        + "\n".join(f"  {op.symbol} {op.kind}: {op}" for op in again.ops)
        + "\nSQL:\n"
        + "\n".join(again.statements)
    )
    return plan


def replan(url: str, schema: Schema) -> Plan:
    with connect(url) as (dialect, session):
        return plan_session(session, dialect, schema)


def query(url: str, sql: str) -> list[tuple]:
    with connect(url) as (_dialect, session):
        return session.query(sql)


def execute(url: str, *statements: str) -> None:
    with connect(url) as (_dialect, session), session.transaction():
        for sql in statements:
            session.execute(sql)
