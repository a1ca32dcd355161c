"""SQL Server type map in both directions, and default canonicalisation (no server needed)."""

from __future__ import annotations

import pytest

from npa_schema.dialects.mssql import DIALECT
from npa_schema.dialects.mssql import types as mt
from npa_schema.model import Column, Default
from npa_schema.types import ColumnType, parse_type

PORTABLE = [
    ("smallint", "SMALLINT", "smallint"),
    ("int", "INT", "int"),
    ("bigint", "BIGINT", "bigint"),
    ("decimal(10,3)", "DECIMAL(10,3)", "decimal(10,3)"),
    ("float", "REAL", "float"),
    ("double", "FLOAT(53)", "double"),
    ("bool", "BIT", "bool"),
    ("string(100)", "NVARCHAR(100)", "string(100)"),
    ("string(4001)", "NVARCHAR(MAX)", "text"),
    ("text", "NVARCHAR(MAX)", "text"),
    ("char(2)", "NCHAR(2)", "char(2)"),
    ("date", "DATE", "date"),
    ("time", "TIME", "time"),
    ("datetime", "DATETIME2", "datetime"),
    ("datetime_tz", "DATETIMEOFFSET", "datetime_tz"),
    ("uuid", "UNIQUEIDENTIFIER", "uuid"),
    ("json", "NVARCHAR(MAX)", "text"),
    ("binary", "VARBINARY(MAX)", "binary"),
]


@pytest.mark.parametrize(("portable", "native", "introspected"), PORTABLE)
def test_portable_type_maps_and_round_trips(portable: str, native: str, introspected: str) -> None:
    column = Column("c", parse_type(portable))
    assert DIALECT.native_type(column) == native
    assert str(DIALECT.normalize_column(column).type) == introspected


def test_enum_is_nvarchar_sized_to_its_longest_label() -> None:
    column = Column("c", parse_type("enum", ("a", "longer")))
    assert DIALECT.native_type(column) == "NVARCHAR(6)"
    assert DIALECT.normalize_column(column).type == ColumnType("string", (6,))


@pytest.mark.parametrize(
    ("type_name", "max_length", "precision", "scale", "expected"),
    [
        ("nvarchar", 200, 0, 0, "string(100)"),
        ("nvarchar", -1, 0, 0, "text"),
        ("nchar", 20, 0, 0, "char(10)"),
        ("varchar", 50, 0, 0, "varchar(50)"),
        ("varchar", -1, 0, 0, "varchar(max)"),
        ("varbinary", 16, 0, 0, "varbinary(16)"),
        ("varbinary", -1, 0, 0, "binary"),
        ("real", 4, 24, 0, "float"),
        ("float", 8, 53, 0, "double"),
        ("numeric", 9, 12, 4, "decimal(12,4)"),
        ("datetime2", 7, 23, 3, "datetime2(3)"),
        ("datetimeoffset", 10, 34, 7, "datetime_tz"),
        ("money", 8, 19, 4, "money"),
        ("XML", -1, 0, 0, "xml"),
    ],
)
def test_catalog_types_map_back(
    type_name: str, max_length: int, precision: int, scale: int, expected: str
) -> None:
    assert str(mt.from_catalog(type_name, max_length, precision, scale)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("NVARCHAR(50)", "string(50)"), ("nvarchar(max)", "text"), ("MONEY", "money"), ("float(10)", "float")],
)
def test_native_text_lands_where_the_catalog_would(text: str, expected: str) -> None:
    assert str(mt.from_native_text(text)) == expected


@pytest.mark.parametrize(
    ("default", "ct", "expected"),
    [
        (Default.sql("CURRENT_TIMESTAMP"), "datetime", Default("sql", "getdate()")),
        (Default.sql("(getdate())"), "datetime", Default("sql", "getdate()")),
        (Default.sql("((1))"), "bool", Default("bool", "true")),
        (Default.literal(True), "bool", Default("bool", "true")),
        (Default.literal(0), "bool", Default("bool", "false")),
        (Default.literal("5"), "int", Default("number", "5")),
        (Default.sql("(N'x')"), "string(5)", Default("string", "x")),
        (Default.literal("x"), "string(5)", Default("string", "x")),
    ],
)
def test_defaults_have_one_spelling(default: Default, ct: str, expected: Default) -> None:
    assert mt.canonical_default(default, parse_type(ct)) == expected


def test_identity_columns_are_not_null_without_default() -> None:
    column = Column("id", parse_type("int"), nullable=True, identity=True, default=Default.literal(1))
    normalized = DIALECT.normalize_column(column)
    assert (normalized.nullable, normalized.default) == (False, None)


def test_check_reports_what_sql_server_cannot_do() -> None:
    from npa_schema.model import Index, Schema, Table

    table = Table(
        "t",
        (Column("id", parse_type("string(10)"), identity=True), Column("c", parse_type("char(5000)"))),
        indexes=(Index("ix_t_lower", expressions=("lower(c)",)),),
    )
    fields = sorted(p.field for p in DIALECT.check(Schema((table,))))
    assert fields == ["columns.c", "columns.id", "indexes.0"]


def test_quote_uses_brackets() -> None:
    assert DIALECT.quote("we]ird") == "[we]]ird]"
