"""PostgreSQL: every portable type, identity, defaults, enums, comments and awkward names converge
(apply, then plan again is empty), and introspection reads back what normalisation predicted."""

from __future__ import annotations

import pytest

from npa_schema.dialects import connect
from npa_schema.dialects.postgres import DIALECT
from npa_schema.dialects.postgres.defaults import parse_default
from npa_schema.dialects.postgres.types import canonical_native, from_native
from npa_schema.model import Column, Default, Enum, PrimaryKey, Schema, Table, pk_name
from npa_schema.types import ColumnType, parse_type
from tests.support import converge, execute, query

pytestmark = pytest.mark.postgres


def col(name: str, type_text: str, values: tuple[str, ...] = (), **kw) -> Column:
    return Column(name, parse_type(type_text, values), **kw)


def table(name: str, *columns: Column, pk: tuple[str, ...] = ("id",), **kw) -> Table:
    return Table(name, columns, PrimaryKey(pk_name(name), pk) if pk else None, **kw)


def introspected(url: str) -> Schema:
    with connect(url) as (dialect, session):
        return dialect.introspect(session)


PORTABLE = [
    "smallint",
    "int",
    "bigint",
    "decimal(10,3)",
    "float",
    "double",
    "bool",
    "string(40)",
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


def test_every_portable_type_converges_and_reads_back(pg_url: str) -> None:
    columns = [col("id", "bigint", identity=True)]
    columns += [col(f"c_{i}", t, nullable=True) for i, t in enumerate(PORTABLE)]
    columns.append(col("c_enum", "enum", ("a", "b"), nullable=True))
    desired = Schema((table("every_type", *columns),))
    converge(pg_url, desired)
    current = introspected(pg_url)
    assert current == DIALECT.normalize(desired)
    types = {c.name: c.type for c in current.tables[0].columns}
    assert types["c_3"] == ColumnType("decimal", (10, 3))
    assert types["c_15"] == ColumnType("json")
    assert types["c_enum"] == ColumnType("enum", values=("a", "b"), enum_name="every_type_c_enum")
    assert query(
        pg_url,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'every_type'::regclass AND attname = 'c_15'",
    ) == [("jsonb",)]


def test_identity_column_is_not_null_and_generates_values(pg_url: str) -> None:
    desired = Schema((table("t", col("id", "int", identity=True, nullable=True), col("v", "text")),))
    converge(pg_url, desired)
    execute(pg_url, "INSERT INTO t (v) VALUES ('a'), ('b')")
    assert query(pg_url, "SELECT id FROM t ORDER BY id") == [(1,), (2,)]
    (column,) = [c for c in introspected(pg_url).tables[0].columns if c.name == "id"]
    assert column.identity and not column.nullable and column.default is None


def test_serial_column_reads_back_as_identity(pg_url: str) -> None:
    execute(pg_url, "CREATE TABLE s (id serial PRIMARY KEY, v text)")
    (column,) = [c for c in introspected(pg_url).tables[0].columns if c.name == "id"]
    assert column.identity and column.default is None and column.type == ColumnType("int")


def test_literal_and_sql_defaults_converge(pg_url: str) -> None:
    desired = Schema(
        (
            table(
                "d",
                col("id", "int"),
                col("status", "string(20)", default=Default.literal("new")),
                col("quote", "text", default=Default.literal("it's")),
                col("zero", "int", default=Default.literal(0)),
                col("neg", "bigint", default=Default.literal(-5)),
                col("big", "bigint", default=Default.literal(10_000_000_000)),
                col("price", "decimal(10,2)", default=Default.literal(10.5)),
                col("negdec", "decimal(10,2)", default=Default.literal(-1.25)),
                col("ratio", "double", default=Default.literal(0.25)),
                col("flag", "bool", default=Default.literal(True)),
                col("off", "bool", default=Default.literal(False)),
                col("day", "date", default=Default.literal("2020-01-01")),
                col("created", "datetime", default=Default.sql("CURRENT_TIMESTAMP")),
                col("updated", "datetime_tz", default=Default.sql("now()")),
                col("today", "date", default=Default.sql("CURRENT_DATE")),
                col("uid", "uuid", default=Default.sql("gen_random_uuid()")),
                col("doc", "json", default=Default.literal("{}")),
                col("as_text", "string(5)", default=Default.literal(7)),
                col("yes", "bool", default=Default.sql("true")),
            ),
        )
    )
    converge(pg_url, desired)
    defaults = {c.name: c.default for c in introspected(pg_url).tables[0].columns}
    assert defaults["status"] == Default("string", "new")
    assert defaults["neg"] == Default("number", "-5")
    assert defaults["negdec"] == Default("number", "-1.25")
    assert defaults["created"] == defaults["updated"] == Default.sql("CURRENT_TIMESTAMP")
    assert defaults["as_text"] == Default("string", "7")
    assert defaults["yes"] == Default("bool", "true")


def test_defaults_parse_as_postgres_prints_them() -> None:
    text = ColumnType("text")
    assert parse_default("'new'::character varying", ColumnType("string", (20,))) == Default("string", "new")
    assert parse_default("'-1'::integer", ColumnType("int")) == Default("number", "-1")
    assert parse_default("'2020-01-01'::date", ColumnType("date")) == Default("string", "2020-01-01")
    assert parse_default("NULL::character varying", text) is None
    assert parse_default("now()", text) == parse_default("CURRENT_TIMESTAMP", text)
    assert parse_default("(now() + '1 day'::interval)", text) == Default.sql(
        "CURRENT_TIMESTAMP + CAST('1 day' AS INTERVAL)"
    )


def test_native_types_canonicalise_to_format_type_spelling() -> None:
    assert canonical_native("varchar(30)") == "character varying(30)"
    assert canonical_native("INT4[]") == "integer[]"
    assert canonical_native("timestamptz") == "timestamp with time zone"
    assert canonical_native("timestamp(3) with time zone") == "timestamp(3) with time zone"
    assert from_native("jsonb") == ColumnType("json")
    assert from_native("json") == ColumnType("native", native="json")
    assert from_native("numeric(12,4)") == ColumnType("decimal", (12, 4))
    assert from_native("int4range") == ColumnType("native", native="int4range")


def test_sql_type_overrides_converge(pg_url: str) -> None:
    execute(pg_url, "CREATE EXTENSION IF NOT EXISTS citext")
    overrides = [
        ("a", "text", "citext"),
        ("b", "json", "jsonb"),
        ("c", "text", "json"),
        ("d", "int", "int4range"),
        ("e", "int", "integer[]"),
        ("f", "string(10)", "varchar(30)"),
        ("g", "datetime", "timestamp(3) with time zone"),
        ("h", "text", "bit varying(5)"),
    ]
    columns = [col("id", "int")]
    columns += [col(n, t, nullable=True, sql_types=(("postgres", s),)) for n, t, s in overrides]
    desired = Schema((table("o", *columns),))
    converge(pg_url, desired)
    types = {c.name: c.type for c in introspected(pg_url).tables[0].columns}
    assert types["a"] == ColumnType("native", native="citext")
    assert types["b"] == ColumnType("json")
    assert types["f"] == ColumnType("string", (30,))
    assert types["h"] == ColumnType("native", native="bit varying(5)")


def test_enum_create_then_add_value(pg_url: str) -> None:
    first = Schema((table("orders", col("id", "int"), col("state", "enum", ("new", "paid"))),))
    converge(pg_url, first)
    execute(pg_url, "INSERT INTO orders VALUES (1, 'paid')")
    second = Schema(
        (table("orders", col("id", "int"), col("state", "enum", ("draft", "new", "paid", "shipped"))),)
    )
    plan = converge(pg_url, second)
    assert plan.statements == [
        """ALTER TYPE "orders_state" ADD VALUE IF NOT EXISTS 'draft' BEFORE 'new'""",
        """ALTER TYPE "orders_state" ADD VALUE IF NOT EXISTS 'shipped' AFTER 'paid'""",
    ]
    assert introspected(pg_url).enums == (Enum("orders_state", ("draft", "new", "paid", "shipped")),)
    execute(pg_url, "INSERT INTO orders VALUES (2, 'shipped')")
    assert query(pg_url, "SELECT count(*) FROM orders") == [(2,)]


def test_named_enum_shared_by_two_columns_and_dropped_with_them(pg_url: str) -> None:
    mood = ColumnType("enum", values=("sad", "ok"), enum_name="mood")
    desired = Schema((table("p", col("id", "int"), Column("am", mood), Column("pm", mood, nullable=True)),))
    plan = converge(pg_url, desired)
    assert sum(op.kind == "create_enum" for op in plan.ops) == 1
    converge(pg_url, Schema((table("p", col("id", "int")),)), allow_destructive=True)
    assert introspected(pg_url).enums == ()


def test_reserved_names_and_comments_converge(pg_url: str) -> None:
    desired = Schema(
        (
            table(
                "user",
                col("id", "int"),
                col("order", "string(10)", comment="the order's label"),
                col("select", "int", nullable=True),
                comment="people",
            ),
        )
    )
    converge(pg_url, desired)
    execute(pg_url, 'INSERT INTO "user" ("id", "order") VALUES (1, \'x\')')
    changed = Schema(
        (
            table(
                "user",
                col("id", "int"),
                col("order", "string(10)", comment="changed"),
                col("select", "int", nullable=True),
                comment=None,
            ),
        )
    )
    converge(pg_url, changed)
    current = introspected(pg_url).tables[0]
    assert current.comment is None
    assert current.column("order").comment == "changed"


def test_names_over_63_bytes_are_reported() -> None:
    long_name = "x" * 64
    problems = DIALECT.check(Schema((table(long_name, col("id", "int"), col("é" * 32, "int")),)))
    assert {p.field for p in problems} >= {"table", f"columns.{'é' * 32}"}
