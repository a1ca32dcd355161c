"""PostgreSQL driver: the one-writer lock, a fixed number of catalog queries, clear connection errors,
database create/drop, and the ``?schema=`` option."""

from __future__ import annotations

import uuid

import pytest

from npa_schema.dialects import connect
from npa_schema.dialects.postgres import DIALECT
from npa_schema.errors import ConnectError, DatabaseError, LockTimeoutError
from npa_schema.model import Column, Index, PrimaryKey, Schema, Table, fk_name, pk_name
from npa_schema.model import ForeignKey as FK
from npa_schema.types import parse_type
from npa_schema.urls import parse_url
from tests.support import converge, execute, query

pytestmark = pytest.mark.postgres


def tables(count: int) -> Schema:
    result = []
    for i in range(count):
        name = f"t{i:03d}"
        fks = (FK(fk_name(name, ("prev_id",), "t000"), ("prev_id",), "t000", ("id",)),) if i else ()
        result.append(
            Table(
                name,
                (
                    Column("id", parse_type("int"), identity=True),
                    Column("prev_id", parse_type("int"), nullable=True),
                ),
                PrimaryKey(pk_name(name), ("id",)),
                indexes=(Index(f"ix_{name}_prev_id", ("prev_id",)),),
                foreign_keys=fks,
            )
        )
    return Schema(tuple(result))


def catalog_queries(url: str) -> int:
    with connect(url) as (dialect, session):
        before = session.query_count
        dialect.introspect(session)
        return session.query_count - before


def test_introspection_query_count_does_not_grow_with_tables(pg_url: str) -> None:
    converge(pg_url, tables(5))
    five = catalog_queries(pg_url)
    converge(pg_url, tables(50))
    assert catalog_queries(pg_url) == five == 5


def test_second_session_cannot_take_the_lock(pg_url: str) -> None:
    url = parse_url(pg_url)
    first = DIALECT.connect(url)
    second = DIALECT.connect(url)
    try:
        with first.lock(1.0):
            with (
                pytest.raises(LockTimeoutError, match="another npa process holds the lock"),
                second.lock(0.5),
            ):
                pass
            with pytest.raises(LockTimeoutError), second.lock(0):
                pass
        with second.lock(0.5):
            pass
        assert second.query("SHOW lock_timeout") == [("0",)]
    finally:
        first.close()
        second.close()


def test_wrong_database_name_is_a_connect_error_with_masked_password() -> None:
    url = "postgresql://root:s3cret-pw@127.0.0.1:5432/npa_no_such_db_x"
    with pytest.raises(ConnectError) as info, connect(url):
        pass
    text = f"{info.value.message} {info.value.hint}"
    assert "s3cret-pw" not in text and "***" in text
    assert "npa_no_such_db_x" in text and "does not exist" in text


def test_unreachable_port_is_a_connect_error() -> None:
    url = "postgresql://root:s3cret-pw@127.0.0.1:1/postgres"
    with pytest.raises(ConnectError) as info, connect(url):
        pass
    assert "s3cret-pw" not in f"{info.value.message} {info.value.hint}"
    assert "127.0.0.1:1" in (info.value.hint or "")


def test_statement_errors_carry_the_server_message_and_sql(pg_url: str) -> None:
    with connect(pg_url) as (_dialect, session), pytest.raises(DatabaseError) as info:
        session.execute("SELECT * FROM no_such_table")
    assert 'relation "no_such_table" does not exist' in info.value.message
    assert info.value.sql == "SELECT * FROM no_such_table"


def test_nested_transaction_is_a_savepoint(pg_url: str) -> None:
    execute(pg_url, "CREATE TABLE n (v int)")
    with connect(pg_url) as (_dialect, session), session.transaction():
        session.execute("INSERT INTO n VALUES (1)")
        with pytest.raises(DatabaseError), session.transaction():
            session.execute("INSERT INTO n VALUES (2)")
            session.execute("INSERT INTO n VALUES ('x')")
    assert query(pg_url, "SELECT v FROM n") == [(1,)]


def test_create_and_drop_database(pg_url: str) -> None:
    url = parse_url(pg_url).with_database(f"npa_test_create_{uuid.uuid4().hex[:8]}")
    DIALECT.create_database(url)
    try:
        DIALECT.create_database(url)  # already there: nothing to do
        with connect(url) as (dialect, session):
            assert dialect.introspect(session) == Schema()
    finally:
        DIALECT.drop_database(url)
    with pytest.raises(ConnectError):
        DIALECT.connect(url)


def test_schema_option_targets_another_namespace(pg_url: str) -> None:
    execute(pg_url, "CREATE SCHEMA IF NOT EXISTS app")
    url = f"{pg_url}?schema=app"
    desired = tables(2)
    converge(url, desired)
    with connect(pg_url) as (dialect, session):
        assert dialect.introspect(session) == Schema()
    assert query(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'") == [(2,)]
    converge(url, Schema(), allow_destructive=True)
    execute(pg_url, "DROP SCHEMA app CASCADE")
