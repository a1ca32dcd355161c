"""MySQL/MariaDB type and default mapping, without a server: the catalog spellings both engines use."""

from __future__ import annotations

import pytest

from npa_schema.dialects import get_dialect
from npa_schema.dialects.mysql.defaults import canonical_default, from_catalog
from npa_schema.dialects.mysql.types import from_native, native_for
from npa_schema.model import Default, Index, PrimaryKey, Schema, Table, Unique
from npa_schema.types import ColumnType, parse_type


@pytest.mark.parametrize(
    ("column_type", "portable"),
    [
        ("int(11)", "int"),
        ("int", "int"),
        ("bigint(20)", "bigint"),
        ("smallint(6)", "smallint"),
        ("tinyint(1)", "bool"),
        ("decimal(18,2)", "decimal(18,2)"),
        ("varchar(255)", "string(255)"),
        ("char(36)", "char(36)"),
        ("text", "text"),
        ("datetime", "datetime"),
        ("timestamp", "datetime_tz"),
        ("longblob", "binary"),
        ("json", "json"),
        ("float", "float"),
        ("double", "double"),
    ],
)
def test_column_type_reads_back_as_portable(column_type: str, portable: str) -> None:
    assert from_native(column_type) == parse_type(portable)


@pytest.mark.parametrize(
    ("column_type", "native"),
    [
        ("tinyint(4)", "tinyint"),
        ("int(10) unsigned", "int unsigned"),
        ("mediumtext", "mediumtext"),
        ("longtext", "longtext"),
        ("datetime(6)", "datetime(6)"),
        ("set('a','b')", "set('a','b')"),
        ("MEDIUMTEXT", "mediumtext"),
    ],
)
def test_unknown_column_types_are_native(column_type: str, native: str) -> None:
    assert from_native(column_type) == ColumnType("native", native=native)


def test_enum_values_round_trip() -> None:
    enum = ColumnType("enum", values=("a", "it's", "b,c"))
    assert from_native(native_for(enum).lower()) == enum
    assert from_native("enum('x','it''s')") == ColumnType("enum", values=("x", "it's"))


def test_mariadb_and_mysql_defaults_agree() -> None:
    text, number, flag = parse_type("string(20)"), parse_type("decimal(18,2)"), parse_type("bool")
    now = Default.sql("CURRENT_TIMESTAMP")
    assert (
        from_catalog("'new'", "", True, text)
        == from_catalog("new", "", False, text)
        == Default.literal("new")
    )
    assert from_catalog("NULL", "", True, text) is None
    assert from_catalog("0.00", "", True, number) == canonical_default(Default.literal(0), number)
    assert from_catalog("1", "", True, flag) == canonical_default(Default.literal(True), flag)
    assert from_catalog("current_timestamp()", "", True, parse_type("datetime")) == now
    assert from_catalog("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", False, parse_type("datetime")) == now
    assert canonical_default(Default.sql("now()"), parse_type("datetime")) == now
    assert from_catalog("uuid()", "", True, text) == canonical_default(Default.sql("UUID()"), text)


def test_normalize_names_primary_keys_and_classifies_uniques() -> None:
    t = Table(
        "t",
        (),
        primary_key=PrimaryKey("pk_t", ("id",)),
        uniques=(Unique("uq_t_a", ("a",)), Unique("custom", ("b",))),
        indexes=(Index("uq_t_c", ("c",), unique=True), Index("ux_t_d", ("d",), unique=True)),
    )
    out = get_dialect("mysql").normalize(Schema((t,))).tables[0]
    assert out.primary_key == PrimaryKey("PRIMARY", ("id",))
    assert {u.name for u in out.uniques} == {"uq_t_a", "uq_t_c"}
    assert {i.name for i in out.indexes} == {"custom", "ux_t_d"}


def test_missing_driver_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from npa_schema.dialects import connect
    from npa_schema.errors import DriverMissingError

    monkeypatch.setitem(sys.modules, "pymysql", None)
    with pytest.raises(DriverMissingError) as caught, connect("mysql://root:pw@127.0.0.1:3306/x"):
        pass
    assert "npa-schema[mysql]" in (caught.value.hint or "")


def test_offline_plan_renders_without_a_server() -> None:
    from npa_schema.declarative import plan_offline
    from npa_schema.model import Column, ForeignKey

    users = Table(
        "users", (Column("id", parse_type("bigint"), identity=True),), PrimaryKey("pk_users", ("id",))
    )
    posts = Table(
        "posts",
        (Column("id", parse_type("int")), Column("user_id", parse_type("bigint"), comment="author")),
        PrimaryKey("pk_posts", ("id",)),
        indexes=(Index("ix_posts_user_id", ("user_id",)),),
        foreign_keys=(ForeignKey("fk_posts_user_id_users", ("user_id",), "users", ("id",)),),
        comment="Posts",
    )
    plan = plan_offline(Schema((users, posts)), "mysql")
    assert plan.statements == [
        "CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`))",
        "CREATE TABLE `posts` (`id` INT NOT NULL, `user_id` BIGINT NOT NULL COMMENT 'author', PRIMARY KEY (`id`),"
        " CONSTRAINT `fk_posts_user_id_users` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)) COMMENT='Posts'",
        "CREATE INDEX `ix_posts_user_id` ON `posts`(`user_id`)",
    ]
