"""Bad input: one clear message naming the file, line and field, exit 1, no traceback, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli_sqlite import npa


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "schema"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def assert_clean_failure(result, *needles: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_unknown_type_names_file_line_and_field(tmp_path: Path) -> None:
    write(
        tmp_path,
        "users.yaml",
        "table: users\ncolumns:\n  id: {type: int, primary_key: true}\n  name: {type: strng(20)}\n",
    )
    result = npa(tmp_path, "validate")
    assert_clean_failure(result, "users.yaml:4", "strng", "columns.name.type")


def test_malformed_yaml(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", "table: users\ncolumns:\n  id: {type: int\n")
    assert_clean_failure(npa(tmp_path, "plan"), "bad.yaml:")


def test_missing_reference(tmp_path: Path) -> None:
    write(
        tmp_path,
        "orders.yaml",
        "table: orders\ncolumns:\n  id: {type: int, primary_key: true}\n  user_id: {type: int, references: users.id}\n",
    )
    result = npa(tmp_path, "apply", "--auto-approve")
    assert_clean_failure(result, "orders.yaml:4", "users")
    assert not (tmp_path / ".npa" / "dev.db").exists() or "orders" not in (
        tmp_path / ".npa" / "dev.db"
    ).read_bytes().decode("latin-1")


def test_name_with_a_quote_is_rejected(tmp_path: Path) -> None:
    write(
        tmp_path,
        "t.yaml",
        "table: users\ncolumns:\n  id: {type: int, primary_key: true}\n  'x\"; DROP TABLE users; --': int\n",
    )
    assert_clean_failure(npa(tmp_path, "validate"), "t.yaml:4")


def test_sql_keyword_names_are_quoted_and_work(tmp_path: Path) -> None:
    write(
        tmp_path,
        "t.yaml",
        "table: select\ncolumns:\n  order: {type: int, primary_key: true}\n  from: {type: string(10), default: x}\n",
    )
    assert npa(tmp_path, "apply", "--auto-approve").returncode == 0
    assert npa(tmp_path, "plan", "--detailed-exitcode").returncode == 0


def test_unreachable_database_masks_the_password(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n")
    result = npa(tmp_path, "plan", "--url", "postgresql://app:s3cretpw@127.0.0.1:1/app")
    assert_clean_failure(result, "127.0.0.1")
    assert "s3cretpw" not in result.stderr + result.stdout and "***" in result.stderr


def test_missing_schema_dir_hints_init(tmp_path: Path) -> None:
    assert_clean_failure(npa(tmp_path, "plan"), "npa init")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--format", "nope"], "Invalid value"),
        (["frobnicate"], "No such command"),
        (["plan", "-q"], "No such option"),
    ],
)
def test_usage_errors_exit_1_with_the_usage_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = npa(tmp_path, *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and "internal error" not in result.stderr


def test_partial_index_is_reported_for_mysql_with_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "jobs.yaml",
        "table: jobs\ncolumns:\n  id: {type: int, primary_key: true}\n  state: string(20)\n"
        "indexes:\n  - {columns: [state], where: \"state <> 'done'\", name: ix_jobs_open}\n",
    )
    assert npa(tmp_path, "validate").returncode == 0  # SQLite has partial indexes
    result = npa(tmp_path, "validate", "--dialect", "mysql")
    assert_clean_failure(result, "jobs.yaml:6", "[mysql]")
