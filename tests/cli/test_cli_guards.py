"""Guards a user meets on the command line: an empty URL, a saved plan used elsewhere, `--dialect`
without `--offline`, waiting for the lock, dropping a database that is not there. SQLite here; the
servers in the tests below them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli_servers import project
from tests.cli.test_cli_sqlite import npa
from tests.support import query

pytestmark = pytest.mark.sqlite


# --- an empty URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--url", ""], {}, "--url"),
        ([], {"NPA_DATABASE_URL": ""}, "NPA_DATABASE_URL"),
        ([], {"DATABASE_URL": ""}, "DATABASE_URL"),
    ],
    ids=["flag", "npa-variable", "database-url"],
)
def test_an_empty_url_fails_and_touches_no_database(
    tmp_path: Path, args: list[str], env: dict[str, str], named: str
) -> None:
    folder = project(tmp_path)
    result = npa(folder, "apply", "-y", *args, env=env)
    assert result.returncode == 1, result.stdout
    assert "the database URL is empty" in result.stderr and named in result.stderr
    assert not (folder / ".npa" / "dev.db").exists()  # not the SQLite default


def test_an_empty_url_from_a_variable_in_npa_toml_names_it(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "npa.toml").write_text('[environments.prod]\nurl = "${PROD_URL}"\n')
    result = npa(folder, "plan", "--env", "prod", env={"PROD_URL": ""})
    assert result.returncode == 1 and "$PROD_URL is empty" in result.stderr


# --- saved plans ------------------------------------------------------------------------------------


def test_a_saved_plan_applies_without_a_terminal_and_only_to_its_own_database(tmp_path: Path) -> None:
    folder = project(tmp_path)
    made = npa(folder, "plan", "-o", "plan.json", "--url", "sqlite:///one.db")
    assert made.returncode == 0, made.stderr
    target = json.loads((folder / "plan.json").read_text())["target"]
    assert target == f"sqlite file {(folder / 'one.db').resolve()}"
    other = npa(folder, "apply", "plan.json", "--url", "sqlite:///two.db")
    assert other.returncode == 1 and "refused" in other.stderr
    assert "sqlite:///one.db" in other.stderr and "sqlite:///two.db" in other.stderr  # both named
    assert query(f"sqlite:///{folder / 'two.db'}", "SELECT name FROM sqlite_master") == []
    # the same file, spelled another way; no --auto-approve, no terminal: the saved plan is the approval
    same = npa(folder, "apply", "plan.json", "--url", f"sqlite:///{folder / 'one.db'}")
    assert same.returncode == 0, same.stderr
    assert "Apply complete!" in same.stdout
    assert npa(folder, "plan", "--detailed-exitcode", "--url", "sqlite:///one.db").returncode == 0


def test_the_readme_saved_plan_line_runs_in_ci(tmp_path: Path) -> None:
    folder = project(tmp_path)
    line = "npa plan -o plan.json && npa apply plan.json"
    command = line.replace("npa ", f"{sys.executable} -m npa_schema ")
    env = {"NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        command, shell=True, cwd=folder, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    assert "Apply complete!" in result.stdout


def test_an_offline_plan_or_an_old_plan_file_is_not_applied(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert npa(folder, "plan", "--offline", "--dialect", "sqlite", "-o", "offline.json").returncode == 0
    offline = npa(folder, "apply", "offline.json")
    assert offline.returncode == 1 and "made offline" in offline.stderr
    assert npa(folder, "plan", "-o", "plan.json").returncode == 0
    data = json.loads((folder / "plan.json").read_text())
    del data["target"]
    (folder / "old.json").write_text(json.dumps({**data, "format": 1}))
    old = npa(folder, "apply", "old.json")
    assert old.returncode == 1 and "not a saved npa plan" in old.stderr
    assert not (folder / ".npa" / "dev.db").exists()


# --- smaller ----------------------------------------------------------------------------------------


def test_dialect_without_offline_is_an_error(tmp_path: Path) -> None:
    folder = project(tmp_path)
    result = npa(folder, "plan", "--dialect", "postgres")
    assert result.returncode == 1 and "--dialect is for --offline plans" in result.stderr
    assert npa(folder, "plan", "--offline", "--dialect", "postgres").returncode == 0


def test_dropping_a_missing_database_says_so(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert npa(folder, "database", "create", "--url", "sqlite:///x.db").returncode == 0
    dropped = npa(folder, "database", "drop", "-y", "--url", "sqlite:///x.db")
    assert dropped.returncode == 0 and "dropped" in dropped.stdout
    again = npa(folder, "database", "drop", "-y", "--url", "sqlite:///x.db")
    assert again.returncode == 0 and "does not exist; nothing was dropped" in again.stdout
    as_json = npa(folder, "database", "drop", "-y", "--url", "sqlite:///x.db", "--format", "json")
    assert json.loads(as_json.stdout) == {"dropped": None, "absent": "sqlite:///x.db"}
