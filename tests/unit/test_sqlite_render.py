"""SQLite types, canonical defaults and the grouping of ops into native steps and rebuilds (no database)."""

from __future__ import annotations

import pytest

from npa_schema import ops as o
from npa_schema.dialects import get_dialect
from npa_schema.dialects.sqlite.canonical import canonical_default, default_from_sql
from npa_schema.dialects.sqlite.render import SqliteRenderer
from npa_schema.dialects.sqlite.types import NATIVE, native_text, portable_type
from npa_schema.model import Check, Column, Default, ForeignKey, Index, PrimaryKey, Schema, Table
from npa_schema.types import PORTABLE_TYPES, ColumnType, parse_type

DIALECT = get_dialect("sqlite")


@pytest.mark.parametrize("name", sorted(set(PORTABLE_TYPES) - {"enum"}))
def test_every_portable_type_maps_back_exactly(name: str) -> None:
    column_type = parse_type(name)
    assert portable_type(native_text(column_type)) == column_type


def test_declared_types_are_distinct_and_overrides_canonicalise() -> None:
    assert len({v for k, v in NATIVE.items() if k != "enum"}) == len(NATIVE) - 1
    assert portable_type("varchar( 30 )") == ColumnType("string", (30,))
    assert portable_type("numeric(10)") == ColumnType("decimal", (10, 0))
    assert portable_type("unsigned  big int") == ColumnType("native", native="UNSIGNED BIG INT")


def test_defaults_read_back_as_written() -> None:
    assert default_from_sql("'a''b'") == Default("string", "a'b")
    assert default_from_sql("-1") == Default("number", "-1")
    assert default_from_sql("1.50") == Default("number", "1.5")
    assert default_from_sql("TRUE") == Default("bool", "true")
    assert default_from_sql("1", bool_column=True) == Default("bool", "true")
    assert default_from_sql("NULL") is None
    assert default_from_sql("CURRENT_TIMESTAMP") == Default("sql", "CURRENT_TIMESTAMP")
    assert canonical_default(Default.sql("datetime('now')")) == default_from_sql("DATETIME('now')")
    assert canonical_default(Default.sql("'x'")) == Default("string", "x")


def test_normalize_drops_comments_and_turns_enums_into_checks() -> None:
    table = Table(
        "t",
        (
            Column("id", parse_type("bigint"), identity=True, nullable=True),
            Column("s", parse_type("enum", ("a", "b")), comment="c"),
        ),
        PrimaryKey("pk_t", ("id",)),
        comment="x",
    )
    got = DIALECT.normalize(Schema((table,))).tables[0]
    assert got.comment is None and got.columns[1].comment is None
    assert got.columns[0] == Column("id", ColumnType("int"), identity=True)
    assert got.columns[1].type == ColumnType("text")
    assert [c.expression for c in got.checks] == ["\"s\" IN ('a', 'b')"]


def test_check_reports_identity_off_the_primary_key() -> None:
    table = Table(
        "t",
        (Column("a", parse_type("int")), Column("b", parse_type("int"), identity=True)),
        PrimaryKey("pk_t", ("a",)),
    )
    assert [p.field for p in DIALECT.check(Schema((table,)))] == ["columns.b.identity"]


T = Table(
    "t", (Column("id", parse_type("int")), Column("v", parse_type("text"))), PrimaryKey("pk_t", ("id",))
)


def test_all_rebuild_ops_on_a_table_share_one_step() -> None:
    ops = [
        o.DropCheck("t", Check("ck_old", "v <> ''")),
        o.AddColumn("t", Column("n", parse_type("int"), nullable=True)),
        o.AlterColumn("t", T.columns[1], Column("v", parse_type("text"), nullable=True)),
        o.AddCheck("t", Check("ck_new", "length(v) < 9")),
        o.CreateIndex("t", Index("ix_t_v", ("v",))),
    ]
    current = Schema((Table(T.name, T.columns, T.primary_key, checks=(Check("ck_old", "v <> ''"),)),))
    steps = DIALECT.render(ops, current)
    assert len(steps) == 1 and steps[0].ops == tuple(ops)
    assert steps[0].sql == (
        'CREATE TABLE "_npa_new_t" ("id" INTEGER NOT NULL, "v" TEXT, "n" INTEGER, '
        'CONSTRAINT "pk_t" PRIMARY KEY ("id"), CONSTRAINT "ck_new" CHECK (LENGTH(v) < 9))',
        'INSERT INTO "_npa_new_t" ("id", "v") SELECT "id", "v" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "_npa_new_t" RENAME TO "t"',
        'CREATE INDEX "ix_t_v" ON "t"("v")',
    )


def test_native_ops_stay_native() -> None:
    ops = [
        o.RenameColumn("t", "v", "w"),
        o.AddColumn("t", Column("n", parse_type("int"), default=Default.literal(0))),
        o.CreateIndex("t", Index("ix_t_w", ("w",), where="w <> ''")),
        o.DropIndex("t", Index("ix_gone", ("id",))),
    ]
    assert [s.sql for s in DIALECT.render(ops, Schema((T,)))] == [
        ('ALTER TABLE "t" RENAME COLUMN "v" TO "w"',),
        ('ALTER TABLE "t" ADD COLUMN "n" INTEGER DEFAULT 0 NOT NULL',),
        ('CREATE INDEX "ix_t_w" ON "t"("w") WHERE w <> \'\'',),
        ('DROP INDEX "ix_gone"',),
    ]


def test_created_cycle_is_created_whole_and_dropped_cycle_just_dropped() -> None:
    a = Table(
        "a", (Column("id", parse_type("int")), Column("b_id", parse_type("int"))), PrimaryKey("pk_a", ("id",))
    )
    fk = ForeignKey("fk_a_b_id_b", ("b_id",), "b", ("id",))
    b = Table("b", (Column("id", parse_type("int")),), PrimaryKey("pk_b", ("id",)))
    create = [o.CreateTable(a), o.CreateTable(b), o.AddForeignKey("a", fk)]
    steps = DIALECT.render(create, Schema())
    assert [len(s.ops) for s in steps] == [2, 1]
    assert 'REFERENCES "b"' in steps[0].sql[0]
    a_full = Table(a.name, a.columns, a.primary_key, foreign_keys=(fk,))
    drop = [o.DropForeignKey("a", fk), o.DropTable(b), o.DropTable(a_full)]
    steps = DIALECT.render(drop, Schema((a_full, b)))
    assert [s.sql for s in steps] == [('DROP TABLE "b"',), ('DROP TABLE "a"',)]
    assert sum(len(s.ops) for s in steps) == 3


def test_generator_keeps_decimal_and_parenthesises_expression_defaults() -> None:
    renderer = SqliteRenderer(DIALECT.rename_in_expression)
    assert renderer.sql(renderer.parse_expr("CAST(x AS DECIMAL(10, 2))")) == "CAST(x AS DECIMAL(10, 2))"
    column = Column("d", parse_type("date"), default=Default.sql("date('now')"))
    assert renderer.sql(renderer.column_def(column)) == "\"d\" DATE DEFAULT (DATE('now')) NOT NULL"
