"""Entity files → model: the DESIGN §3 example in YAML and TOML, the file shapes, and locate()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from npa_schema.entities import load_documents, load_schema, load_text
from npa_schema.errors import SpecErrors
from npa_schema.model import Default, check_name, index_name
from npa_schema.types import ColumnType

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "npa_schema" / "schemas"

ORDERS_YAML = """\
# yaml-language-server: $schema=../schemas/entity.schema.json
table: orders
comment: Customer orders
columns:
  id:          {type: bigint, primary_key: true, identity: true}
  user_id:     {type: int, references: users.id, on_delete: CASCADE}
  external_ref: {type: string(40), nullable: true}
  total:       {type: decimal(18,2), default: 0}
  status:      {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  created_at:  {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  phone:       {type: string(100), nullable: true, renamed_from: phone_number}
  notes:       {type: text, sql_type: {postgres: citext, mysql: longtext}}
indexes:
  - columns: [user_id, created_at]
  - {columns: [status], where: "status <> 'shipped'", name: ix_orders_open}
unique:
  - [user_id, external_ref]
seed:
  - {id: 1, user_id: 1, total: 10.5, status: paid}
---
table: users
columns:
  id: {type: int, primary_key: true}
  email: {type: string(255), unique: true}
"""

ORDERS_TOML = """\
[[entities]]
table = "orders"
comment = "Customer orders"
indexes = [
  {columns = ["user_id", "created_at"]},
  {columns = ["status"], where = "status <> 'shipped'", name = "ix_orders_open"},
]
unique = [["user_id", "external_ref"]]
seed = [{id = 1, user_id = 1, total = 10.5, status = "paid"}]

[entities.columns]
id = {type = "bigint", primary_key = true, identity = true}
user_id = {type = "int", references = "users.id", on_delete = "CASCADE"}
external_ref = {type = "string(40)", nullable = true}
total = {type = "decimal(18,2)", default = 0}
status = {type = "string(20)", default = "new", check = "status in ('new', 'paid', 'shipped')"}
created_at = {type = "datetime", default = {sql = "CURRENT_TIMESTAMP"}}
phone = {type = "string(100)", nullable = true, renamed_from = "phone_number"}
notes = {type = "text", sql_type = {postgres = "citext", mysql = "longtext"}}

[[entities]]
table = "users"

[entities.columns.id]
type = "int"
primary_key = true

[entities.columns.email]
type = "string(255)"
unique = true
"""


@pytest.fixture(params=["yaml", "toml"])
def example(request: pytest.FixtureRequest):
    if request.param == "yaml":
        return load_text(ORDERS_YAML, "orders.yaml")
    return load_text(ORDERS_TOML, "orders.toml")


def test_design_example_loads_to_the_expected_model(example) -> None:
    orders, _users = example.tables
    assert [t.name for t in example.tables] == ["orders", "users"]
    assert orders.comment == "Customer orders"
    assert orders.column_names == (
        "id",
        "user_id",
        "external_ref",
        "total",
        "status",
        "created_at",
        "phone",
        "notes",
    )
    assert orders.primary_key.name == "pk_orders" and orders.primary_key.columns == ("id",)
    id_col = orders.column("id")
    assert id_col.identity and not id_col.nullable and id_col.type == ColumnType("bigint")
    assert orders.column("total").type == ColumnType("decimal", (18, 2))
    assert orders.column("total").default == Default("number", "0")
    assert orders.column("status").default == Default("string", "new")
    assert orders.column("created_at").default == Default("sql", "CURRENT_TIMESTAMP")
    assert orders.column("phone").nullable and orders.column("phone").renamed_from == "phone_number"
    assert not orders.column("user_id").nullable  # nullable defaults to false
    assert orders.column("notes").sql_types == (("mysql", "longtext"), ("postgres", "citext"))


def test_design_example_sugar_becomes_named_constraints(example) -> None:
    orders, users = example.tables
    (fk,) = orders.foreign_keys
    assert (fk.name, fk.columns, fk.ref_table, fk.ref_columns) == (
        "fk_orders_user_id_users",
        ("user_id",),
        "users",
        ("id",),
    )
    assert fk.on_delete == "cascade" and fk.on_update == "no action"
    (check,) = orders.checks
    assert check.name == check_name("orders", "status", "status in ('new', 'paid', 'shipped')")
    assert check.name.startswith("ck_orders_status_")
    assert [i.name for i in orders.indexes] == ["ix_orders_user_id_created_at", "ix_orders_open"]
    assert orders.indexes[1].where == "status <> 'shipped'"
    assert [(u.name, u.columns) for u in orders.uniques] == [
        ("uq_orders_user_id_external_ref", ("user_id", "external_ref"))
    ]
    assert [(u.name, u.columns) for u in users.uniques] == [("uq_users_email", ("email",))]
    assert orders.seed == ((("id", 1), ("user_id", 1), ("total", 10.5), ("status", "paid")),)


def test_yaml_and_toml_give_the_same_model() -> None:
    assert load_text(ORDERS_YAML, "a.yaml") == load_text(ORDERS_TOML, "a.toml")


def test_composite_keys_and_explicit_names() -> None:
    schema = load_documents(
        [
            {
                "table": "line",
                "columns": {
                    "order_id": {"type": "int", "primary_key": True},
                    "no": {"type": "smallint", "primary_key": True},
                    "sku": "string(20)",
                    "email": "text",
                },
                "indexes": [
                    {"expressions": ["lower(email)"], "unique": True},
                    {"columns": ["sku"], "where": "sku is not null"},
                ],
                "unique": [{"columns": ["sku", "no"], "name": "uq_custom"}],
                "checks": ["no > 0", {"expression": "sku <> ''", "name": "ck_sku"}],
                "foreign_keys": [
                    {
                        "columns": ["order_id", "no"],
                        "references": {"table": "line", "columns": ["order_id", "no"]},
                        "on_update": "set  null",
                        "name": "fk_self",
                    }
                ],
            }
        ]
    )
    (t,) = schema.tables
    assert t.primary_key.columns == ("order_id", "no") and t.primary_key.name == "pk_line"
    assert t.indexes[0].name == index_name("line", (), True, extra="lower(email)")
    assert t.indexes[1].name == index_name("line", ("sku",), False, extra="WHERE sku is not null")
    assert t.indexes[0].name != t.indexes[1].name
    assert [u.name for u in t.uniques] == ["uq_custom"]
    assert [c.name for c in t.checks] == [check_name("line", "", "no > 0"), "ck_sku"]
    assert t.foreign_keys[0].on_update == "set null" and t.foreign_keys[0].name == "fk_self"


def test_enum_column_keeps_values_and_engine_name() -> None:
    schema = load_text(
        "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n"
        "  status: {type: enum, values: [new, paid], enum_name: order_status, default: new}\n"
    )
    assert schema.tables[0].column("status").type == ColumnType(
        "enum", values=("new", "paid"), enum_name="order_status"
    )


def test_yaml_reads_yes_no_and_dates_as_text() -> None:
    schema = load_text(
        "table: t\ncolumns:\n  id: {type: int, primary_key: true}\n  answer: {type: string(3), default: no}\n"
        "  day: {type: date, default: 2024-01-31}\n"
    )
    t = schema.tables[0]
    assert t.column("answer").default == Default("string", "no")
    assert t.column("day").default == Default("string", "2024-01-31")


def test_keywords_are_valid_names() -> None:
    schema = load_text("table: order\ncolumns:\n  user: {type: int, primary_key: true}\n  select: text\n")
    assert schema.tables[0].name == "order"


def test_schema_dir_loads_files_recursively_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "users.yml").write_text(
        "table: users\ncolumns:\n  id: {type: int, primary_key: true}\n"
    )
    (tmp_path / "a.toml").write_text('table = "accounts"\n[columns]\nid = "int"\n')
    (tmp_path / ".hidden.yaml").write_text("not: [valid")
    (tmp_path / "readme.md").write_text("ignored")
    loaded = load_schema(tmp_path)
    assert [t.name for t in loaded.schema.tables] == ["accounts", "users"]
    assert loaded.locate("users") == (str(tmp_path / "b" / "users.yml"), 1)


def test_locate_points_at_fields_and_translates_model_paths(tmp_path: Path) -> None:
    (tmp_path / "orders.yaml").write_text(ORDERS_YAML)
    loaded = load_schema(tmp_path)
    file = str(tmp_path / "orders.yaml")
    assert loaded.locate("orders") == (file, 2)
    assert loaded.locate("orders", "columns.total") == (file, 8)
    assert loaded.locate("orders", "indexes.1.where") == (file, 15)
    assert loaded.locate("orders", "checks.0") == (file, 9)  # the column-level check on status
    assert loaded.locate("orders", "uniques.0") == (file, 17)
    assert loaded.locate("users", "uniques.0") == (file, 24)
    assert loaded.locate("orders", "columns.nope") == (file, 4)


def test_locate_turns_a_dialect_problem_into_a_spec_error(tmp_path: Path) -> None:
    from npa_schema.dialects.base import Problem

    (tmp_path / "orders.yaml").write_text(ORDERS_YAML)
    error = load_schema(tmp_path).error(
        Problem("orders", "indexes.1.where", "partial indexes are not supported", "drop where")
    )
    assert (error.line, error.hint) == (15, "drop where")
    assert error.message.startswith(f"{tmp_path / 'orders.yaml'}:15: partial indexes")


def test_missing_or_empty_schema_dir_is_a_spec_error(tmp_path: Path) -> None:
    for target in (tmp_path / "nope", tmp_path):
        with pytest.raises(SpecErrors) as info:
            load_schema(target)
        assert "npa init" in (info.value.hint or "")


def test_all_errors_of_a_pass_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("table: a\ncolumns:\n  id: {type: intt}\n  b: {type: strin}\n")
    (tmp_path / "b.yaml").write_text("table: b\ncolumns: {id: {type: int, default: x}}\n")
    with pytest.raises(SpecErrors) as info:
        load_schema(tmp_path)
    assert [(Path(e.file).name, e.line) for e in info.value.errors] == [
        ("a.yaml", 3),
        ("a.yaml", 4),
        ("b.yaml", 2),
    ]


def test_the_top_level_schemas_are_copies_of_the_shipped_ones() -> None:
    """The package's schemas are the source of truth (the loader validates against them); the
    top-level folder keeps a copy for editors, links and the examples, and must match it exactly."""
    shipped = {p.name: p for p in SHIPPED.glob("*.json")}
    copies = {p.name: p for p in (ROOT / "schemas").glob("*.json")}
    assert sorted(copies) == sorted(shipped), "schemas/ must hold exactly the files of npa_schema/schemas/"
    for name, path in shipped.items():
        assert copies[name].read_bytes() == path.read_bytes(), f"run: cp npa_schema/schemas/{name} schemas/"


def test_json_schemas_are_valid_draft_2020_12_with_descriptions() -> None:
    from jsonschema import Draft202012Validator

    for path in SHIPPED.glob("*.json"):
        name = path.stem
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        assert schema["$id"] and schema["title"] and schema["description"]
        missing = [
            path for path, node in _properties(schema) if "description" not in node and "$ref" not in node
        ]
        assert not missing, f"{name}: properties without a description: {missing}"


def _properties(node, path=""):
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{path}/{i}")


def test_config_schema_accepts_a_typical_npa_toml() -> None:
    from jsonschema import Draft202012Validator

    from npa_schema.entities.parse import tomllib

    schema = json.loads((SHIPPED / "config.schema.json").read_text())
    config = tomllib.loads(
        'schema_dir = "schema"\nmigrations_dir = "migrations"\ndefault_environment = "dev"\nlock_timeout = 10\n'
        'seeds = ["base"]\n[environments.dev]\nurl = "sqlite:///dev.db"\n'
        '[environments.prod]\nurl = "${DATABASE_URL}"\nseeds = ["base", "prod"]\n'
    )
    assert list(Draft202012Validator(schema).iter_errors(config)) == []
    assert list(Draft202012Validator(schema).iter_errors({"schema_dri": "x"}))


def test_load_documents_accepts_wrappers_and_parsed_dates() -> None:
    import datetime

    schema = load_documents(
        [
            {
                "entities": [
                    {
                        "table": "t",
                        "columns": {
                            "id": {"type": "int", "primary_key": True},
                            "d": {"type": "date", "default": datetime.date(2024, 1, 31)},
                        },
                    }
                ]
            }
        ]
    )
    assert schema.tables[0].column("d").default == Default("string", "2024-01-31")


def test_sql_type_overrides_are_accepted_for_exactly_the_registered_dialects() -> None:
    from npa_schema.dialects import NAMES

    schema = json.loads((SHIPPED / "entity.schema.json").read_text())
    properties = schema["$defs"]["column"]["properties"]["sql_type"]["properties"]
    assert sorted(properties) == sorted(NAMES), "entity.schema.json: sql_type lists one key per dialect"


def test_pull_writes_every_column_property_of_the_schema_in_a_known_order() -> None:
    from npa_schema.entities.dump import _COLUMN_KEYS

    schema = json.loads((SHIPPED / "entity.schema.json").read_text())
    assert sorted(_COLUMN_KEYS) == sorted(schema["$defs"]["column"]["properties"])
