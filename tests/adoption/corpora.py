"""The sample databases in ``../shared/corpora/`` (Sakila, Pagila): where they are and how to load one
into a fresh database with the engine's own client, exactly as the corpora's README does.

Loading goes around npa on purpose: database A must hold what the corpus says, not what npa understood
of it. Databases are created and dropped with the conftest's conventions (``npa_test_...`` names on the
servers, a file under the test's tmp_path for SQLite); without a server or a client binary the test
skips with the reason, and under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import IN_CI, MYSQL_ADMIN_URL, PG_ADMIN_URL, _mysql_admin, _pg_admin, _with_db

ROOT = Path(__file__).resolve().parents[2]
#: CI has shared/ beside the checkout; NPA_CORPORA_DIR points elsewhere when it is not
CORPORA_DIR = Path(os.environ.get("NPA_CORPORA_DIR", ROOT.parent / "shared" / "corpora"))


@dataclass(frozen=True)
class Corpus:
    name: str
    engine: str  # "postgres", "mysql" or "sqlite": the conftest's engine names and pytest markers
    relative_path: str

    @property
    def path(self) -> Path:
        return CORPORA_DIR / self.relative_path


CORPORA = (
    Corpus("sakila-postgres", "postgres", "sakila/postgres-sakila-schema.sql"),
    Corpus("pagila", "postgres", "pagila/pagila-schema.sql"),
    Corpus("sakila-mysql", "mysql", "sakila/mysql-sakila-schema.sql"),
    Corpus("sakila-sqlite", "sqlite", "sakila/sqlite-sakila-schema.sql"),
)


def corpus(name: str) -> Corpus:
    return next(c for c in CORPORA if c.name == name)


def params(*engines: str) -> list:
    """The corpora as pytest params, each marked with its engine (``-m postgres`` selects them)."""
    return [
        pytest.param(c, id=c.name, marks=getattr(pytest.mark, c.engine))
        for c in CORPORA
        if not engines or c.engine in engines
    ]


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI (which must never pass by skipping)."""
    if IN_CI:
        pytest.fail(f"CI needs it: {reason}", pytrace=False)
    pytest.skip(reason)


def require(c: Corpus) -> Path:
    if not c.path.is_file():
        unavailable(
            f"corpus {c.name} is not at {c.path} (set NPA_CORPORA_DIR, or put shared/ beside the checkout)"
        )
    return c.path


# --- loading -----------------------------------------------------------------------------------------


def load(c: Corpus, url: str) -> None:
    """Load corpus ``c`` into the (empty) database at ``url`` with the engine's own client."""
    path = require(c)
    {"postgres": load_postgres, "mysql": load_mysql, "sqlite": load_sqlite}[c.engine](url, path)


def load_postgres(url: str, script: Path) -> None:
    _run_client(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(script)], url)


def mysql_script(script: Path) -> str:
    """The README's sed: drop the ``DROP/CREATE SCHEMA`` and ``USE`` lines and the ``sakila.`` qualifiers,
    so the script loads into whatever database the client is connected to."""
    text = script.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not re.match(r"^((DROP|CREATE) SCHEMA|USE )", line)]
    return "\n".join(lines).replace("sakila.", "") + "\n"


def load_mysql(url: str, script: Path) -> None:
    parts = urlsplit(url)
    client = shutil.which("mariadb") or shutil.which("mysql") or "mariadb"
    command = [
        client,
        f"-h{parts.hostname or '127.0.0.1'}",
        f"-P{parts.port or 3306}",
        f"-u{unquote(parts.username or 'root')}",
        parts.path.lstrip("/"),
    ]
    if parts.password:
        command.insert(-1, f"-p{unquote(parts.password)}")
    _run_client(command, url, stdin=mysql_script(script))


def load_sqlite(url: str, script: Path) -> None:
    conn = sqlite3.connect(sqlite_path(url))
    try:
        conn.execute("PRAGMA synchronous = OFF")  # this connection only: no fsync per statement
        conn.executescript(script.read_text(encoding="utf-8"))
    finally:
        conn.close()


def _run_client(command: list[str], url: str, stdin: str | None = None) -> None:
    if shutil.which(command[0]) is None:
        unavailable(f"the {command[0]} client is not installed; it loads the corpus as a user would")
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{command[0]} failed loading into {url}:\n{result.stderr}")


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


# --- fresh databases ---------------------------------------------------------------------------------


class Databases:
    """Creates empty databases on demand and drops every one of them at the end (the conftest's names)."""

    def __init__(self, label: str, tmp_path: Path) -> None:
        self.label = re.sub(r"[^a-z0-9]+", "_", label.lower())[:30]
        self.tmp_path = tmp_path
        self._drops: list[Callable[[], None]] = []

    def new(self, engine: str) -> str:
        name = f"npa_test_{self.label}_{uuid.uuid4().hex[:8]}"
        if engine == "sqlite":
            return f"sqlite:///{self.tmp_path / (name + '.db')}"
        if engine == "postgres":
            return self._new_postgres(name)
        if engine == "mysql":
            return self._new_mysql(name)
        raise ValueError(engine)

    def _new_postgres(self, name: str) -> str:
        try:
            admin = _pg_admin()
        except Exception as exc:
            unavailable(f"PostgreSQL is not reachable ({type(exc).__name__}: {exc})")
        with admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with _pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self._drops.append(drop)
        return _with_db(PG_ADMIN_URL, name)

    def _new_mysql(self, name: str) -> str:
        try:
            admin = _mysql_admin()
        except Exception as exc:
            unavailable(f"MariaDB/MySQL is not reachable ({type(exc).__name__}: {exc})")
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        admin.close()

        def drop() -> None:
            conn = _mysql_admin()
            with conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            conn.close()

        self._drops.append(drop)
        return _with_db(MYSQL_ADMIN_URL, name)

    def drop_all(self) -> None:
        while self._drops:
            self._drops.pop()()


@contextmanager
def databases(label: str, tmp_path: Path) -> Iterator[Databases]:
    made = Databases(label, tmp_path)
    try:
        yield made
    finally:
        made.drop_all()


def loaded(made: Databases, c: Corpus) -> str:
    """A new database on the corpus's engine with the corpus loaded into it."""
    require(c)
    url = made.new(c.engine)
    load(c, url)
    return url
