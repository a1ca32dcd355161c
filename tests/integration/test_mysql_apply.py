"""MySQL/MariaDB: what apply does when DDL auto-commits, the GET_LOCK lock, batched introspection,
connection errors, and the problems ``check`` reports."""

from __future__ import annotations

import pytest

from npa_schema.declarative import apply
from npa_schema.dialects import connect, get_dialect
from npa_schema.errors import ApplyError, ConnectError, LockTimeoutError
from npa_schema.model import (
    Column,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
    index_name,
    pk_name,
    unique_name,
)
from npa_schema.types import parse_type
from npa_schema.urls import parse_url
from tests.support import converge, execute, query, replan

pytestmark = pytest.mark.mysql


def col(name: str, type_: str, **kw) -> Column:
    return Column(name, parse_type(type_), **kw)


def _people(*extra: Column, uniques: tuple[Unique, ...] = ()) -> Table:
    return Table(
        "people",
        (col("id", "int"), col("email", "string(100)"), *extra),
        primary_key=PrimaryKey(pk_name("people"), ("id",)),
        uniques=uniques,
    )


def test_partial_failure_reports_what_ran_and_rerun_converges(mysql_url: str) -> None:
    converge(mysql_url, Schema((_people(),)))
    execute(mysql_url, "INSERT INTO people VALUES (1, 'a@x'), (2, 'a@x')")
    # three statements: two new columns, then a unique key that the duplicate rows break
    desired = Schema(
        (
            _people(
                col("age", "int", nullable=True),
                col("city", "string(50)", nullable=True),
                uniques=(Unique(unique_name("people", ("email",)), ("email",)),),
            ),
        )
    )
    with pytest.raises(ApplyError) as caught:
        apply(mysql_url, desired)
    error = caught.value
    assert not error.rolled_back
    assert len(error.ran) == 2
    assert all("ADD COLUMN" in sql for sql in error.ran)
    assert "UNIQUE" in error.failed
    assert "Duplicate" in error.message
    # the two columns stayed; the re-plan only wants the unique key
    assert [op.kind for op in replan(mysql_url, desired).ops] == ["add_unique"]
    execute(mysql_url, "DELETE FROM people WHERE id = 2")
    converge(mysql_url, desired)


def _tables(n: int) -> Schema:
    tables = []
    for i in range(n):
        name = f"t{i:03d}"
        tables.append(
            Table(
                name,
                (col("id", "int"), col("code", "string(10)"), col("n", "int", nullable=True)),
                primary_key=PrimaryKey(pk_name(name), ("id",)),
                indexes=(Index(index_name(name, ("n",)), ("n",)),),
                uniques=(Unique(unique_name(name, ("code",)), ("code",)),),
            )
        )
    return Schema(tuple(tables))


def _introspection_queries(url: str) -> int:
    with connect(url) as (dialect, session):
        before = session.query_count
        dialect.introspect(session)
        return session.query_count - before


def test_introspection_query_count_does_not_grow_with_tables(mysql_url: str) -> None:
    apply(mysql_url, _tables(5))
    five = _introspection_queries(mysql_url)
    apply(mysql_url, _tables(50))
    fifty = _introspection_queries(mysql_url)
    assert five == fifty == 5


def test_lock_held_by_another_session_times_out(mysql_url: str) -> None:
    url = parse_url(mysql_url)
    dialect = get_dialect("mysql")
    holder = dialect.connect(url)
    waiter = dialect.connect(url)
    try:
        with holder.lock(1), pytest.raises(LockTimeoutError, match="holds the lock"), waiter.lock(0.2):
            pass
        with waiter.lock(0.2):  # released by the holder: free again
            pass
    finally:
        holder.close()
        waiter.close()


def test_apply_waits_for_no_one_when_the_lock_is_free_and_fails_when_held(mysql_url: str) -> None:
    url = parse_url(mysql_url)
    holder = get_dialect("mysql").connect(url)
    try:
        with holder.lock(1), pytest.raises(LockTimeoutError):
            apply(mysql_url, Schema((_people(),)), lock_timeout=0.2)
    finally:
        holder.close()
    converge(mysql_url, Schema((_people(),)))


def test_wrong_password_is_a_connect_error_with_the_password_masked(mysql_url: str) -> None:
    host = mysql_url.split("://", 1)[1].split("/", 1)[0].split("@")[-1]
    bad = f"mysql://root:s3cret@{host}/{mysql_url.rsplit('/', 1)[1]}"
    with pytest.raises(ConnectError) as caught, connect(bad):
        pass
    assert "s3cret" not in caught.value.message
    assert "***" in caught.value.message
    assert caught.value.hint


def test_unknown_database_and_unreachable_server_are_connect_errors(mysql_url: str) -> None:
    base = mysql_url.rsplit("/", 1)[0]
    with pytest.raises(ConnectError, match="Unknown database") as caught, connect(f"{base}/npa_no_such_db"):
        pass
    assert "npa database create" in (caught.value.hint or "")
    with pytest.raises(ConnectError, match="cannot connect"), connect("mysql://root@127.0.0.1:1/x"):
        pass


def test_database_create_and_drop(mysql_url: str) -> None:
    dialect = get_dialect("mysql")
    url = parse_url(mysql_url.rsplit("/", 1)[0] + "/npa_test_create_drop")
    dialect.create_database(url)
    try:
        with connect(url) as (_d, session):
            assert session.query("SELECT DATABASE()") == [("npa_test_create_drop",)]
    finally:
        dialect.drop_database(url)
    with pytest.raises(ConnectError), connect(url):
        pass


def test_transaction_rolls_back_data(mysql_url: str) -> None:
    converge(mysql_url, Schema((_people(),)))
    with connect(mysql_url) as (_d, session):
        with pytest.raises(RuntimeError), session.transaction():
            session.execute("INSERT INTO people VALUES (1, 'a')")
            raise RuntimeError("boom")
        with session.transaction():
            session.execute("INSERT INTO people VALUES (2, 'b')")
    assert query(mysql_url, "SELECT id FROM people") == [(2,)]


def test_check_reports_partial_and_expression_indexes(mysql_url: str) -> None:
    t = Table(
        "t",
        (col("id", "int"), col("s", "string(10)"), col("body", "text")),
        primary_key=PrimaryKey(pk_name("t"), ("id",)),
        indexes=(
            Index("ix_t_open", ("s",), where="s <> 'x'"),
            Index("ix_t_lower", (), expressions=("lower(s)",)),
            Index("ix_t_body", ("body",)),
        ),
    )
    with connect(mysql_url) as (dialect, _session):  # learns the server flavour
        problems = dialect.check(Schema((t,)))
    fields = sorted(p.field for p in problems)
    assert fields == ["indexes.0", "indexes.1", "indexes.2"]  # model positions: the loader maps them to lines
    assert all(p.message for p in problems)
