"""Real-engine fixtures. Each test module gets its own database on each server (created here, dropped
after); each test gets it empty. Without a server, its tests skip with the reason; under CI=true a
missing server fails the run instead, so CI never passes by skipping."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest

from npa_schema.dialects import live_names

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("NPA_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/postgres")
MYSQL_ADMIN_URL = os.environ.get("NPA_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/")

#: engines every convergence test runs on: the registry's dialects that are tested live
ENGINES = list(live_names())
#: the fixture giving an empty database on each live engine (defined below)
DATABASE_FIXTURES = {"sqlite": "sqlite_url", "postgres": "pg_url", "mysql": "mysql_url"}
_NO_FIXTURE = sorted(set(ENGINES) - set(DATABASE_FIXTURES))
assert not _NO_FIXTURE, (
    f"dialect(s) {_NO_FIXTURE} are live-tested (Dialect.live_tested) but tests/conftest.py has no "
    "database fixture for them: add one and list it in DATABASE_FIXTURES"
)


def database_url(request: pytest.FixtureRequest, engine: str) -> str:
    """An empty database on ``engine`` (one of ENGINES), through its fixture."""
    return request.getfixturevalue(DATABASE_FIXTURES[engine])


def _unavailable(name: str, exc: BaseException) -> None:
    reason = f"{name} is not reachable ({type(exc).__name__}: {exc}); start it as in docs/DESIGN.md §6"
    if IN_CI:
        pytest.fail(f"CI needs {name}: {reason}", pytrace=False)
    pytest.skip(reason)


def _db_name(request: pytest.FixtureRequest) -> str:
    module = re.sub(r"[^a-z0-9]+", "_", request.module.__name__.rsplit(".", 1)[-1].lower())[:30]
    return f"npa_test_{module}_{uuid.uuid4().hex[:8]}"


def _with_db(admin_url: str, name: str) -> str:
    base = admin_url.rstrip("/")
    scheme, rest = base.split("://", 1)
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}"


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="module")
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    try:
        admin = _pg_admin()
    except Exception as exc:  # the server is missing or refuses us
        _unavailable("PostgreSQL", exc)
    name = _db_name(request)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(PG_ADMIN_URL, name)
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The module's PostgreSQL database, emptied for this test."""
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return pg_database


# --- MySQL / MariaDB -------------------------------------------------------------------------------


def _mysql_admin(database: str | None = None):
    import pymysql

    return pymysql.connect(
        host="127.0.0.1",
        port=3306,
        user="root",
        password="",
        database=database,
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="module")
def mysql_database(request: pytest.FixtureRequest) -> Iterator[str]:
    try:
        admin = _mysql_admin()
    except Exception as exc:
        _unavailable("MariaDB/MySQL", exc)
    name = _db_name(request)
    admin.close()
    try:
        yield _with_db(MYSQL_ADMIN_URL, name)
    finally:
        conn = _mysql_admin()
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()


@pytest.fixture
def mysql_url(mysql_database: str) -> str:
    name = mysql_database.rsplit("/", 1)[1]
    conn = _mysql_admin()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()
    return mysql_database


# --- SQLite ----------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


# --- any engine ------------------------------------------------------------------------------------


@pytest.fixture(params=ENGINES)
def engine_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each engine in ENGINES, in turn."""
    return database_url(request, request.param)
