"""Portable migration ops → each dialect's canonical ops, offline (no engine): what the runner renders."""

from __future__ import annotations

from npa_schema import ops as o
from npa_schema.dialects import get_dialect
from npa_schema.entities import load_text
from npa_schema.migrations.builder import Operations
from npa_schema.migrations.prepare import prepare_ops, render_ops
from npa_schema.model import Schema

USERS = load_text(
    "table: users\ncolumns:\n  id: {type: int, primary_key: true}\n  note: {type: text, nullable: true}\n"
)


def build(fn) -> list[o.Op]:
    op = Operations()
    fn(op)
    return op.ops


def test_an_enum_column_creates_its_type_on_postgres_and_a_check_on_sqlite() -> None:
    ops = build(lambda op: op.add_column("users", "kind", "enum", values=["a", "b"], default="a"))
    pg = get_dialect("postgres")
    kinds = [x.kind for x in prepare_ops(ops, pg, pg.normalize(USERS))]
    assert kinds == ["create_enum", "add_column"]
    sqlite = get_dialect("sqlite")
    kinds = [x.kind for x in prepare_ops(ops, sqlite, sqlite.normalize(USERS))]
    assert kinds == ["add_column", "add_check"]


def test_a_comment_only_change_is_nothing_on_sqlite() -> None:
    ops = build(
        lambda op: op.alter_column(
            "users",
            old=op.column("note", "text", nullable=True),
            new=op.column("note", "text", nullable=True, comment="x"),
        )
    )
    sqlite = get_dialect("sqlite")
    assert prepare_ops(ops, sqlite, sqlite.normalize(USERS)) == []
    pg = get_dialect("postgres")
    assert [x.kind for x in prepare_ops(ops, pg, pg.normalize(USERS))] == ["alter_column"]


def test_drops_by_name_carry_what_the_schema_has() -> None:
    pg = get_dialect("postgres")
    current = pg.normalize(USERS)
    (drop,) = prepare_ops(build(lambda op: op.drop_column("users", "note")), pg, current)
    assert isinstance(drop, o.DropColumn) and drop.column == current.table("users").column("note")
    (table,) = prepare_ops(build(lambda op: op.drop_table("users")), pg, current)
    assert isinstance(table, o.DropTable) and table.table_def == current.table("users")


def test_hand_written_sql_keeps_its_place_between_operations() -> None:
    sqlite = get_dialect("sqlite")

    def up(op: Operations) -> None:
        op.create_table("t", op.column("id", "int"), op.column("code", "string(5)"), primary_key=["id"])
        op.sql("INSERT INTO t VALUES (1, 'a')")
        op.add_unique("t", ["code"])

    prepared = prepare_ops(build(up), sqlite, Schema())
    inside, after = render_ops(sqlite, prepared, Schema())
    assert inside[0].startswith('CREATE TABLE "t"') and "UNIQUE" not in inside[0]
    assert inside[1] == "INSERT INTO t VALUES (1, 'a')"
    assert any("uq_t_code" in sql for sql in inside[2:]) and after == []
