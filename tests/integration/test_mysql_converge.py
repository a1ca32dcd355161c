"""MySQL/MariaDB: every kind of change applied to the real server, then planned again (must be empty)."""

from __future__ import annotations

import dataclasses

import pytest

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
    check_name,
    fk_name,
    index_name,
    pk_name,
    unique_name,
)
from npa_schema.types import ColumnType, parse_type
from tests.support import converge, execute, query

pytestmark = pytest.mark.mysql


def col(name: str, type_: str, **kw) -> Column:
    values = tuple(kw.pop("values", ()))
    return Column(name, parse_type(type_, values), **kw)


def table(name: str, *columns: Column, pk: tuple[str, ...] | None = ("id",), **kw) -> Table:
    primary_key = PrimaryKey(pk_name(name), pk) if pk else None
    return Table(name, columns, primary_key=primary_key, **kw)


def schema(*tables: Table) -> Schema:
    return Schema(tables)


def ID(identity: bool = False) -> Column:
    return col("id", "int", identity=identity)


def count(url: str, name: str) -> int:
    return query(url, f"SELECT COUNT(*) FROM `{name}`")[0][0]


# --- types and defaults -------------------------------------------------------------------------------


def test_every_portable_type_converges(mysql_url: str) -> None:
    columns = [
        col("c_smallint", "smallint"),
        col("c_int", "int"),
        col("c_bigint", "bigint"),
        col("c_decimal", "decimal(18,2)"),
        col("c_decimal10", "decimal(10)"),
        col("c_float", "float"),
        col("c_double", "double"),
        col("c_bool", "bool"),
        col("c_string", "string(100)"),
        col("c_string_default", "string"),
        col("c_text", "text", nullable=True),
        col("c_char", "char(3)"),
        col("c_date", "date"),
        col("c_time", "time"),
        col("c_datetime", "datetime"),
        col("c_datetime_tz", "datetime_tz", nullable=True),
        col("c_uuid", "uuid"),
        col("c_json", "json", nullable=True),
        col("c_binary", "binary", nullable=True),
        col("c_enum", "enum", values=("red", "green", "it's")),
    ]
    converge(mysql_url, schema(table("all_types", ID(), *columns)))
    execute(
        mysql_url,
        "INSERT INTO all_types (id, c_smallint, c_int, c_bigint, c_decimal, c_decimal10, c_float, c_double,"
        " c_bool, c_string, c_string_default, c_char, c_date, c_time, c_datetime, c_uuid, c_json, c_enum)"
        " VALUES (1, 1, 2, 3, 4.5, 6, 1.5, 2.5, TRUE, 's', 't', 'abc', '2024-01-02', '10:11:12',"
        " '2024-01-02 03:04:05', '6f1c9a52-3f7e-4a4e-9a7e-0d5b7f3f0e11', '{\"a\": 1}', 'it''s')",
    )
    assert count(mysql_url, "all_types") == 1


def test_sql_type_override_converges(mysql_url: str) -> None:
    notes = dataclasses.replace(
        col("notes", "text"), sql_types=(("mysql", "MEDIUMTEXT"), ("postgres", "citext"))
    )
    flags = dataclasses.replace(col("flags", "int"), sql_types=(("mysql", "int unsigned"),))
    short = dataclasses.replace(col("short", "text"), sql_types=(("mysql", "VARCHAR(30)"),))
    converge(mysql_url, schema(table("overrides", ID(), notes, flags, short)))
    rows = query(
        mysql_url,
        "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'overrides' ORDER BY ORDINAL_POSITION",
    )
    types = dict(rows)
    assert types["notes"] == "mediumtext"
    assert types["flags"].startswith("int") and types["flags"].endswith("unsigned")
    assert types["short"] == "varchar(30)"


def test_identity_primary_key_converges(mysql_url: str) -> None:
    converge(mysql_url, schema(table("users", col("id", "bigint", identity=True), col("name", "string(50)"))))
    execute(mysql_url, "INSERT INTO users (name) VALUES ('a'), ('b')")
    assert query(mysql_url, "SELECT id FROM users ORDER BY id") == [(1,), (2,)]


def test_literal_and_current_timestamp_defaults_converge(mysql_url: str) -> None:
    columns = [
        col("status", "string(20)", default=Default.literal("new")),
        col("quoted", "string(20)", default=Default.literal("it's")),
        col("digits", "string(20)", default=Default.literal(5)),
        col("total", "decimal(18,2)", default=Default.literal(0)),
        col("ratio", "double", default=Default.literal(1.5)),
        col("qty", "int", default=Default.literal(-3)),
        col("active", "bool", default=Default.literal(True)),
        col("deleted", "bool", default=Default.literal(False)),
        col("color", "enum", values=("red", "green"), default=Default.literal("green")),
        col("created_at", "datetime", default=Default.sql("CURRENT_TIMESTAMP")),
        col("updated_at", "datetime_tz", default=Default.sql("now()")),
        col("token", "uuid", default=Default.sql("uuid()")),
        col("maybe", "string(10)", nullable=True, default=Default.sql("NULL")),
    ]
    converge(mysql_url, schema(table("defaults", ID(), *columns)))
    execute(mysql_url, "INSERT INTO defaults (id) VALUES (1)")
    row = query(mysql_url, "SELECT status, quoted, total, active, deleted, color, token FROM defaults")[0]
    assert row[:6] == ("new", "it's", 0, 1, 0, "green")
    assert len(row[6]) == 36


# --- constraints and indexes ---------------------------------------------------------------------------


def test_check_converges(mysql_url: str) -> None:
    expression = "status in ('new', 'paid')"
    checks = (Check(check_name("orders", "status", expression), expression),)
    orders = table("orders", ID(), col("status", "string(20)"), checks=checks)
    converge(mysql_url, schema(orders))
    with pytest.raises(Exception, match="CONSTRAINT"):
        execute(mysql_url, "INSERT INTO orders VALUES (1, 'bogus')")


def test_unique_and_composite_index_converge(mysql_url: str) -> None:
    t = table(
        "accounts",
        ID(),
        col("email", "string(100)"),
        col("tenant", "int"),
        col("code", "string(10)"),
        col("created", "datetime"),
        uniques=(Unique(unique_name("accounts", ("email",)), ("email",)),),
        indexes=(
            Index(index_name("accounts", ("tenant", "created")), ("tenant", "created")),
            Index(index_name("accounts", ("tenant", "code"), unique=True), ("tenant", "code"), unique=True),
            Index("uq_accounts_code", ("code",), unique=True),
        ),
    )
    converge(mysql_url, schema(t))
    names = {
        r[0]
        for r in query(
            mysql_url, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
        )
    }
    assert {"PRIMARY", "uq_accounts_email", "ix_accounts_tenant_created", "ux_accounts_tenant_code"} <= names


def _users_orders(on_delete: str = "cascade") -> Schema:
    users = table("users", ID(identity=True), col("name", "string(50)"))
    fk = ForeignKey(fk_name("orders", ("user_id",), "users"), ("user_id",), "users", ("id",), on_delete)
    orders = table("orders", ID(identity=True), col("user_id", "int"), foreign_keys=(fk,))
    return schema(users, orders)


def test_foreign_key_on_delete_cascade_and_its_implicit_index(mysql_url: str) -> None:
    converge(mysql_url, _users_orders())
    indexes = query(
        mysql_url,
        "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'",
    )
    assert ("fk_orders_user_id_users",) in indexes  # the engine made it; introspection hides it
    execute(mysql_url, "INSERT INTO users (name) VALUES ('a')", "INSERT INTO orders (user_id) VALUES (1)")
    execute(mysql_url, "DELETE FROM users")
    assert count(mysql_url, "orders") == 0
    # changing the rule drops and re-adds the key (and its index) and still converges
    converge(mysql_url, _users_orders("restrict"))
    converge(mysql_url, _users_orders("cascade"))


def test_foreign_key_cycle_converges(mysql_url: str) -> None:
    a_fk = ForeignKey(fk_name("a", ("b_id",), "b"), ("b_id",), "b", ("id",))
    b_fk = ForeignKey(fk_name("b", ("a_id",), "a"), ("a_id",), "a", ("id",), on_delete="set null")
    a = table("a", ID(), col("b_id", "int", nullable=True), foreign_keys=(a_fk,))
    b = table("b", ID(), col("a_id", "int", nullable=True), foreign_keys=(b_fk,))
    converge(mysql_url, schema(a, b))
    converge(mysql_url, schema(), allow_destructive=True)
    assert query(mysql_url, "SHOW TABLES") == []


def test_reserved_word_names_converge(mysql_url: str) -> None:
    expression = "`order` > 0"
    t = table(
        "select",
        ID(),
        col("order", "int"),
        col("group", "string(10)"),
        indexes=(Index(index_name("select", ("order", "group")), ("order", "group")),),
        checks=(Check(check_name("select", "order", expression), expression),),
        comment="a table named select",
    )
    converge(mysql_url, schema(t))
    renamed = dataclasses.replace(
        t, columns=(*t.columns[:2], col("key", "string(10)", renamed_from="group")), indexes=()
    )
    converge(mysql_url, schema(renamed), allow_destructive=True)


def test_comments_converge(mysql_url: str) -> None:
    t = table("notes", ID(), col("body", "text", comment="what it's about"), comment="User's notes")
    converge(mysql_url, schema(t))
    changed = dataclasses.replace(
        t, columns=(t.columns[0], col("body", "text", comment="changed")), comment="other"
    )
    converge(mysql_url, schema(changed))
    cleared = dataclasses.replace(t, columns=(t.columns[0], col("body", "text")), comment=None)
    converge(mysql_url, schema(cleared))
    assert query(
        mysql_url, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    ) == [("",)]


def test_inline_enum_converges_and_takes_a_new_value(mysql_url: str) -> None:
    t = table("tickets", ID(), col("state", "enum", values=("open", "closed")))
    converge(mysql_url, schema(t))
    execute(mysql_url, "INSERT INTO tickets VALUES (1, 'closed')")
    more = dataclasses.replace(
        t, columns=(t.columns[0], col("state", "enum", values=("open", "closed", "held")))
    )
    plan = converge(mysql_url, schema(more))
    assert [op.kind for op in plan.ops] == ["alter_column"]
    assert query(mysql_url, "SELECT state FROM tickets") == [("closed",)]


# --- column changes -----------------------------------------------------------------------------------


def test_column_changes_converge_and_keep_rows(mysql_url: str) -> None:
    base = table(
        "items", ID(), col("name", "string(20)"), col("price", "int"), col("gone", "int", nullable=True)
    )
    converge(mysql_url, schema(base))
    execute(mysql_url, "INSERT INTO items VALUES (1, 'a', 10, 5), (2, 'b', 20, NULL)")
    changed = table(
        "items",
        ID(),
        col(
            "name", "string(200)", nullable=True, default=Default.literal("unnamed")
        ),  # widen, nullability, default
        col("price", "bigint", default=Default.literal(0)),  # int → bigint with rows
        col("note", "string(50)", nullable=True),  # new nullable column
    )
    plan = converge(mysql_url, schema(changed), allow_destructive=True)
    assert sorted(op.kind for op in plan.ops) == ["add_column", "alter_column", "alter_column", "drop_column"]
    assert query(mysql_url, "SELECT id, name, price, note FROM items ORDER BY id") == [
        (1, "a", 10, None),
        (2, "b", 20, None),
    ]
    back = table(
        "items",
        ID(),
        col("name", "string(200)"),
        col("price", "bigint"),
        col("note", "string(50)", nullable=True),
    )
    converge(mysql_url, schema(back), allow_destructive=True)


def test_rename_column_and_table_keep_rows(mysql_url: str) -> None:
    converge(mysql_url, schema(table("people", ID(), col("full_name", "string(50)"))))
    execute(mysql_url, "INSERT INTO people VALUES (1, 'Ada'), (2, 'Grace')")
    renamed = Table(
        "persons",
        (ID(), col("name", "string(50)", renamed_from="full_name")),
        primary_key=PrimaryKey(pk_name("persons"), ("id",)),
        renamed_from="people",
    )
    plan = converge(mysql_url, schema(renamed))
    assert [op.kind for op in plan.ops] == ["rename_table", "rename_column"]
    assert query(mysql_url, "SELECT name FROM persons ORDER BY id") == [("Ada",), ("Grace",)]


# --- adding and dropping keys and constraints ------------------------------------------------------------


def test_add_and_drop_primary_key_unique_check_and_foreign_key(mysql_url: str) -> None:
    users = table("users", ID(), col("email", "string(100)"))
    plain = table("posts", col("id", "int"), col("user_id", "int"), col("score", "int"), pk=None)
    converge(mysql_url, schema(users, plain))
    execute(mysql_url, "INSERT INTO users VALUES (1, 'a@x')", "INSERT INTO posts VALUES (1, 1, 3), (2, 1, 4)")
    expression = "score >= 0"
    keyed = dataclasses.replace(
        plain,
        primary_key=PrimaryKey(pk_name("posts"), ("id",)),
        uniques=(Unique(unique_name("posts", ("user_id", "score")), ("user_id", "score")),),
        checks=(Check(check_name("posts", "score", expression), expression),),
        foreign_keys=(ForeignKey(fk_name("posts", ("user_id",), "users"), ("user_id",), "users", ("id",)),),
    )
    plan = converge(mysql_url, schema(users, keyed))
    assert sorted(op.kind for op in plan.ops) == [
        "add_check",
        "add_foreign_key",
        "add_primary_key",
        "add_unique",
    ]
    plan = converge(mysql_url, schema(users, plain))
    assert sorted(op.kind for op in plan.ops) == [
        "drop_check",
        "drop_foreign_key",
        "drop_primary_key",
        "drop_unique",
    ]
    assert count(mysql_url, "posts") == 2
    hidden = query(
        mysql_url,
        "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'posts'",
    )
    assert hidden == []  # the foreign key's implicit index went with it


def test_drop_identity_primary_key_converges(mysql_url: str) -> None:
    converge(mysql_url, schema(table("counters", ID(identity=True), col("n", "int"))))
    converge(mysql_url, schema(table("counters", ID(), col("n", "int"), pk=None)))


def test_json_column_is_json_again_after_mariadb_stores_it_as_longtext(mysql_url: str) -> None:
    t = table("docs", ID(), col("body", "json"), col("meta", "json", nullable=True))
    converge(mysql_url, schema(t))
    with pytest.raises(Exception, match=r"(?i)constraint|json"):
        execute(mysql_url, "INSERT INTO docs VALUES (1, 'not json', NULL)")
    as_text = dataclasses.replace(t, columns=(t.columns[0], col("body", "text"), t.columns[2]))
    converge(mysql_url, schema(as_text), allow_destructive=True)
    converge(mysql_url, schema(t), allow_destructive=True)


def test_uuid_is_char36(mysql_url: str) -> None:
    converge(mysql_url, schema(table("tokens", col("id", "uuid"))))
    plan = converge(mysql_url, schema(table("tokens", col("id", "char(36)"))))
    assert plan.empty
    assert ColumnType("char", (36,)) == parse_type("char(36)")


def test_identity_primary_key_added_to_a_table_with_rows(mysql_url: str) -> None:
    converge(mysql_url, schema(table("legacy", col("name", "string(20)"), pk=None)))
    execute(mysql_url, "INSERT INTO legacy VALUES ('a'), ('b'), ('c')")
    plan = converge(mysql_url, schema(table("legacy", col("name", "string(20)"), ID(identity=True))))
    assert len(plan.statements) == 1  # ADD COLUMN ... AUTO_INCREMENT, ADD PRIMARY KEY in one ALTER
    assert [r[0] for r in query(mysql_url, "SELECT id FROM legacy ORDER BY id")] == [1, 2, 3]


def test_existing_column_becomes_identity_primary_key(mysql_url: str) -> None:
    converge(mysql_url, schema(table("codes", ID(), col("v", "string(5)"), pk=None)))
    execute(mysql_url, "INSERT INTO codes VALUES (7, 'x')")
    converge(mysql_url, schema(table("codes", ID(identity=True), col("v", "string(5)"))))
    execute(mysql_url, "INSERT INTO codes (v) VALUES ('y')")
    assert query(mysql_url, "SELECT id FROM codes ORDER BY id") == [(7,), (8,)]


def test_identity_kept_when_the_primary_key_changes(mysql_url: str) -> None:
    first = table("events", ID(identity=True), col("kind", "int"))
    converge(mysql_url, schema(first))
    converge(
        mysql_url, schema(dataclasses.replace(first, primary_key=PrimaryKey("pk_events", ("id", "kind"))))
    )


ORDERS_YAML = """
table: users
columns:
  id: {type: int, primary_key: true, identity: true}
  email: {type: string(200), unique: true}
---
table: orders
comment: Customer orders
columns:
  id: {type: bigint, primary_key: true, identity: true}
  user_id: {type: int, references: users.id, on_delete: cascade}
  total:
    type: decimal(18,2)
    default: 0
  status: {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  phone: {type: string(100), nullable: true, comment: "E.164"}
  notes: {type: text, nullable: true, sql_type: {postgres: citext, mysql: mediumtext}}
indexes:
  - columns: [user_id, created_at]
unique:
  - [user_id, phone]
"""


def test_entity_files_converge(mysql_url: str) -> None:
    from npa_schema.entities import load_text

    converge(mysql_url, load_text(ORDERS_YAML, "orders.yaml"))
    execute(mysql_url, "INSERT INTO users (email) VALUES ('a@x')", "INSERT INTO orders (user_id) VALUES (1)")
    assert query(mysql_url, "SELECT total, status FROM orders") == [(0, "new")]


def test_backslashes_and_quotes_in_literals_survive(mysql_url: str) -> None:
    t = table(
        "paths",
        ID(),
        col("dir", "string(50)", default=Default.literal("C:\\temp\\it's"), comment="a \\ and a '"),
        col("kind", "enum", values=("a\\b", "c")),
        comment="back\\slash",
    )
    converge(mysql_url, schema(t))
    execute(mysql_url, "INSERT INTO paths (id, kind) VALUES (1, 'c')")
    assert query(mysql_url, "SELECT dir FROM paths") == [("C:\\temp\\it's",)]
