"""The guards on the servers: a saved plan refused on another database (both named), the lock-wait
notice, dropping a database that does not exist."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli_servers import project
from tests.cli.test_cli_sqlite import npa
from tests.support import query

ENGINES = ["pg_url", "mysql_url"]


def other_database(url: str) -> str:
    return f"{url.rsplit('/', 1)[0]}/npa_test_other_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def other(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(this test's database, a second empty database on the same server), the second dropped after."""
    url = request.getfixturevalue(request.param)
    second = other_database(url)
    assert npa(tmp_path, "database", "create", "--url", second).returncode == 0
    try:
        yield url, second
    finally:
        npa(tmp_path, "database", "drop", "-y", "--url", second)


def table_count(url: str) -> int:
    if url.startswith("mysql"):
        return len(query(url, "SHOW TABLES"))
    return query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0]


@pytest.mark.parametrize("other", ENGINES, indirect=True)
def test_a_saved_plan_is_refused_on_another_database_of_the_same_server(
    tmp_path: Path, other: tuple[str, str]
) -> None:
    """Both databases are empty, so the schema fingerprint alone would match: the identity refuses."""
    url, second = other
    folder = project(tmp_path)
    assert npa(folder, "plan", "-o", "plan.json", "--url", url).returncode == 0
    target = json.loads((folder / "plan.json").read_text())["target"]
    assert url.rsplit("/", 1)[1] in target
    refused = npa(folder, "apply", "plan.json", "--url", second)
    assert refused.returncode == 1 and "refused" in refused.stderr
    assert url.rsplit("/", 1)[1] in refused.stderr and second.rsplit("/", 1)[1] in refused.stderr
    assert table_count(second) == 0
    applied = npa(folder, "apply", "plan.json", "--url", url)  # no -y: the saved plan is the approval
    assert applied.returncode == 0, applied.stderr
    assert table_count(url) == 2


def test_the_identity_is_the_servers_not_the_urls(tmp_path: Path, pg_url: str) -> None:
    """127.0.0.1 and localhost reach the same cluster: the plan applies through either."""
    folder = project(tmp_path)
    assert npa(folder, "plan", "-o", "plan.json", "--url", pg_url).returncode == 0
    applied = npa(folder, "apply", "plan.json", "--url", pg_url.replace("127.0.0.1", "localhost"))
    assert applied.returncode == 0, applied.stderr


HOLDERS = {
    "pg_url": (
        "import sys, psycopg; c = psycopg.connect(sys.argv[1], autocommit=True);"
        "from npa_schema.dialects.postgres.driver import LOCK_KEY;"
        "c.execute('SELECT pg_advisory_lock(%s)', (LOCK_KEY,)); print('held', flush=True); sys.stdin.read()"
    ),
    "mysql_url": (
        "import sys; from npa_schema.dialects.mysql.driver import MysqlSession, lock_name;"
        "from npa_schema.urls import parse_url; s = MysqlSession(parse_url(sys.argv[1]));"
        "s.query('SELECT GET_LOCK(%s, 0)', (lock_name(s.url.database),)); print('held', flush=True);"
        "sys.stdin.read()"
    ),
}


@pytest.mark.parametrize("fixture", ENGINES)
def test_waiting_for_the_lock_says_so_once(tmp_path: Path, fixture: str, request) -> None:
    url = request.getfixturevalue(fixture)
    folder = project(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDERS[fixture], url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = npa(folder, "apply", "-y", "--lock-timeout", "3", "--url", url)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert result.returncode == 1
    notice = "waiting for the lock held by another npa process (timeout 3 s)…"
    assert result.stderr.count(notice) == 1, result.stderr
    assert result.stderr.index(notice) < result.stderr.index("error:")  # said while waiting
    quick = npa(folder, "apply", "-y", "--url", url)
    assert quick.returncode == 0 and "waiting for the lock" not in quick.stderr


@pytest.mark.parametrize("fixture", ENGINES)
def test_dropping_a_database_that_does_not_exist_says_so(tmp_path: Path, fixture: str, request) -> None:
    missing = other_database(request.getfixturevalue(fixture))
    result = npa(tmp_path, "database", "drop", "-y", "--url", missing)
    assert result.returncode == 0, result.stderr
    assert "does not exist; nothing was dropped" in result.stdout and "✓" not in result.stdout
    assert npa(tmp_path, "database", "create", "--url", missing).returncode == 0
    dropped = npa(tmp_path, "database", "drop", "-y", "--url", missing)
    assert dropped.returncode == 0 and "✓ dropped" in dropped.stdout
