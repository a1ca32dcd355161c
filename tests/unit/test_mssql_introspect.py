"""SQL Server introspection, row → model. There is no server here, so these tests feed the pure
functions tuples shaped exactly like the catalog queries' result columns (see the column lists in
npa_schema/dialects/mssql/introspect.py). That is not mocking a database: it checks how catalog rows
are normalised, and that ``normalize()`` of a desired schema equals what those rows describe. The rows
were derived by hand from tests/golden/mssql/create_table.sql and the offline create script, spelled
the way SQL Server stores them (``((0))``, ``(N'new')``, ``(getdate())``, nvarchar lengths in bytes).
"""

from __future__ import annotations

import dataclasses

from npa_schema.dialects.mssql import DIALECT
from npa_schema.dialects.mssql.introspect import (
    QUERIES,
    build_schema,
    column_from_row,
    foreign_keys_from_rows,
    indexes_from_rows,
)
from npa_schema.model import Default, ForeignKey, Index, PrimaryKey, Schema, Unique
from npa_schema.types import ColumnType
from tests.unit.test_mssql_render import customers, orders

TABLES = [(101, "customers", "People who buy"), (102, "orders", None), (103, "npa_migrations_history", None)]
COLUMNS = [
    (101, 1, "id", "int", 4, 10, 0, False, True, None, None, None),
    (101, 2, "email", "nvarchar", 400, 0, 0, False, False, None, None, None),
    (101, 3, "active", "bit", 1, 1, 0, False, False, "df_customers_active", "((1))", None),
    (
        101,
        4,
        "created_at",
        "datetime2",
        8,
        27,
        7,
        False,
        False,
        "df_customers_created_at",
        "(getdate())",
        None,
    ),
    (101, 5, "note", "nvarchar", -1, 0, 0, True, False, None, None, "free text"),
    (101, 6, "tier", "nvarchar", 10, 0, 0, False, False, "df_customers_tier", "(N'basic')", None),
    (102, 1, "id", "bigint", 8, 19, 0, False, True, None, None, None),
    (102, 2, "customer_id", "int", 4, 10, 0, False, False, None, None, None),
    (102, 3, "order", "int", 4, 10, 0, False, False, None, None, "position in the day"),
    (102, 4, "total", "decimal", 9, 18, 2, False, False, "df_orders_total", "((0))", None),
    (102, 5, "status", "nvarchar", 40, 0, 0, False, False, "df_orders_status", "(N'new')", None),
    (102, 6, "paid", "bit", 1, 1, 0, False, False, "df_orders_paid", "((0))", None),
    (102, 7, "ref", "uniqueidentifier", 16, 0, 0, True, False, None, None, None),
    (103, 1, "id", "nvarchar", 400, 0, 0, False, False, None, None, None),
]
INDEXES = [
    (101, "pk_customers", True, True, False, None, 1, "id"),
    (101, "uq_customers_email", False, True, True, None, 1, "email"),
    (102, "ix_orders_customer_id_status", False, False, False, None, 2, "status"),
    (102, "ix_orders_customer_id_status", False, False, False, None, 1, "customer_id"),
    (102, "ix_orders_open", False, False, False, "([status]<>N'shipped')", 1, "status"),
    (102, "pk_orders", True, True, False, None, 1, "id"),
    (102, "uq_orders_customer_id_order", False, True, True, None, 1, "customer_id"),
    (102, "uq_orders_customer_id_order", False, True, True, None, 2, "order"),
]
FOREIGN_KEYS = [
    (102, "fk_orders_customer_id_customers", "customers", "CASCADE", "NO_ACTION", 1, "customer_id", "id")
]
CHECKS = [
    (101, "ck_customers_tier_a20899f1", "([tier]=N'basic' OR [tier]=N'gold')"),
    (102, "ck_orders_a8e38649", "([total]>=(0))"),
]


def introspected() -> Schema:
    return build_schema(TABLES, COLUMNS, INDEXES, FOREIGN_KEYS, CHECKS)


def test_normalized_desired_schema_equals_its_introspected_form() -> None:
    desired = DIALECT.normalize(Schema((customers(), orders()))).sorted()
    assert introspected() == desired


def test_tool_tables_are_not_reported() -> None:
    assert [t.name for t in introspected().tables] == ["customers", "orders"]


def test_catalog_is_read_with_a_fixed_number_of_queries() -> None:
    assert len(QUERIES) == 5
    assert all(sql.count("?") == 1 for sql in QUERIES)


def test_column_row_reads_sizes_in_bytes_and_stored_defaults() -> None:
    status = column_from_row((7, 5, "status", "nvarchar", 40, 0, 0, False, False, "df", "(N'it''s')", None))
    assert status.type == ColumnType("string", (20,))
    assert status.default == Default("string", "it's")
    flag = column_from_row((7, 6, "flag", "bit", 1, 1, 0, True, False, "df", "((1))", "a flag"))
    assert (flag.type.name, flag.default, flag.nullable, flag.comment) == (
        "bool",
        Default("bool", "true"),
        True,
        "a flag",
    )
    money = column_from_row((7, 7, "price", "money", 8, 19, 4, False, False, "df", "((-1.50))", None))
    assert money.type == ColumnType("native", native="money")
    assert money.default == Default("number", "-1.5")


def test_identity_column_has_no_default() -> None:
    ident = column_from_row((7, 1, "id", "bigint", 8, 19, 0, False, True, None, None, None))
    assert ident.identity and ident.default is None and not ident.nullable


def test_index_rows_split_into_primary_key_uniques_and_indexes() -> None:
    pk, uniques, plain = indexes_from_rows([r for r in INDEXES if r[0] == 102])
    assert pk == PrimaryKey("pk_orders", ("id",))
    assert uniques == (Unique("uq_orders_customer_id_order", ("customer_id", "order")),)
    by_name = {i.name: i for i in plain}
    assert by_name["ix_orders_customer_id_status"].columns == ("customer_id", "status")
    assert by_name["ix_orders_open"].where == "[status]<>N'shipped'"


def test_unique_index_that_is_not_a_constraint_stays_an_index() -> None:
    _, uniques, plain = indexes_from_rows([(1, "ux_t_a", False, True, False, None, 1, "a")])
    assert uniques == () and plain == (Index("ux_t_a", ("a",), unique=True),)


def test_foreign_key_actions_are_read_from_their_descriptions() -> None:
    rows = [
        (1, "fk_t_a_b_u", "u", "SET_NULL", "CASCADE", 2, "b", "y"),
        (1, "fk_t_a_b_u", "u", "SET_NULL", "CASCADE", 1, "a", "x"),
    ]
    assert foreign_keys_from_rows(rows) == (
        ForeignKey("fk_t_a_b_u", ("a", "b"), "u", ("x", "y"), on_delete="set null", on_update="cascade"),
    )


def test_sql_type_override_normalizes_to_what_the_catalog_reports() -> None:
    orders_table = orders()
    ref = dataclasses.replace(
        orders_table.columns[6], sql_types=(("mssql", "NVARCHAR(36)"), ("postgres", "uuid"))
    )
    table = dataclasses.replace(orders_table, columns=(*orders_table.columns[:6], ref))
    normalized = DIALECT.normalize(Schema((table,))).tables[0].columns[6]
    row = (102, 7, "ref", "nvarchar", 72, 0, 0, True, False, None, None, None)
    assert normalized == column_from_row(row)
