"""SQLite: changing a live schema converges and keeps every row, natively or through one rebuild."""

from __future__ import annotations

import dataclasses

import pytest

from npa_schema.dialects import connect
from npa_schema.errors import ApplyError
from npa_schema.model import Check, Column, Default, ForeignKey, PrimaryKey, Schema, Table, Unique
from npa_schema.types import parse_type
from tests.support import converge, execute, query


def col(name: str, type_text: str, **kw) -> Column:
    return Column(name, parse_type(type_text), **kw)


BASE = Table(
    "people",
    (col("id", "int"), col("name", "string(20)"), col("age", "int", nullable=True)),
    PrimaryKey("pk_people", ("id",)),
)
ROWS = ("INSERT INTO \"people\" VALUES (1, 'ann', 30)", "INSERT INTO \"people\" VALUES (2, 'bob', NULL)")


def start(url: str, *tables: Table, rows: tuple[str, ...] = ROWS) -> None:
    converge(url, Schema(tables or (BASE,)))
    execute(url, *rows)


def with_table(**changes) -> Schema:
    return Schema((dataclasses.replace(BASE, **changes),))


def count(url: str, table: str = "people") -> int:
    return query(url, f'SELECT COUNT(*) FROM "{table}"')[0][0]


def statements(plan) -> str:
    return "\n".join(plan.statements)


def test_add_nullable_column_is_native(sqlite_url: str) -> None:
    start(sqlite_url)
    plan = converge(sqlite_url, with_table(columns=(*BASE.columns, col("email", "text", nullable=True))))
    assert plan.statements == ['ALTER TABLE "people" ADD COLUMN "email" TEXT']
    assert count(sqlite_url) == 2


def test_add_not_null_column_with_default_is_native(sqlite_url: str) -> None:
    start(sqlite_url)
    new = col("score", "int", default=Default.literal(5))
    plan = converge(sqlite_url, with_table(columns=(*BASE.columns, new)))
    assert "_npa_new_" not in statements(plan)
    assert query(sqlite_url, 'SELECT "score" FROM "people"') == [(5,), (5,)]


def test_add_column_with_sql_default_rebuilds_and_fills_rows(sqlite_url: str) -> None:
    start(sqlite_url)
    new = col("created", "datetime", default=Default.sql("CURRENT_TIMESTAMP"))
    plan = converge(sqlite_url, with_table(columns=(*BASE.columns, new)))
    assert '"_npa_new_people"' in statements(plan)
    assert query(sqlite_url, 'SELECT COUNT(*) FROM "people" WHERE "created" IS NOT NULL') == [(2,)]


def test_widen_nullability_and_default_in_one_rebuild(sqlite_url: str) -> None:
    start(sqlite_url, dataclasses.replace(BASE, indexes=()))
    columns = (
        BASE.columns[0],
        col("name", "string(100)", nullable=True),  # widened, now nullable
        col("age", "int", default=Default.literal(0)),  # NOT NULL, NULLs take the default
    )
    plan = converge(sqlite_url, with_table(columns=columns))
    assert len(plan.steps) == 1 and len(plan.steps[0].ops) == 2
    assert sum(s.startswith("CREATE TABLE") for s in plan.statements) == 1
    assert query(sqlite_url, 'SELECT "id", "name", "age" FROM "people" ORDER BY "id"') == [
        (1, "ann", 30),
        (2, "bob", 0),
    ]


def test_change_default(sqlite_url: str) -> None:
    start(sqlite_url)
    columns = (
        BASE.columns[0],
        BASE.columns[1],
        col("age", "int", nullable=True, default=Default.literal(18)),
    )
    converge(sqlite_url, with_table(columns=columns))
    execute(sqlite_url, 'INSERT INTO "people" ("id", "name") VALUES (3, \'cy\')')
    assert query(sqlite_url, 'SELECT "age" FROM "people" WHERE "id" = 3') == [(18,)]


def test_drop_column_keeps_rows(sqlite_url: str) -> None:
    start(sqlite_url)
    converge(sqlite_url, with_table(columns=BASE.columns[:2]), allow_destructive=True)
    assert query(sqlite_url, 'SELECT * FROM "people" ORDER BY "id"') == [(1, "ann"), (2, "bob")]


def test_rename_column_and_table_keep_rows(sqlite_url: str) -> None:
    start(sqlite_url)
    renamed = Table(
        "persons",
        (BASE.columns[0], col("full_name", "string(20)", renamed_from="name"), BASE.columns[2]),
        PrimaryKey("pk_people", ("id",)),
        renamed_from="people",
    )
    plan = converge(sqlite_url, Schema((renamed,)))
    assert "_npa_new_" not in statements(plan)
    assert query(sqlite_url, 'SELECT "full_name" FROM "persons" ORDER BY "id"') == [("ann",), ("bob",)]


def test_rename_and_rebuild_in_one_plan(sqlite_url: str) -> None:
    start(sqlite_url)
    renamed = Table(
        "persons",
        (BASE.columns[0], col("full_name", "string(50)", renamed_from="name")),
        PrimaryKey("pk_persons", ("id",)),
        checks=(Check("ck_persons_name", "length(full_name) > 0"),),
        renamed_from="people",
    )
    converge(sqlite_url, Schema((renamed,)), allow_destructive=True)
    assert query(sqlite_url, 'SELECT * FROM "persons" ORDER BY "id"') == [(1, "ann"), (2, "bob")]


def test_add_and_drop_primary_key(sqlite_url: str) -> None:
    start(sqlite_url)
    converge(sqlite_url, with_table(primary_key=None))
    assert count(sqlite_url) == 2
    converge(sqlite_url, with_table(primary_key=PrimaryKey("pk_people_2", ("id", "name"))))
    assert count(sqlite_url) == 2


def test_add_and_drop_unique_and_check(sqlite_url: str) -> None:
    start(sqlite_url)
    extra = with_table(
        uniques=(Unique("uq_people_name", ("name",)),), checks=(Check("ck_people_id", "id > 0"),)
    )
    plan = converge(sqlite_url, extra)
    assert len(plan.steps) == 1  # one rebuild for both
    assert count(sqlite_url) == 2
    converge(sqlite_url, Schema((BASE,)))
    assert count(sqlite_url) == 2


def test_add_and_drop_foreign_key(sqlite_url: str) -> None:
    team = Table("team", (col("id", "int"),), PrimaryKey("pk_team", ("id",)))
    member = Table("member", (col("id", "int"), col("team_id", "int")), PrimaryKey("pk_member", ("id",)))
    start(
        sqlite_url, team, member, rows=('INSERT INTO "team" VALUES (1)', 'INSERT INTO "member" VALUES (1, 1)')
    )
    fk = ForeignKey("fk_member_team_id_team", ("team_id",), "team", ("id",), on_delete="cascade")
    converge(sqlite_url, Schema((team, dataclasses.replace(member, foreign_keys=(fk,)))))
    assert query(sqlite_url, "SELECT \"table\", on_delete FROM pragma_foreign_key_list('member')") == [
        ("team", "CASCADE")
    ]
    converge(sqlite_url, Schema((team, member)))
    assert query(sqlite_url, "SELECT COUNT(*) FROM pragma_foreign_key_list('member')") == [(0,)]
    assert count(sqlite_url, "member") == 1


def test_rebuilding_a_parent_keeps_child_rows_and_keys(sqlite_url: str) -> None:
    """The cascade trap: DROP TABLE parent with foreign_keys=ON would delete every child row."""
    parent = Table("parent", (col("id", "int"), col("name", "string(10)")), PrimaryKey("pk_parent", ("id",)))
    child = Table(
        "child",
        (col("id", "int"), col("parent_id", "int")),
        PrimaryKey("pk_child", ("id",)),
        foreign_keys=(
            ForeignKey("fk_child_parent_id_parent", ("parent_id",), "parent", ("id",), on_delete="cascade"),
        ),
    )
    rows = ("INSERT INTO \"parent\" VALUES (1, 'p')", 'INSERT INTO "child" VALUES (1, 1), (2, 1)')
    start(sqlite_url, parent, child, rows=rows)
    wider = dataclasses.replace(parent, columns=(parent.columns[0], col("name", "text", nullable=True)))
    plan = converge(sqlite_url, Schema((wider, child)))
    assert '"_npa_new_parent"' in statements(plan)
    assert count(sqlite_url, "child") == 2
    assert query(sqlite_url, "SELECT \"table\" FROM pragma_foreign_key_list('child')") == [("parent",)]
    assert query(sqlite_url, "PRAGMA foreign_key_check") == []


def test_self_referencing_table_rebuild(sqlite_url: str) -> None:
    node = Table(
        "node",
        (col("id", "int"), col("parent_id", "int", nullable=True)),
        PrimaryKey("pk_node", ("id",)),
        foreign_keys=(ForeignKey("fk_node_parent_id_node", ("parent_id",), "node", ("id",)),),
    )
    start(sqlite_url, node, rows=('INSERT INTO "node" VALUES (1, NULL), (2, 1)',))
    converge(sqlite_url, Schema((dataclasses.replace(node, checks=(Check("ck_node_id", "id > 0"),)),)))
    assert count(sqlite_url, "node") == 2
    assert query(sqlite_url, "SELECT \"table\" FROM pragma_foreign_key_list('node')") == [("node",)]


def test_failed_apply_leaves_database_as_it_was(sqlite_url: str) -> None:
    start(sqlite_url, rows=(*ROWS, "INSERT INTO \"people\" VALUES (3, 'ann', 1)"))
    before = query(sqlite_url, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    bad = with_table(
        columns=(*BASE.columns, col("email", "text", nullable=True)),
        uniques=(Unique("uq_people_name", ("name",)),),  # 'ann' twice
    )
    with pytest.raises(ApplyError) as info:
        converge(sqlite_url, bad)
    assert info.value.rolled_back and "UNIQUE" in info.value.message
    assert query(sqlite_url, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert count(sqlite_url) == 3


def test_orphaning_rows_fails_and_rolls_back(sqlite_url: str) -> None:
    team = Table("team", (col("id", "int"),), PrimaryKey("pk_team", ("id",)))
    member = Table("member", (col("id", "int"), col("team_id", "int")), PrimaryKey("pk_member", ("id",)))
    start(sqlite_url, team, member, rows=('INSERT INTO "member" VALUES (1, 7)',))
    fk = ForeignKey("fk_member_team_id_team", ("team_id",), "team", ("id",))
    with pytest.raises(ApplyError) as info:
        converge(sqlite_url, Schema((team, dataclasses.replace(member, foreign_keys=(fk,)))))
    assert "foreign key" in info.value.message and "'member'" in info.value.message
    with connect(sqlite_url) as (dialect, session):
        assert dialect.introspect(session).table("member").foreign_keys == ()  # type: ignore[union-attr]
