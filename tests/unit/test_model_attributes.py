"""Every attribute of the model reaches every place that must handle it, derived from the dataclass
fields: adding a Column or Table field without teaching the rest of the house about it fails here,
loudly, with the place to change, instead of a plan that silently never converges.

Each sample below must exercise every field; a guard test says which one is missing."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from npa_schema import ops as o
from npa_schema.dialects import NAMES, get_dialect, rename_in_portable_expression
from npa_schema.differ import diff
from npa_schema.entities import dump_table, load_documents
from npa_schema.errors import PlanError
from npa_schema.migrations.builder import Operations
from npa_schema.migrations.codegen import column_call
from npa_schema.model import (
    TABLE_COLLECTIONS,
    Check,
    Column,
    Default,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    Unique,
    to_dict,
)
from npa_schema.ops import COLUMN_ATTRIBUTES
from npa_schema.plan import make_plan
from npa_schema.replay import apply_ops
from npa_schema.types import parse_type

INT, BIGINT = parse_type("int"), parse_type("bigint")

#: between them, every Column field set to something other than its default
SAMPLE_COLUMNS = (
    Column("id", BIGINT, identity=True, comment="the key", sql_types=(("postgres", "bigint"),)),
    Column(
        "note",
        parse_type("string(20)"),
        nullable=True,
        default=Default.literal("x"),
        comment="a note",
        sql_types=(("mysql", "varchar(20)"), ("postgres", "citext")),
        renamed_from="remark",
    ),
)


def _unset(field: dataclasses.Field, value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return value == field.default
    return field.default_factory is not dataclasses.MISSING and value == field.default_factory()


def test_the_sample_columns_set_every_column_field() -> None:
    for field in dataclasses.fields(Column):
        assert any(not _unset(field, getattr(c, field.name)) for c in SAMPLE_COLUMNS), (
            f"Column.{field.name} is new: give it a value in SAMPLE_COLUMNS (and in the samples of the "
            "tests below), then make each place these tests name handle it"
        )


def test_alter_column_changes_name_each_attribute() -> None:
    old = Column("v", INT)
    for attribute, new in _column_changes(old).items():
        assert o.AlterColumn("t", old, new).changes == (attribute,)


def test_entity_files_keep_every_column_attribute() -> None:
    """entities/dump.py writes and entities/build.py reads each attribute (``npa pull`` round trip)."""
    table = Table("t", SAMPLE_COLUMNS, PrimaryKey("pk_t", ("id",)))
    loaded = load_documents([dump_table(table)]).tables[0]
    assert loaded.columns == SAMPLE_COLUMNS
    assert [c.renamed_from for c in loaded.columns] == [c.renamed_from for c in SAMPLE_COLUMNS]


def test_migration_code_keeps_every_column_attribute() -> None:
    """migrations/codegen.py writes and the builder's ``op.column`` reads each attribute (renames are
    operations of their own there)."""
    for column in SAMPLE_COLUMNS:
        assert eval(column_call(column), {"op": Operations}) == column


# --- every dialect renders a change of every column attribute -----------------------------------------

BASE = Table("t", (Column("id", INT), Column("v", INT)), PrimaryKey("pk_t", ("id",)))
#: (dialect, attribute) → why the change is refused with a PlanError
REFUSED = {("mssql", "identity"): "SQL Server cannot add IDENTITY to an existing column"}


def _column_changes(column: Column) -> dict[str, Column]:
    """``column`` with one attribute changed, per attribute: a new attribute needs a line here."""
    changes = {
        "type": dataclasses.replace(column, type=BIGINT),
        "nullable": dataclasses.replace(column, nullable=not column.nullable),
        "default": dataclasses.replace(column, default=Default.literal(7)),
        "identity": dataclasses.replace(column, identity=not column.identity),
        "comment": dataclasses.replace(column, comment="changed"),
        "sql_types": dataclasses.replace(column, sql_types=tuple((d, "bigint") for d in NAMES)),
    }
    missing = set(COLUMN_ATTRIBUTES) - set(changes)
    assert not missing, f"give _column_changes a sample change of {sorted(missing)}"
    return changes


def changed_base(attribute: str) -> Schema:
    """BASE with one column attribute changed (identity on the key, everything else on ``v``)."""
    name = "id" if attribute == "identity" else "v"
    new = _column_changes(BASE.column(name))[attribute]  # type: ignore[arg-type]
    return Schema(
        (dataclasses.replace(BASE, columns=tuple(new if c.name == name else c for c in BASE.columns)),)
    )


@pytest.mark.parametrize("attribute", COLUMN_ATTRIBUTES)
@pytest.mark.parametrize("dialect_name", NAMES)
def test_every_dialect_renders_a_change_of_every_column_attribute(dialect_name: str, attribute: str) -> None:
    """A renderer that switches on ``AlterColumn.changes`` and meets one it does not know would
    render nothing: the plan would never converge. The live engines converge these same changes in
    tests/integration/test_column_attributes.py."""
    dialect = get_dialect(dialect_name)
    current = dialect.normalize(Schema((BASE,)))
    if (dialect_name, attribute) in REFUSED:
        with pytest.raises(PlanError):
            make_plan(changed_base(attribute), current, dialect, "(offline)")
        return
    plan = make_plan(changed_base(attribute), current, dialect, "(offline)")
    if attribute == "comment" and not dialect.capabilities.comments:
        assert plan.empty, "a dialect without comments normalises them away"
        return
    assert [op.kind for op in plan.ops] == ["alter_column"]
    assert plan.statements, f"{dialect_name} renders nothing for a change of {attribute}"


# --- the differ and the replay see every table field --------------------------------------------------


def _table_changes(table: Table) -> dict[str, Table]:
    """``table`` with one field changed, per compared Table field: a new field needs a line here."""
    extra = Column("w", INT, nullable=True)
    changes = {
        "name": dataclasses.replace(table, name="t2"),
        "columns": dataclasses.replace(table, columns=(*table.columns, extra)),
        "primary_key": dataclasses.replace(table, primary_key=PrimaryKey("pk_t", ("id", "v"))),
        "indexes": dataclasses.replace(table, indexes=(Index("ix_t_v", ("v",)),)),
        "uniques": dataclasses.replace(table, uniques=(Unique("uq_t_v", ("v",)),)),
        "foreign_keys": dataclasses.replace(
            table, foreign_keys=(ForeignKey("fk_t_v", ("v",), "t", ("id",)),)
        ),
        "checks": dataclasses.replace(table, checks=(Check("ck_t_v", "v > 0"),)),
        "comment": dataclasses.replace(table, comment="changed"),
    }
    compared = {f.name for f in dataclasses.fields(Table) if f.compare}
    assert set(changes) == compared, (
        f"give _table_changes a sample change of {sorted(compared - set(changes))}"
    )
    return changes


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Table) if f.compare])
def test_the_differ_sees_a_change_of_every_table_field(field: str) -> None:
    desired = Schema((_table_changes(BASE)[field],))
    assert diff(desired, Schema((BASE,)), rename_in_expression=rename_in_portable_expression).ops, (
        f"differ.py plans nothing when Table.{field} changes"
    )


def test_sorting_and_name_checks_cover_every_named_collection() -> None:
    """``TABLE_COLLECTIONS`` is derived; here it is checked against the fields that hold named objects."""
    named = {"indexes", "uniques", "foreign_keys", "checks"}
    assert set(TABLE_COLLECTIONS) >= named
    table = dataclasses.replace(
        BASE, **{c: tuple(reversed(getattr(_full_table(), c))) for c in TABLE_COLLECTIONS}
    )
    for collection in TABLE_COLLECTIONS:
        names = [x.name for x in getattr(Schema((table,)).sorted().tables[0], collection)]
        assert names == sorted(names), collection


def _full_table() -> Table:
    """A table in which every compared field names the column ``qty`` wherever it can."""
    table = Table(
        "t",
        (Column("id", INT), Column("qty", INT)),
        PrimaryKey("pk_t", ("id", "qty")),
        indexes=(Index("ix_t_b", ("qty",)), Index("ix_t_a", (), expressions=("qty + 1",), where="qty > 0")),
        uniques=(Unique("uq_t_b", ("qty",)), Unique("uq_t_a", ("id", "qty"))),
        foreign_keys=(
            ForeignKey("fk_t_b", ("qty",), "t", ("qty",)),
            ForeignKey("fk_t_a", ("id",), "t", ("id",)),
        ),
        checks=(Check("ck_t_b", "qty > 0"), Check("ck_t_a", "qty < 10 AND id > 0")),
        comment="a table",
    )
    for field in dataclasses.fields(Table):
        if field.compare:
            assert not _unset(field, getattr(table, field.name)), f"set Table.{field.name} in _full_table"
    return table


def test_a_column_rename_reaches_every_table_field() -> None:
    """replay.py renames the column wherever a table names it: keys, indexes (columns, expressions,
    predicate), uniques, foreign keys (both sides), checks."""
    renamed = apply_ops(
        Schema((_full_table(),)), [o.RenameColumn("t", "qty", "amount")], rename_in_portable_expression
    )
    leftovers = [text for text in _strings(to_dict(renamed)) if re.search(r"\bqty\b", text)]
    assert leftovers == []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
