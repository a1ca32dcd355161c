"""SQLite: creating schemas converges (apply, then plan again is empty) and reads back exactly."""

from __future__ import annotations

from npa_schema.dialects import connect
from npa_schema.model import (
    Check,
    Column,
    Default,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
)
from npa_schema.types import ColumnType, parse_type
from tests.support import converge, execute, query


def col(name: str, type_text: str, **kw) -> Column:
    values = kw.pop("values", ())
    return Column(name, parse_type(type_text, tuple(values)), **kw)


def introspect(url: str) -> Schema:
    with connect(url) as (dialect, session):
        return dialect.introspect(session)


EVERY_TYPE = [
    "smallint",
    "int",
    "bigint",
    "decimal(18,2)",
    "decimal(5)",
    "float",
    "double",
    "bool",
    "string(20)",
    "text",
    "char(3)",
    "date",
    "time",
    "datetime",
    "datetime_tz",
    "uuid",
    "json",
    "binary",
]


def test_every_portable_type_round_trips(sqlite_url: str) -> None:
    columns = tuple(col(f"c_{i}", t, nullable=True) for i, t in enumerate(EVERY_TYPE))
    table = Table("every", (col("id", "int"), *columns), PrimaryKey("pk_every", ("id",)))
    converge(sqlite_url, Schema((table,)))
    got = introspect(sqlite_url).table("every")
    assert got is not None
    assert [str(c.type) for c in got.columns[1:]] == [str(parse_type(t)) for t in EVERY_TYPE]
    declared = query(sqlite_url, "SELECT name, type FROM pragma_table_info('every') WHERE name = 'c_3'")
    assert declared == [("c_3", "DECIMAL(18,2)")]  # not sqlglot's REAL


def test_identity_defaults_enum_and_sql_type_override(sqlite_url: str) -> None:
    table = Table(
        "orders",
        (
            col("id", "bigint", identity=True),
            col("total", "decimal(18,2)", default=Default.literal(0)),
            col("ratio", "double", default=Default.literal(1.50)),
            col("paid", "bool", default=Default.literal(False)),
            col("status", "enum", values=("new", "paid"), default=Default.literal("new")),
            col("note", "string(20)", nullable=True, default=Default.literal("it's")),
            col("delta", "int", default=Default.literal(-1)),
            col("created_at", "datetime", default=Default.sql("CURRENT_TIMESTAMP")),
            col("day", "text", default=Default.sql("date('now')")),
            col("tag", "text", nullable=True, sql_types=(("sqlite", "citext"), ("postgres", "citext"))),
            col("flag", "bool", default=Default.literal(1)),
        ),
        PrimaryKey("pk_orders", ("id",)),
        comment="comments are dropped on SQLite",
    )
    converge(sqlite_url, Schema((table,)))
    execute(sqlite_url, 'INSERT INTO "orders" ("note") VALUES (NULL)', 'INSERT INTO "orders" DEFAULT VALUES')
    rows = query(sqlite_url, 'SELECT "id", "total", "paid", "status", "delta", "flag" FROM "orders"')
    assert rows == [(1, 0, 0, "new", -1, 1), (2, 0, 0, "new", -1, 1)]
    got = introspect(sqlite_url).table("orders")
    assert got is not None and got.columns[0].identity and got.columns[0].type == ColumnType("int")
    assert got.column("tag").type == ColumnType("native", native="CITEXT")  # type: ignore[union-attr]
    sql = query(sqlite_url, "SELECT sql FROM sqlite_master WHERE name = 'orders'")[0][0]
    assert "AUTOINCREMENT" in sql and "DEFAULT (DATE('now'))" in sql


def test_constraints_indexes_and_keyword_names(sqlite_url: str) -> None:
    group = Table(
        "group",
        (
            col("id", "int"),
            col("order", "int"),
            col("email", "string(100)"),
            col("parent_id", "int", nullable=True),
        ),
        PrimaryKey("pk_group", ("id",)),
        indexes=(
            Index("ix_group_order_email", ("order", "email")),
            Index("ix_group_open", ("order",), where='"order" > 0'),
            Index("ux_group_lower_email", (), True, ("lower(email)",)),
        ),
        uniques=(Unique("uq_group_email", ("email",)),),
        checks=(Check("ck_group_order", '"order" >= 0'),),
        foreign_keys=(ForeignKey("fk_group_parent_id_group", ("parent_id",), "group", ("id",)),),
    )
    item = Table(
        "item",
        (col("id", "int"), col("group_id", "int")),
        PrimaryKey("pk_item", ("id",)),
        foreign_keys=(
            ForeignKey("fk_item_group_id_group", ("group_id",), "group", ("id",), on_delete="cascade"),
        ),
    )
    converge(sqlite_url, Schema((group, item)))
    got = introspect(sqlite_url)
    g = got.table("group")
    assert g is not None
    assert [u.name for u in g.uniques] == ["uq_group_email"]  # the auto-index is a Unique, not an Index
    assert {i.name for i in g.indexes} == {"ix_group_order_email", "ix_group_open", "ux_group_lower_email"}
    assert next(i for i in g.indexes if i.name == "ix_group_open").where == '"order" > 0'
    assert [c.name for c in g.checks] == ["ck_group_order"]
    execute(
        sqlite_url,
        "INSERT INTO \"group\" VALUES (1, 1, 'a@x', NULL)",
        'INSERT INTO "item" VALUES (1, 1)',
        "PRAGMA foreign_keys=ON",
    )


def test_fk_cycle_between_two_tables(sqlite_url: str) -> None:
    a = Table(
        "a",
        (col("id", "int"), col("b_id", "int", nullable=True)),
        PrimaryKey("pk_a", ("id",)),
        foreign_keys=(ForeignKey("fk_a_b_id_b", ("b_id",), "b", ("id",)),),
    )
    b = Table(
        "b",
        (col("id", "int"), col("a_id", "int", nullable=True)),
        PrimaryKey("pk_b", ("id",)),
        foreign_keys=(ForeignKey("fk_b_a_id_a", ("a_id",), "a", ("id",)),),
    )
    plan = converge(sqlite_url, Schema((a, b)))
    assert len(plan.statements) == 2  # both tables created whole: no rebuild for the cyclic key
    assert {f.name for t in introspect(sqlite_url).tables for f in t.foreign_keys} == {
        "fk_a_b_id_b",
        "fk_b_a_id_a",
    }


def test_dropping_an_fk_cycle(sqlite_url: str) -> None:
    test_fk_cycle_between_two_tables(sqlite_url)
    keep = Table("keep", (col("id", "int"),), PrimaryKey("pk_keep", ("id",)))
    converge(sqlite_url, Schema((keep,)), allow_destructive=True)
    assert [t.name for t in introspect(sqlite_url).tables] == ["keep"]


def test_hand_written_table_is_read_and_rebuilt_without_losing_constraints(sqlite_url: str) -> None:
    execute(
        sqlite_url,
        "CREATE TABLE legacy (id INTEGER PRIMARY KEY, code TEXT UNIQUE CHECK (code <> ''), "
        "n INT REFERENCES legacy(id), CHECK (id > 0))",
        "CREATE INDEX legacy_lower ON legacy (lower(code))",
        "INSERT INTO legacy VALUES (1, 'a', NULL)",
    )
    current = introspect(sqlite_url)
    legacy = current.table("legacy")
    assert legacy is not None
    assert legacy.primary_key == PrimaryKey("pk_legacy", ("id",))
    assert [u.columns for u in legacy.uniques] == [("code",)]
    assert len(legacy.checks) == 2 and len(legacy.foreign_keys) == 1
    assert legacy.indexes[0].expressions == ("LOWER(code)",)
    converge(sqlite_url, current)  # what we read is what we would write
    wider = Table(
        legacy.name,
        (*legacy.columns, col("extra", "text", default=Default.sql("CURRENT_TIMESTAMP"))),
        legacy.primary_key,
        legacy.indexes,
        legacy.uniques,
        legacy.foreign_keys,
        legacy.checks,
    )
    plan = converge(sqlite_url, Schema((wider,)))
    assert any("_npa_new_legacy" in s for s in plan.statements)
    got = introspect(sqlite_url).table("legacy")
    assert got is not None and {c.name for c in got.checks} == {c.name for c in legacy.checks}
    assert query(sqlite_url, "SELECT id, code FROM legacy") == [(1, "a")]
