"""PostgreSQL: keys, indexes and constraints are created, added and dropped, and converge."""

from __future__ import annotations

import dataclasses

import pytest

from npa_schema.dialects import connect
from npa_schema.model import (
    Check,
    Column,
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
from npa_schema.types import parse_type
from tests.support import converge, execute, query

pytestmark = pytest.mark.postgres


def col(name: str, type_text: str = "int", **kw) -> Column:
    return Column(name, parse_type(type_text), **kw)


def table(name: str, *columns: Column, pk: tuple[str, ...] | None = ("id",), **kw) -> Table:
    return Table(name, columns, PrimaryKey(pk_name(name), pk) if pk else None, **kw)


def fk(table_name: str, columns: tuple[str, ...], ref: str, ref_columns=("id",), **kw) -> ForeignKey:
    return ForeignKey(fk_name(table_name, columns, ref), columns, ref, tuple(ref_columns), **kw)


def introspected(url: str) -> Schema:
    with connect(url) as (dialect, session):
        return dialect.introspect(session)


def orders(**kw) -> Table:
    return table(
        "orders",
        col("id"),
        col("user_id"),
        col("status", "string(20)"),
        col("email", "string(100)"),
        col("created", "datetime"),
        **kw,
    )


def test_check_unique_and_indexes_converge(pg_url: str) -> None:
    expression = "status in ('new', 'paid', 'shipped')"
    desired = Schema(
        (
            orders(
                checks=(Check(check_name("orders", "status", expression), expression),),
                uniques=(Unique(unique_name("orders", ("user_id", "email")), ("user_id", "email")),),
                indexes=(
                    Index(index_name("orders", ("user_id", "created")), ("user_id", "created")),
                    Index("ix_orders_open", ("status",), where="status <> 'shipped'"),
                    Index(
                        index_name("orders", (), unique=True, extra="lower(email)"),
                        unique=True,
                        expressions=("lower(email)",),
                    ),
                ),
            ),
        )
    )
    converge(pg_url, desired)
    current = introspected(pg_url).tables[0]
    by_name = {i.name: i for i in current.indexes}
    assert by_name["ix_orders_open"].where == "status::text <> 'shipped'::text"
    assert by_name["ix_orders_user_id_created"].columns == ("user_id", "created")
    (expr_index,) = [i for i in current.indexes if i.unique]
    assert expr_index.expressions == ("lower(email::text)",) and expr_index.columns == ()
    assert current.checks[0].expression.startswith("status::text = ANY (ARRAY[")
    with pytest.raises(Exception, match="violates check constraint"):
        execute(pg_url, "INSERT INTO orders VALUES (1, 1, 'lost', 'a', now())")


def test_foreign_keys_cascade_cycle_and_self_reference_converge(pg_url: str) -> None:
    users = table(
        "users",
        col("id"),
        col("manager_id", nullable=True),
        col("team_id", nullable=True),
        foreign_keys=(
            fk("users", ("manager_id",), "users", on_delete="set null"),
            fk("users", ("team_id",), "teams"),
        ),
    )
    teams = table(
        "teams", col("id"), col("lead_id", nullable=True), foreign_keys=(fk("teams", ("lead_id",), "users"),)
    )
    posts = table(
        "posts",
        col("id"),
        col("user_id"),
        foreign_keys=(fk("posts", ("user_id",), "users", on_delete="cascade", on_update="cascade"),),
    )
    desired = Schema((posts, teams, users))
    plan = converge(pg_url, desired)
    assert any(op.kind == "add_foreign_key" for op in plan.ops), "the cycle is closed after both tables exist"
    current = {t.name: t for t in introspected(pg_url).tables}
    assert current["posts"].foreign_keys[0].on_delete == "cascade"
    assert current["users"].foreign_keys[0].on_delete == "set null"
    execute(
        pg_url,
        "INSERT INTO users (id) VALUES (1)",
        "INSERT INTO users (id, manager_id) VALUES (2, 1)",
        "INSERT INTO posts VALUES (10, 1), (11, 2)",
        "DELETE FROM users WHERE id = 1",
    )
    assert query(pg_url, "SELECT id, manager_id FROM users") == [(2, None)]
    assert query(pg_url, "SELECT id FROM posts") == [(11,)]
    converge(pg_url, Schema(), allow_destructive=True)
    assert introspected(pg_url) == Schema()


def test_add_and_drop_primary_key_unique_check_and_foreign_key(pg_url: str) -> None:
    parent = table("parent", col("id"))
    bare = table("child", col("id"), col("parent_id"), col("code", "string(10)"), pk=None)
    converge(pg_url, Schema((parent, bare)))
    execute(pg_url, "INSERT INTO parent VALUES (1)", "INSERT INTO child VALUES (1, 1, 'a'), (2, 1, 'b')")
    expression = "length(code) > 0"
    full = dataclasses.replace(
        bare,
        primary_key=PrimaryKey(pk_name("child"), ("id",)),
        uniques=(Unique(unique_name("child", ("code",)), ("code",)),),
        checks=(Check(check_name("child", "", expression), expression),),
        foreign_keys=(fk("child", ("parent_id",), "parent"),),
    )
    plan = converge(pg_url, Schema((parent, full)))
    assert sorted(op.kind for op in plan.ops) == [
        "add_check",
        "add_foreign_key",
        "add_primary_key",
        "add_unique",
    ]
    plan = converge(pg_url, Schema((parent, bare)))
    assert sorted(op.kind for op in plan.ops) == [
        "drop_check",
        "drop_foreign_key",
        "drop_primary_key",
        "drop_unique",
    ]
    assert query(pg_url, "SELECT count(*) FROM child") == [(2,)]


def test_changed_check_is_replaced(pg_url: str) -> None:
    def with_check(expression: str) -> Schema:
        check = Check(check_name("t", "n", expression), expression)
        return Schema((table("t", col("id"), col("n"), checks=(check,)),))

    converge(pg_url, with_check("n > 0"))
    plan = converge(pg_url, with_check("n >= 0"))
    assert [op.kind for op in plan.ops] == ["drop_check", "add_check"]
