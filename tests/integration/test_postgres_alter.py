"""PostgreSQL: column changes on tables with rows, renames that keep data, and a failed apply that
leaves the database exactly as it was."""

from __future__ import annotations

import pytest

from npa_schema.declarative import apply
from npa_schema.dialects import connect
from npa_schema.errors import ApplyError
from npa_schema.model import Column, Default, Index, PrimaryKey, Schema, Table, Unique, pk_name
from npa_schema.types import parse_type
from tests.support import converge, execute, query

pytestmark = pytest.mark.postgres


def col(name: str, type_text: str = "int", **kw) -> Column:
    return Column(name, parse_type(type_text), **kw)


def table(name: str, *columns: Column, **kw) -> Table:
    return Table(name, columns, PrimaryKey(pk_name(name), ("id",)), **kw)


def introspected(url: str) -> Schema:
    with connect(url) as (dialect, session):
        return dialect.introspect(session)


def items(*columns: Column, name: str = "items", **kw) -> Schema:
    return Schema((table(name, col("id"), *columns, **kw),))


def seeded(url: str, *columns: Column) -> None:
    """Converge ``items`` with ``columns``, then insert rows 1..3 with every column set to the row number."""
    converge(url, items(*columns))
    names = ", ".join(f'"{c.name}"' for c in columns)
    rows = []
    for i in (1, 2, 3):
        values = ", ".join([str(i)] + [f"'{i}'"] * len(columns))
        rows.append(f"INSERT INTO items (id, {names}) VALUES ({values})")
    execute(url, *rows)


def test_widen_string_and_integer_keeps_rows(pg_url: str) -> None:
    seeded(pg_url, col("code", "string(20)"), col("n", "int"))
    plan = converge(pg_url, items(col("code", "string(200)"), col("n", "bigint")))
    assert not plan.destructive
    assert 'ALTER TABLE "items" ALTER COLUMN "n" SET DATA TYPE BIGINT USING CAST("n" AS BIGINT)' in (
        plan.statements
    )
    assert query(pg_url, "SELECT count(*), sum(n) FROM items") == [(3, 6)]


def test_change_type_with_rows_present(pg_url: str) -> None:
    seeded(pg_url, col("code", "string(20)", default=Default.literal("x")), col("n", "int"))
    converge(pg_url, items(col("code", "text", default=Default.literal("y")), col("n", "bigint")))
    converge(
        pg_url,
        items(col("code", "int", default=Default.literal(0)), col("n", "string(40)")),
        allow_destructive=True,
    )
    assert query(pg_url, "SELECT code, n FROM items ORDER BY id") == [(1, "1"), (2, "2"), (3, "3")]


def test_nullability_and_defaults_change(pg_url: str) -> None:
    seeded(pg_url, col("a", "int", nullable=True), col("b", "string(10)", default=Default.literal("x")))
    plan = converge(
        pg_url, items(col("a", "int"), col("b", "string(10)", nullable=True)), allow_destructive=True
    )
    assert 'ALTER TABLE "items" ALTER COLUMN "a" SET NOT NULL' in plan.statements
    assert 'ALTER TABLE "items" ALTER COLUMN "b" DROP NOT NULL' in plan.statements
    assert 'ALTER TABLE "items" ALTER COLUMN "b" DROP DEFAULT' in plan.statements
    converge(
        pg_url, items(col("a", "int", default=Default.literal(5)), col("b", "string(10)", nullable=True))
    )
    converge(
        pg_url, items(col("a", "int", default=Default.sql("(1 + 2)")), col("b", "string(10)", nullable=True))
    )
    current = introspected(pg_url).tables[0]
    assert current.column("a").default == Default.sql("1 + 2")
    assert current.column("b").default is None and current.column("b").nullable


def test_identity_added_continues_after_existing_rows_and_can_be_dropped(pg_url: str) -> None:
    seeded(pg_url, col("v", "text"))
    with_identity = Schema(
        (Table("items", (col("id", identity=True), col("v", "text")), PrimaryKey(pk_name("items"), ("id",))),)
    )
    converge(pg_url, with_identity)
    execute(pg_url, "INSERT INTO items (v) VALUES ('next')")
    assert query(pg_url, "SELECT id FROM items WHERE v = 'next'") == [(4,)]
    converge(pg_url, items(col("v", "text")))
    assert not introspected(pg_url).tables[0].column("id").identity


def test_enum_column_from_string_with_rows(pg_url: str) -> None:
    converge(pg_url, items(col("state", "string(10)")))
    execute(pg_url, "INSERT INTO items VALUES (1, 'new'), (2, 'paid')")
    state = Column("state", parse_type("enum", ("new", "paid")))
    converge(pg_url, items(state), allow_destructive=True)
    assert query(pg_url, "SELECT state::text FROM items ORDER BY id") == [("new",), ("paid",)]


def test_drop_column(pg_url: str) -> None:
    seeded(pg_url, col("keep", "int"), col("gone", "int"))
    with pytest.raises(Exception, match="destructive"):
        apply(pg_url, items(col("keep", "int")))
    converge(pg_url, items(col("keep", "int")), allow_destructive=True)
    assert [c.name for c in introspected(pg_url).tables[0].columns] == ["id", "keep"]
    assert query(pg_url, "SELECT count(*) FROM items") == [(3,)]


def test_rename_column_and_table_keep_rows(pg_url: str) -> None:
    seeded(pg_url, col("title", "string(50)"))
    renamed = Schema(
        (
            Table(
                "products",
                (col("id"), col("name", "string(50)", renamed_from="title")),
                PrimaryKey(pk_name("products"), ("id",)),
                renamed_from="items",
            ),
        )
    )
    plan = converge(pg_url, renamed)
    assert [op.kind for op in plan.ops][:2] == ["rename_table", "rename_column"]
    assert query(pg_url, "SELECT name FROM products ORDER BY id") == [("1",), ("2",), ("3",)]


def test_failed_apply_rolls_back_completely(pg_url: str) -> None:
    converge(pg_url, items(col("code", "string(10)")))
    execute(pg_url, "INSERT INTO items VALUES (1, 'dup'), (2, 'dup')")
    before = introspected(pg_url)
    bad = items(
        col("code", "string(10)"),
        col("extra", "int", nullable=True),
        uniques=(Unique("uq_items_code", ("code",)),),
        indexes=(Index("ix_items_extra", ("extra",)),),
    )
    with pytest.raises(ApplyError) as info:
        apply(pg_url, bad)
    assert info.value.rolled_back and "uq_items_code" in info.value.failed
    assert "could not create unique index" in info.value.message
    assert introspected(pg_url) == before
    assert before.fingerprint() == introspected(pg_url).fingerprint()
