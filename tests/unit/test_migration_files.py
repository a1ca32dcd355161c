"""The migrations folder without a database: names, npa.sum, snapshots, remove, SQL splitting."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from npa_schema.entities import load_text
from npa_schema.errors import MigrationError
from npa_schema.migrations.authoring import add_migration, rehash, remove_last
from npa_schema.migrations.checksum import check_sum, verify_sum
from npa_schema.migrations.files import discover, validate_name
from npa_schema.migrations.snapshot import SNAPSHOT_FILE, load_snapshot
from npa_schema.migrations.sqlsplit import split_statements

USERS = "table: users\ncolumns:\n  id: {type: int, primary_key: true}\n"
PHONE = USERS + "  phone: {type: string(100), nullable: true}\n"


def at(day: int) -> datetime:
    return datetime(2024, 1, day, tzinfo=timezone.utc)


@pytest.mark.parametrize("name", ["AddPhone", "a", "add_phone_2"])
def test_valid_names(name: str) -> None:
    validate_name(name)


@pytest.mark.parametrize("name", ["", "1st", "add-phone", "x y", "drop;table", "_x", "naïve"])
def test_invalid_names_are_refused(name: str) -> None:
    with pytest.raises(MigrationError, match="not a valid migration name"):
        validate_name(name)


def test_sum_catches_edits_missing_lines_and_stray_files(tmp_path: Path) -> None:
    add_migration(tmp_path, "Initial", load_text(USERS), now=at(1))
    files = discover(tmp_path)
    verify_sum(tmp_path, files)
    files[0].path.write_text(files[0].path.read_text() + "\n# edited\n")
    problems = check_sum(tmp_path, files).problems
    assert problems == [f"{files[0].filename} changed since npa.sum was written"]
    with pytest.raises(MigrationError, match="does not match") as raised:
        verify_sum(tmp_path, files)
    assert "npa migration hash" in (raised.value.hint or "")
    rehash(tmp_path)
    verify_sum(tmp_path, discover(tmp_path))
    (tmp_path / "20240105000000_FromBranch.py").write_text("def up(op):\n    pass\n")
    assert (
        "20240105000000_FromBranch.py is not in npa.sum"
        in check_sum(tmp_path, discover(tmp_path)).problems[0]
    )


def test_add_refuses_while_the_sum_is_broken(tmp_path: Path) -> None:
    add_migration(tmp_path, "Initial", load_text(USERS), now=at(1))
    (tmp_path / "npa.sum").write_text("total x\n")
    with pytest.raises(MigrationError, match="does not match"):
        add_migration(tmp_path, "AddPhone", load_text(PHONE), now=at(2))


def test_remove_restores_the_previous_snapshot_exactly(tmp_path: Path) -> None:
    add_migration(tmp_path, "Initial", load_text(USERS), now=at(1))
    before = (tmp_path / SNAPSHOT_FILE).read_text()
    add_migration(tmp_path, "AddPhone", load_text(PHONE), now=at(2))
    assert (tmp_path / SNAPSHOT_FILE).read_text() != before
    removed = remove_last(tmp_path, applied_ids=set())
    assert removed.exact and removed.migration.name == "AddPhone"
    assert (tmp_path / SNAPSHOT_FILE).read_text() == before
    assert [f.name for f in discover(tmp_path)] == ["Initial"]
    verify_sum(tmp_path, discover(tmp_path))
    assert not (tmp_path / "snapshots" / "20240102000000_AddPhone.json").exists()


def test_remove_refuses_an_applied_migration(tmp_path: Path) -> None:
    added = add_migration(tmp_path, "Initial", load_text(USERS), now=at(1)).migration
    assert added is not None
    with pytest.raises(MigrationError, match="is applied"):
        remove_last(tmp_path, applied_ids={added.id})


def test_remove_without_a_saved_snapshot_replays_down(tmp_path: Path) -> None:
    add_migration(tmp_path, "Initial", load_text(USERS), now=at(1))
    add_migration(tmp_path, "AddPhone", load_text(PHONE), now=at(2))
    (tmp_path / "snapshots" / "20240102000000_AddPhone.json").unlink()
    removed = remove_last(tmp_path, applied_ids=None)
    assert not removed.exact
    assert load_snapshot(tmp_path).table("users").column_names == ("id",)


def test_sql_migrations_are_written_for_one_dialect(tmp_path: Path) -> None:
    added = add_migration(tmp_path, "Initial", load_text(USERS), sql_dialect="postgres", now=at(1)).migration
    assert added is not None and added.is_sql
    up = (added.path / "up.sql").read_text()
    assert up.startswith("-- npa:dialect postgres") and 'CREATE TABLE "users"' in up
    assert 'DROP TABLE "users"' in (added.path / "down.sql").read_text()
    assert [f.label for f in discover(tmp_path)] == ["20240101000000_Initial"]
    verify_sum(tmp_path, discover(tmp_path))


def test_a_badly_named_migration_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "add_phone.py").write_text("def up(op): pass\n")
    with pytest.raises(MigrationError, match="not a migration name"):
        discover(tmp_path)


def test_split_statements_respects_quotes_comments_and_dollar_bodies() -> None:
    text = """
    -- a comment; with a semicolon
    INSERT INTO t VALUES ('a;b', "c;d");
    /* block; comment */
    CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;
    SELECT 'it''s; fine'
    """
    parts = split_statements(text)
    assert len(parts) == 3
    assert parts[0].endswith("""INSERT INTO t VALUES ('a;b', "c;d")""")
    assert "RETURN 1; END" in parts[1]
    assert parts[2] == "SELECT 'it''s; fine'"


def test_a_lost_snapshot_is_rebuilt_from_the_migrations(tmp_path: Path) -> None:
    add_migration(tmp_path, "Initial", load_text(USERS), now=at(1))
    (tmp_path / SNAPSHOT_FILE).unlink()
    added = add_migration(tmp_path, "AddPhone", load_text(PHONE), now=at(2))
    assert [op.kind for op in added.ops] == ["add_column"]
