"""Narrowing a column never cuts data: before any statement, the rows that would not fit are counted
and the plan is refused with the count, on every engine; PostgreSQL's ALTER carries no truncating
cast, and MySQL/MariaDB sessions are strict whatever the server's default."""

from __future__ import annotations

import pytest

from npa_schema.declarative import apply, plan_session
from npa_schema.dialects import connect
from npa_schema.entities import load_text
from npa_schema.errors import ApplyError, PlanError
from npa_schema.executor import Executor
from npa_schema.model import Schema
from tests.support import converge

LONG = "x" * 60


def schema(columns: str, extra: str = "") -> Schema:
    return load_text(f"table: t\ncolumns:\n  id: {{type: int, primary_key: true}}\n{columns}{extra}")


def insert(url: str, *rows: str) -> None:
    with connect(url) as (dialect, session), session.transaction():
        for values in rows:
            session.execute(f"INSERT INTO {dialect.quote('t')} VALUES ({values})")


def rows(url: str, column: str = "v") -> list[tuple]:
    with connect(url) as (dialect, session):
        return session.query(
            f"SELECT {dialect.quote('id')}, {dialect.quote(column)} FROM {dialect.quote('t')} ORDER BY 1"
        )


CASES = {
    "shorter string": (
        "  v: {type: string(60)}\n",
        "  v: {type: string(10)}\n",
        [f"1, '{LONG}'", "2, 'short'", f"3, '{'y' * 11}'"],
        "t.v: 2 row(s) longer than 10 characters",
    ),
    "text to string": (
        "  v: {type: text}\n",
        "  v: {type: string(10)}\n",
        [f"1, '{LONG}'"],
        "t.v: 1 row(s) longer than 10 characters",
    ),
    "smaller integer": (
        "  v: {type: bigint}\n",
        "  v: {type: int}\n",
        ["1, 1099511627776", "2, -3000000000", "3, 7"],
        "t.v: 2 row(s) outside int's range",
    ),
    "smaller decimal": (
        "  v: {type: decimal(10,2)}\n",
        "  v: {type: decimal(5,2)}\n",
        ["1, 12345.67", "2, 999.99"],
        "t.v: 1 row(s) of 1000 or more in absolute value",
    ),
    "not null": (
        "  v: {type: int, nullable: true}\n",
        "  v: {type: int}\n",
        ["1, NULL", "2, NULL", "3, 5"],
        "t.v: 2 row(s) NULL, and the column becomes NOT NULL",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_narrowing_is_refused_with_the_count_and_every_row_is_kept(engine_url: str, case: str) -> None:
    before, after, values, message = CASES[case]
    converge(engine_url, schema(before))
    insert(engine_url, *values)
    kept = rows(engine_url)
    with pytest.raises(PlanError) as refused:
        apply(engine_url, schema(after), allow_destructive=True)
    assert message in refused.value.message
    assert rows(engine_url) == kept  # nothing ran
    with connect(engine_url) as (dialect, session):  # and the column is still the old one
        assert not plan_session(session, dialect, schema(before)).ops


@pytest.mark.mysql
def test_an_enum_losing_a_value_a_row_holds_is_refused_with_the_count(mysql_url: str) -> None:
    """MySQL's inline ENUM is a column type (PostgreSQL refuses to remove a label at plan time; on
    SQLite an enum is a check, which the rebuild enforces and rolls back)."""
    converge(mysql_url, schema("  v: {type: enum, values: [a, b, c]}\n"))
    insert(mysql_url, "1, 'c'", "2, 'a'", "3, 'c'")
    with pytest.raises(PlanError, match=r"t\.v: 2 row\(s\) holding c, which the enum no longer has"):
        apply(mysql_url, schema("  v: {type: enum, values: [a, b]}\n"), allow_destructive=True)
    assert rows(mysql_url) == [(1, "c"), (2, "a"), (3, "c")]


def test_narrowing_data_that_fits_converges_and_keeps_it(engine_url: str) -> None:
    converge(engine_url, schema("  v: {type: string(60)}\n"))
    insert(engine_url, "1, 'fits'", "2, '0123456789'")
    converge(engine_url, schema("  v: {type: string(10)}\n"), allow_destructive=True)
    assert rows(engine_url) == [(1, "fits"), (2, "0123456789")]


def test_a_renamed_column_is_checked_where_it_is_before_the_plan(engine_url: str) -> None:
    converge(engine_url, schema("  old: {type: string(60)}\n"))
    insert(engine_url, f"1, '{LONG}'")
    with pytest.raises(PlanError, match=r"t\.old: 1 row\(s\) longer than 10"):
        apply(engine_url, schema("  new: {type: string(10), renamed_from: old}\n"), allow_destructive=True)
    assert rows(engine_url, "old") == [(1, LONG)]


@pytest.mark.postgres
def test_postgres_refuses_an_over_long_value_rather_than_cutting_it(pg_url: str) -> None:
    """Even past the data check (here the plan's statements run directly), the ALTER itself has no
    ``USING CAST(... AS VARCHAR(10))``: PostgreSQL refuses the value."""
    converge(pg_url, schema("  v: {type: string(60)}\n"))
    insert(pg_url, f"1, '{LONG}'")
    with connect(pg_url) as (dialect, session):
        plan = plan_session(session, dialect, schema("  v: {type: string(10)}\n"))
        assert plan.statements == ['ALTER TABLE "t" ALTER COLUMN "v" SET DATA TYPE VARCHAR(10)']
        with pytest.raises(ApplyError, match="value too long"):
            Executor(session, dialect).run(plan.steps)
    assert rows(pg_url) == [(1, LONG)]


@pytest.mark.postgres
def test_postgres_enum_to_short_string_is_refused_not_cut(pg_url: str) -> None:
    converge(pg_url, schema("  v: {type: enum, values: [long_label, b]}\n"))
    insert(pg_url, "1, 'long_label'")
    with connect(pg_url) as (dialect, session):
        plan = plan_session(session, dialect, schema("  v: {type: string(4)}\n"))
        assert "VARCHAR(4))" not in " ".join(plan.statements)  # only ::text, then the assignment rule
        with pytest.raises(ApplyError, match="value too long"):
            Executor(session, dialect).run(plan.steps)
    assert rows(pg_url) == [(1, "long_label")]


@pytest.mark.mysql
def test_mysql_sessions_are_pinned_strict_where_a_lax_session_cuts_the_value(mysql_url: str) -> None:
    """Whatever the server's default sql_mode, npa's session is strict: past the data check (the plan's
    statements run directly), the server refuses the value that a non-strict session cuts."""
    import pymysql

    from npa_schema.dialects.mysql.driver import SQL_MODE

    converge(mysql_url, schema("  v: {type: string(60)}\n"))
    insert(mysql_url, f"1, '{LONG}'")
    with connect(mysql_url) as (dialect, session):
        assert session.query("SELECT @@SESSION.sql_mode")[0][0].split(",") == SQL_MODE.split(",")
        assert "STRICT_ALL_TABLES" in SQL_MODE.split(",")
        plan = plan_session(session, dialect, schema("  v: {type: string(10)}\n"))
        with pytest.raises(ApplyError, match=r"Data (too long|truncated)"):
            Executor(session, dialect).run(plan.steps)
    assert rows(mysql_url) == [(1, LONG)]
    lax = pymysql.connect(
        host="127.0.0.1", user="root", database=mysql_url.rsplit("/", 1)[1], autocommit=True
    )
    with lax.cursor() as cur:  # what the pinned sql_mode prevents
        cur.execute("SET SESSION sql_mode = ''")
        cur.execute(plan.statements[0])
    lax.close()
    assert rows(mysql_url) == [(1, "x" * 10)]
