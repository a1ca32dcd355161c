"""The shipped examples stay valid and converge (SQLite and PostgreSQL; MySQL has no partial indexes,
which the example uses on purpose and `npa validate --dialect mysql` reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from npa_schema.data.seed import rows_from_schema, seed
from npa_schema.dialects import connect
from npa_schema.entities import load_schema
from tests.support import converge

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop" / "schema"


@pytest.mark.parametrize("fixture", ["sqlite_url", "pg_url"])
def test_shop_example_converges_and_seeds(fixture: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(fixture)
    schema = load_schema(SHOP).schema
    assert {t.name for t in schema.tables} == {"customers", "orders", "order_lines", "products"}
    converge(url, schema)
    with connect(url) as (dialect, session), session.lock(10):
        assert seed(session, dialect, schema, rows_from_schema(schema)).inserted == 1
