"""Model → entity files (npa pull): the files load back to exactly the same model."""

from __future__ import annotations

from pathlib import Path

import yaml

from npa_schema.entities import dump_schema_files, dump_table, load_documents, load_schema, load_text
from npa_schema.entities.dump import dump_yaml
from npa_schema.entities.toml_write import dump_toml
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
    unique_name,
)
from npa_schema.types import ColumnType

from .test_spec_load import ORDERS_YAML

SUGARY = """\
table: people
columns:
  id: {type: bigint, primary_key: true, identity: true}
  email: {type: string(200), unique: true, check: "email like '%@%'"}
  boss_id: {type: bigint, nullable: true, references: people.id, on_delete: set null}
  kind: {type: enum, values: [staff, guest], enum_name: person_kind, default: guest}
  active: {type: bool, default: true}
  ratio: {type: double, default: 0.25}
  born: {type: date, nullable: true, default: "2000-01-01", comment: "day of birth"}
  code: {type: char(3), default: "007"}
  notes: {type: text, nullable: true, sql_type: {postgres: citext}}
indexes:
  - {columns: [kind, active]}
  - {expressions: [lower(email)], unique: true}
  - {columns: [born], where: "born is not null"}
unique:
  - [kind, code]
  - [code]
checks:
  - "ratio >= 0"
  - {expression: "ratio <= 1", name: ck_ratio_max}
seed:
  - {id: 1, email: a@b.c, kind: staff, code: "001", active: false}
"""


def _round_trip(schema: Schema) -> None:
    assert load_documents([dump_table(t) for t in schema.tables]) == schema
    assert load_text("---\n".join(dump_yaml(dump_table(t)) for t in schema.tables), "x.yaml") == schema
    if all(fk.ref_table == t.name for t in schema.tables for fk in t.foreign_keys):
        for t in schema.tables:
            assert load_text(dump_toml(dump_table(t), "s.json"), "x.toml").tables[0] == t


def test_loader_schemas_round_trip_exactly() -> None:
    _round_trip(load_text(ORDERS_YAML))
    _round_trip(load_text(SUGARY))


def test_sugar_is_used_where_names_are_generated() -> None:
    entity = dump_table(load_text(SUGARY).tables[0])
    cols = entity["columns"]
    assert cols["id"] == {"type": "bigint", "primary_key": True, "identity": True}
    assert cols["boss_id"]["references"] == "people.id" and cols["boss_id"]["on_delete"] == "set null"
    assert cols["email"]["unique"] is True and cols["email"]["check"] == "email like '%@%'"
    assert cols["kind"] == {
        "type": "enum",
        "values": ["staff", "guest"],
        "enum_name": "person_kind",
        "default": "guest",
    }
    assert entity["unique"] == [["kind", "code"], ["code"]]  # [code] stays at table level: order must survive
    assert entity["checks"] == ["ratio >= 0", {"expression": "ratio <= 1", "name": "ck_ratio_max"}]
    assert all("name" not in ix for ix in entity["indexes"])
    assert list(entity) == ["table", "columns", "indexes", "unique", "checks", "seed"]


def test_explicit_names_and_odd_orders_round_trip() -> None:
    t = Table(
        "acct",
        (
            Column("id", ColumnType("int")),
            Column("b", ColumnType("string", (10,)), nullable=True, default=Default("string", "x'y")),
            Column("c", ColumnType("int"), default=Default("number", "-3")),
        ),
        primary_key=PrimaryKey("acct_pkey", ("id",)),
        indexes=(Index("by_b", ("b", "c")), Index("ix_acct_c", ("c",), unique=True)),
        uniques=(Unique("acct_b_key", ("b",)), Unique(unique_name("acct", ("c",)), ("c",))),
        foreign_keys=(ForeignKey("acct_c_fkey", ("c",), "acct", ("id",), "cascade", "restrict"),),
        checks=(Check("acct_c_check", "c > -10"), Check(check_name("acct", "b", "b <> ''"), "b <> ''")),
        comment="accounts",
    )
    schema = Schema((t,))
    _round_trip(schema)
    entity = dump_table(t)
    assert entity["primary_key"] == {"columns": ["id"], "name": "acct_pkey"}
    assert entity["foreign_keys"][0]["name"] == "acct_c_fkey"


def test_composite_primary_key_is_written_at_table_level() -> None:
    schema = load_text(
        "table: m\ncolumns:\n  a: {type: int, primary_key: true}\n  b: {type: int, primary_key: true}\n"
    )
    assert dump_table(schema.tables[0])["primary_key"] == ["a", "b"]
    _round_trip(schema)


def test_native_types_become_text_with_a_sql_type() -> None:
    t = Table(
        "geo", (Column("id", ColumnType("int")), Column("shape", ColumnType("native", native="geometry")))
    )
    spec = dump_table(t, dialect="postgres")["columns"]["shape"]
    assert spec == {"type": "text", "sql_type": {"postgres": "geometry"}}
    loaded = load_documents([dump_table(t, dialect="postgres")]).tables[0]
    assert loaded.column("shape").sql_types == (("postgres", "geometry"),)


def test_defaults_are_coerced_to_what_the_column_type_accepts() -> None:
    t = Table(
        "d",
        (
            Column("s", ColumnType("string", (5,)), default=Default("number", "5")),
            Column("n", ColumnType("int"), default=Default("string", "7")),
            Column("f", ColumnType("bool"), default=Default("number", "1")),
        ),
    )
    back = load_documents([dump_table(t)]).tables[0]
    assert [c.default for c in back.columns] == [
        Default("string", "5"),
        Default("number", "7"),
        Default("bool", "true"),
    ]


def test_files_are_readable_yaml_and_load_back(tmp_path: Path) -> None:
    schema = load_text(ORDERS_YAML + "---\n" + SUGARY)
    paths = dump_schema_files(schema, tmp_path / "out")
    assert [p.name for p in paths] == ["orders.yaml", "users.yaml", "people.yaml"]
    text = paths[0].read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/entity.schema.json\n")
    assert "!!" not in text and "  id: {type: bigint, primary_key: true, identity: true}\n" in text
    assert "- {columns: [user_id, created_at]}" in text
    assert yaml.safe_load(text)["table"] == "orders"
    assert load_schema(tmp_path / "out").schema == Schema(tuple(sorted(schema.tables, key=lambda t: t.name)))


def test_toml_files_load_back(tmp_path: Path) -> None:
    schema = load_text(ORDERS_YAML + "---\n" + SUGARY)
    paths = dump_schema_files(schema, tmp_path, fmt="toml")
    assert paths[0].read_text().startswith("#:schema ")
    assert load_schema(tmp_path).schema == Schema(tuple(sorted(schema.tables, key=lambda t: t.name)))
