"""SQLite session: batched introspection, the one-writer lock, transactions, database files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from npa_schema.dialects import get_dialect
from npa_schema.errors import DatabaseError, LockTimeoutError
from npa_schema.model import Column, PrimaryKey, Schema, Table
from npa_schema.types import parse_type
from npa_schema.urls import parse_url
from tests.support import converge, query

DIALECT = get_dialect("sqlite")


def tables(n: int) -> Schema:
    def one(i: int) -> Table:
        columns = (Column("id", parse_type("int")), Column("name", parse_type("text"), nullable=True))
        return Table(f"t{i:03}", columns, PrimaryKey(f"pk_t{i:03}", ("id",)))

    return Schema(tuple(one(i) for i in range(n)))


def catalog_queries(url: str) -> int:
    session = DIALECT.connect(parse_url(url))
    with session.closing():
        DIALECT.introspect(session)
        return session.query_count


def test_introspection_query_count_does_not_grow_with_tables(tmp_path: Path) -> None:
    small, large = f"sqlite:///{tmp_path / 'small.db'}", f"sqlite:///{tmp_path / 'large.db'}"
    converge(small, tables(5))
    converge(large, tables(50))
    assert catalog_queries(small) == catalog_queries(large) == 4


def test_second_writer_waits_for_the_lock_then_fails_clearly(sqlite_url: str) -> None:
    url = parse_url(sqlite_url)
    first, second = DIALECT.connect(url), DIALECT.connect(url)
    with first.closing(), second.closing():
        with first.lock(5):
            started = time.monotonic()
            with pytest.raises(LockTimeoutError) as info, second.lock(0.3):
                pass
            assert time.monotonic() - started >= 0.25  # it waited for the timeout
            assert "another npa process holds the database" in info.value.message
        with second.lock(0.3):  # free again once the first writer is done
            pass


def test_lock_commits_and_rolls_back(sqlite_url: str) -> None:
    url = parse_url(sqlite_url)
    session = DIALECT.connect(url)
    with session.closing():
        with session.lock(1), session.transaction():
            session.execute('CREATE TABLE "kept" ("id" INTEGER)')
        with pytest.raises(DatabaseError), session.lock(1):
            session.execute('CREATE TABLE "gone" ("id" INTEGER)')
            with session.transaction():
                session.execute('INSERT INTO "kept" VALUES (1)')
            session.execute("SELECT * FROM nowhere")
    assert query(sqlite_url, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("kept",)]
    assert query(sqlite_url, 'SELECT COUNT(*) FROM "kept"') == [(0,)]


def test_memory_database_and_driver_errors() -> None:
    session = DIALECT.connect(parse_url("sqlite://"))
    with session.closing():
        with session.transaction():
            session.execute('CREATE TABLE "x" ("id" INTEGER)')
        assert [t.name for t in DIALECT.introspect(session).tables] == ["x"]
        with pytest.raises(DatabaseError) as info:
            session.execute("CREATE TABLE")
        assert info.value.sql == "CREATE TABLE"


def test_create_and_drop_database_file(tmp_path: Path) -> None:
    url = parse_url(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'app.db'}")
    DIALECT.create_database(url)
    assert (tmp_path / "nested" / "dir" / "app.db").is_file()
    DIALECT.drop_database(url)
    assert not (tmp_path / "nested" / "dir" / "app.db").exists()
