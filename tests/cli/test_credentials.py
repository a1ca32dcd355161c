"""A password never reaches stdout or stderr: random passwords (any character, percent-encoded or not)
× every output format × the error paths (unreachable host, wrong password, bad URL, --debug
traceback) × every source of the URL (--url, NPA_DATABASE_URL, ``${PROD_URL}`` in npa.toml), as a
user runs npa (real processes, real servers, a real user with a password)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_cli_sqlite import npa
from tests.conftest import _mysql_admin, _pg_admin

SCHEMA = "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n  name: {type: string(20)}\n"
CONFIG = '[environments.prod]\nurl = "${PROD_URL}"\n'
#: a password with every character that has a meaning in a URL, and some that are not ASCII
NASTY = "p/a@s:s#w?o%r d&=;ü€"


@dataclass(frozen=True)
class Users:
    """A user that exists on MariaDB and on PostgreSQL with a password, and where its databases are."""

    name: str
    password: str
    mysql: str
    pg: str


@pytest.fixture(scope="module")
def users(mysql_database: str, pg_database: str) -> Iterator[Users]:
    name = f"npa_test_pw_{uuid.uuid4().hex[:8]}"
    password = f"Real-{uuid.uuid4().hex[:12]}"
    mysql_db, pg_db = mysql_database.rsplit("/", 1)[1], pg_database.rsplit("/", 1)[1]
    conn = _mysql_admin()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS `{mysql_db}`")
        cur.execute(f"CREATE USER '{name}'@'%' IDENTIFIED BY '{password}'")
        cur.execute(f"GRANT ALL ON `{mysql_db}`.* TO '{name}'@'%'")
    with _pg_admin() as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        admin.execute(f'GRANT ALL ON DATABASE "{pg_db}" TO {name}')
    try:
        yield Users(name, password, f"127.0.0.1:3306/{mysql_db}", f"127.0.0.1:5432/{pg_db}")
    finally:
        with conn.cursor() as cur:
            cur.execute(f"DROP USER IF EXISTS '{name}'@'%'")
        conn.close()
        with _pg_admin() as admin:
            admin.execute(f'REVOKE ALL ON DATABASE "{pg_db}" FROM {name}')
            admin.execute(f"DROP ROLE IF EXISTS {name}")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("credentials")
    (folder / "schema").mkdir()
    (folder / "schema" / "t.yaml").write_text(SCHEMA)
    (folder / "npa.toml").write_text(CONFIG)
    return folder


#: where the URL points. A random password is wrong for the real user on MariaDB ("mysql"); the
#: PostgreSQL server here trusts 127.0.0.1, so "pg" lets any password in (a success path then)
TARGETS = {
    "unreachable-pg": "postgresql://someone:{pw}@127.0.0.1:1/db",
    "unreachable-mysql": "mysql://someone:{pw}@127.0.0.1:1/db",
    "mysql": "mysql://{user}:{pw}@{mysql}",
    "pg": "postgresql://{user}:{pw}@{pg}",
    "bad-port": "postgresql://someone:{pw}@127.0.0.1:port/db",
    "no-scheme": "someone:{pw}@127.0.0.1:5432/db",
    "unknown-scheme": "oracle://someone:{pw}@127.0.0.1/db",
}
SOURCES = ("--url", "NPA_DATABASE_URL", "PROD_URL")
COMMANDS = (
    ("plan", "--format", "text"),
    ("plan", "--format", "json"),
    ("plan", "--format", "sql"),
    ("plan", "--format", "markdown"),
    ("apply", "-y", "--format", "json"),
    ("validate",),
    ("pull", "--out", "pulled", "--force"),
    ("migrate", "up", "--format", "json"),
    ("database", "validate", "--format", "json"),
)


def run(
    folder: Path, users: Users, password: str, encode: bool, target: str, source: str, command, debug: bool
) -> subprocess.CompletedProcess:
    shown = quote(password, safe="") if encode else password
    url = TARGETS[target]
    for key, value in (("{user}", users.name), ("{mysql}", users.mysql), ("{pg}", users.pg), ("{pw}", shown)):
        url = url.replace(key, value)
    args = [*command, *(["--debug"] if debug else [])]
    env = {}
    if source == "--url":
        args += ["--url", url]
    elif source == "NPA_DATABASE_URL":
        env["NPA_DATABASE_URL"] = url
    else:
        env["PROD_URL"] = url
        args += ["--env", "prod"]
    return npa(folder, *args, env=env)


def assert_not_leaked(result: subprocess.CompletedProcess, password: str) -> None:
    out = result.stdout + result.stderr
    for form in {password, quote(password, safe=""), quote(password), quote_plus(password)}:
        assert form not in out, f"{form!r} leaked:\n{out}"
    assert "internal error" not in out, out


PASSWORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=8, max_size=24
).filter(lambda p: p.strip() == p)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    password=PASSWORDS,
    encode=st.booleans(),
    target=st.sampled_from(sorted(TARGETS)),
    source=st.sampled_from(SOURCES),
    command=st.sampled_from(COMMANDS),
    debug=st.booleans(),
)
def test_a_random_password_never_appears_in_any_output(
    folder: Path, users: Users, password, encode, target, source, command, debug
) -> None:
    result = run(folder, users, password, encode, target, source, command, debug)
    assert_not_leaked(result, password)


@pytest.mark.parametrize("encode", [True, False], ids=["encoded", "raw"])
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_a_password_with_every_special_character_never_appears(
    folder: Path, users: Users, target: str, encode: bool
) -> None:
    for debug, command, source in (
        (False, ("plan", "--format", "json"), "PROD_URL"),
        (True, ("plan",), "--url"),
    ):
        result = run(folder, users, NASTY, encode, target, source, command, debug)
        assert_not_leaked(result, NASTY)
        # PostgreSQL trusts 127.0.0.1 here, so the encoded password gets in; everything else fails
        assert result.returncode == (0 if target == "pg" and encode else 1), result.stderr
        if debug and result.returncode:
            assert "Traceback" in result.stderr  # the traceback was printed, through the masker


def test_reserved_characters_in_a_raw_password_say_to_percent_encode(folder: Path, users: Users) -> None:
    for char, code in (("#", "%23"), ("?", "%3F"), ("/", "%2F")):
        password = f"sec{char}ret-pw"
        result = run(folder, users, password, False, "pg", "--url", ("plan",), False)
        assert result.returncode == 1
        assert "bad port" not in result.stderr and f"{char} → {code}" in result.stderr
        assert_not_leaked(result, password)


def test_the_real_password_is_masked_where_the_connection_succeeds(folder: Path, users: Users) -> None:
    """The user's real password: MariaDB lets it in, and every command's output still hides it."""
    for command in COMMANDS:
        result = run(folder, users, users.password, True, "mysql", "--url", command, True)
        assert_not_leaked(result, users.password)
