"""SQL Server rendering without a server: every operation kind against a hand-reviewed golden file,
every statement parsed by sqlglot's T-SQL reader, and no other engine's syntax anywhere.

``NPA_UPDATE_GOLDEN=1`` rewrites tests/golden/mssql/*.sql; review each changed file by hand.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from npa_schema import ops as o
from npa_schema.dialects.mssql import DIALECT
from npa_schema.errors import PlanError
from npa_schema.model import (
    Check,
    Column,
    Default,
    Enum,
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
from npa_schema.plan import make_plan
from npa_schema.types import ColumnType, parse_type

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "mssql"
UPDATE = os.environ.get("NPA_UPDATE_GOLDEN") == "1"

#: other engines' words that must never reach T-SQL (checked on tokens, not substrings)
FORBIDDEN_WORDS = {"BOOLEAN", "JSONB", "SERIAL", "BIGSERIAL", "AUTO_INCREMENT", "AUTOINCREMENT"}

#: statement forms sqlglot's T-SQL parser does not know and keeps as a generic Command
UNPARSED_FORMS = ("ALTER TABLE", "ADD CONSTRAINT", " DEFAULT ", " FOR ")


def col(name: str, type_: str, **kw) -> Column:
    return Column(name, parse_type(type_, tuple(kw.pop("values", ()))), **kw)


def customers() -> Table:
    return Table(
        name="customers",
        columns=(
            col("id", "int", identity=True),
            col("email", "string(200)"),
            col("active", "bool", default=Default.literal(True)),
            col("created_at", "datetime", default=Default.sql("CURRENT_TIMESTAMP")),
            col("note", "text", nullable=True, comment="free text"),
            col("tier", "enum", values=("basic", "gold"), default=Default.literal("basic")),
        ),
        primary_key=PrimaryKey(pk_name("customers"), ("id",)),
        uniques=(Unique(unique_name("customers", ("email",)), ("email",)),),
        comment="People who buy",
    )


def orders() -> Table:
    check = "[total] >= 0"
    return Table(
        name="orders",
        columns=(
            col("id", "bigint", identity=True),
            col("customer_id", "int"),
            col("order", "int", comment="position in the day"),
            col("total", "decimal(18,2)", default=Default.literal(0)),
            col("status", "string(20)", default=Default.literal("new")),
            col("paid", "bool", default=Default.literal(False)),
            col("ref", "uuid", nullable=True),
        ),
        primary_key=PrimaryKey(pk_name("orders"), ("id",)),
        uniques=(Unique(unique_name("orders", ("customer_id", "order")), ("customer_id", "order")),),
        checks=(Check(check_name("orders", "", check), check),),
        foreign_keys=(
            ForeignKey(
                fk_name("orders", ("customer_id",), "customers"),
                ("customer_id",),
                "customers",
                ("id",),
                on_delete="cascade",
            ),
        ),
        indexes=(
            Index(index_name("orders", ("customer_id", "status")), ("customer_id", "status")),
            Index(
                "ix_orders_open",
                ("status",),
                where="[status] <> N'shipped'",
            ),
        ),
    )


def current() -> Schema:
    return DIALECT.normalize(Schema((customers(), orders())))


def table(name: str) -> Table:
    found = current().table(name)
    assert found is not None
    return found


def column(table_name: str, name: str) -> Column:
    found = table(table_name).column(name)
    assert found is not None
    return found


def representative_ops() -> dict[str, list[o.Op]]:
    """One or more ops per kind; several where the rendering has branches worth pinning."""
    ords = table("orders")
    status = column("orders", "status")
    total = column("orders", "total")
    new_col = DIALECT.normalize_column(col("shipped_at", "datetime_tz", nullable=True))
    with_default = DIALECT.normalize_column(col("priority", "smallint", default=Default.literal(3)))
    fk = ords.foreign_keys[0]
    check = ords.checks[0]
    return {
        "create_table": [
            o.CreateTable(table("customers")),
            o.CreateTable(dataclasses.replace(ords, indexes=())),
        ],
        "drop_table": [o.DropTable(ords)],
        "rename_table": [o.RenameTable("orders", "purchases")],
        "set_table_comment": [
            o.SetTableComment("orders", None, "Customers' orders"),
            o.SetTableComment("customers", "People who buy", "People who bought"),
            o.SetTableComment("customers", "People who buy", None),
        ],
        "add_column": [o.AddColumn("orders", new_col), o.AddColumn("orders", with_default)],
        "drop_column": [o.DropColumn("orders", status), o.DropColumn("orders", column("orders", "ref"))],
        "rename_column": [
            o.RenameColumn("orders", "status", "state"),
            o.RenameColumn("orders", "order", "position"),
        ],
        "alter_column": [
            # widen a type that has a default: drop, alter, re-add
            o.AlterColumn("orders", status, dataclasses.replace(status, type=ColumnType("string", (50,)))),
            # change only the default
            o.AlterColumn("orders", total, dataclasses.replace(total, default=Default("number", "1"))),
            # make nullable, drop the default
            o.AlterColumn("orders", total, dataclasses.replace(total, nullable=True, default=None)),
            # only the comment
            o.AlterColumn(
                "orders",
                column("orders", "order"),
                dataclasses.replace(column("orders", "order"), comment="slot"),
            ),
        ],
        "add_primary_key": [o.AddPrimaryKey("orders", ords.primary_key)],
        "drop_primary_key": [o.DropPrimaryKey("orders", ords.primary_key)],
        "create_index": [o.CreateIndex("orders", i) for i in ords.indexes]
        + [o.CreateIndex("orders", Index("ux_orders_ref", ("ref",), unique=True))],
        "drop_index": [o.DropIndex("orders", ords.indexes[0])],
        "add_unique": [o.AddUnique("orders", ords.uniques[0])],
        "drop_unique": [o.DropUnique("orders", ords.uniques[0])],
        "add_foreign_key": [o.AddForeignKey("orders", fk)],
        "drop_foreign_key": [o.DropForeignKey("orders", fk)],
        "add_check": [o.AddCheck("orders", check)],
        "drop_check": [o.DropCheck("orders", check)],
        "raw_sql": [o.RawSQL("UPDATE [orders] SET [paid] = 1 WHERE [total] = 0")],
    }


ENUM_KINDS = {"create_enum", "drop_enum", "add_enum_value"}


def test_every_op_kind_has_a_case() -> None:
    kinds = {cls.__name__ for cls in o.ALL_OPS}
    covered = {type(op).__name__ for ops in representative_ops().values() for op in ops}
    enums = {"CreateEnum", "DropEnum", "AddEnumValue"}
    assert kinds - enums == covered


def render(ops: list[o.Op]) -> list[str]:
    return [sql for step in DIALECT.render(ops, current()) for sql in step.sql]


def assert_tsql(sql: str) -> None:
    """Parses as T-SQL, and carries no other dialect's syntax."""
    parsed = sqlglot.parse_one(sql, read="tsql")
    if isinstance(parsed, exp.Command):
        # sqlglot keeps ALTER TABLE .. ADD CONSTRAINT .. DEFAULT .. FOR .. as a Command; nothing else may.
        assert all(part in sql for part in UNPARSED_FORMS), f"sqlglot could not parse: {sql}"
        sqlglot.parse_one(sql.split(" DEFAULT ", 1)[1].rsplit(" FOR ", 1)[0], read="tsql")
    for token in sqlglot.tokenize(sql, read="tsql"):
        assert token.text.upper() not in FORBIDDEN_WORDS, f"{token.text} in: {sql}"
        if token.token_type == TokenType.IDENTIFIER:
            # a quoted identifier must come from [brackets], never from "double quotes" or `backticks`
            start = sql[token.start]
            assert start == "[", f"identifier quoted with {start} in: {sql}"
    upper = sql.upper()
    assert "SET NOT NULL" not in upper and "DROP NOT NULL" not in upper, sql
    assert "`" not in sql.replace("''", ""), sql


@pytest.mark.parametrize("kind", sorted(representative_ops()))
def test_render_matches_golden(kind: str) -> None:
    statements = render(representative_ops()[kind])
    for sql in statements:
        assert_tsql(sql)
    text = ";\n".join(statements) + ";\n"
    path = GOLDEN / f"{kind}.sql"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with NPA_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "op",
    [
        o.CreateEnum(Enum("mood", ("ok", "sad"))),
        o.DropEnum(Enum("mood", ("ok", "sad"))),
        o.AddEnumValue("mood", "happy"),
    ],
    ids=lambda op: op.kind,
)
def test_enum_ops_are_refused_clearly(op: o.Op) -> None:
    with pytest.raises(PlanError, match="no enum types"):
        render([op])


def test_changing_identity_is_a_plan_error_with_a_rebuild_hint() -> None:
    old = column("orders", "customer_id")
    with pytest.raises(PlanError, match="IDENTITY") as info:
        render([o.AlterColumn("orders", old, dataclasses.replace(old, identity=True))])
    assert info.value.hint and "rebuild" in info.value.hint


def test_rename_then_alter_uses_the_renamed_default_constraint() -> None:
    status = column("orders", "status")
    renamed = dataclasses.replace(status, name="state")
    wider = dataclasses.replace(renamed, type=ColumnType("string", (40,)))
    statements = render(
        [
            o.RenameTable("orders", "purchases"),
            o.RenameColumn("purchases", "status", "state"),
            o.AlterColumn("purchases", renamed, wider),
        ]
    )
    script = "\n".join(statements)
    assert "@objname = N'[dbo].[df_orders_status]', @newname = N'df_purchases_status'" in script
    assert "@objname = N'[dbo].[df_purchases_status]', @newname = N'df_purchases_state'" in script
    assert "ALTER TABLE [purchases] DROP CONSTRAINT [df_purchases_state]" in statements


def test_offline_create_script_for_two_tables_parses_as_tsql() -> None:
    plan = make_plan(Schema((orders(), customers())), Schema(), DIALECT, "(offline)")
    statements = plan.statements
    assert statements[0].startswith("CREATE TABLE [customers]")
    assert any(s.startswith("CREATE TABLE [orders]") for s in statements)
    script = ";\n".join(statements) + ";\n"
    for sql in statements:
        assert_tsql(sql)
    assert len(sqlglot.parse(script, read="tsql")) == len(statements)
    assert "IDENTITY(1, 1)" in script and "ON DELETE CASCADE" in script and "[order]" in script
    assert "WHERE [status] <> N'shipped'" in script


@pytest.mark.parametrize(
    "sql",
    [
        'CREATE TABLE "t" ([a] INT)',
        "CREATE TABLE [t] ([a] BOOLEAN)",
        "ALTER TABLE [t] ALTER COLUMN [a] SET NOT NULL",
        "CREATE TABLE [t] ([a] INT AUTO_INCREMENT)",
    ],
)
def test_the_tsql_guard_rejects_other_dialects(sql: str) -> None:
    with pytest.raises((AssertionError, sqlglot.errors.ParseError)):
        assert_tsql(sql)


def test_awkward_names_and_text_stay_quoted() -> None:
    weird = Table("we]ird", (col("select", "string(10)", default=Default.literal("it's"), comment="a 'b'"),))
    statements = render([o.CreateTable(DIALECT.normalize(Schema((weird,))).tables[0])])
    for sql in statements:
        assert_tsql(sql)
    assert statements[0].startswith(
        "CREATE TABLE [we]]ird] ([select] NVARCHAR(10) CONSTRAINT [df_we]]ird_select]"
    )
    assert "DEFAULT N'it''s'" in statements[0]
    assert "@value = N'a ''b'''" in statements[1]
