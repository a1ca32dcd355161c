from __future__ import annotations

import pytest

from npa_schema.types import ColumnType, TypeParseError, is_narrowing, parse_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int", ColumnType("int")),
        ("integer", ColumnType("int")),
        ("string", ColumnType("string", (255,))),
        ("string(20)", ColumnType("string", (20,))),
        ("decimal(18, 2)", ColumnType("decimal", (18, 2))),
        ("decimal(10)", ColumnType("decimal", (10, 0))),
        ("VARCHAR(5)", ColumnType("string", (5,))),
    ],
)
def test_parse_type_fills_defaults_and_aliases(text: str, expected: ColumnType) -> None:
    assert parse_type(text) == expected


@pytest.mark.parametrize("text", ["strng", "int(3)", "decimal(2,5)", "string(0)", "string(a)", "", "enum"])
def test_parse_type_rejects(text: str) -> None:
    with pytest.raises(TypeParseError):
        parse_type(text)


@pytest.mark.parametrize(
    ("old", "new", "narrowing"),
    [
        ("string(20)", "string(100)", False),
        ("string(100)", "string(20)", True),
        ("int", "bigint", False),
        ("bigint", "int", True),
        ("decimal(10,2)", "decimal(18,2)", False),
        ("decimal(18,2)", "decimal(18,0)", True),
        ("string(20)", "text", False),
        ("text", "string(20)", True),
        ("int", "string(5)", True),
    ],
)
def test_is_narrowing(old: str, new: str, narrowing: bool) -> None:
    assert is_narrowing(parse_type(old), parse_type(new)) is narrowing
