"""A change of each column attribute converges on every live engine, with the rows kept: the live half
of tests/unit/test_model_attributes.py, whose samples it reuses, so a new attribute is tested here
as soon as it has a sample change there."""

from __future__ import annotations

import pytest

from npa_schema.model import Schema
from npa_schema.ops import COLUMN_ATTRIBUTES
from tests.support import converge, execute, query
from tests.unit.test_model_attributes import BASE, changed_base


@pytest.mark.parametrize("attribute", COLUMN_ATTRIBUTES)
def test_a_change_of_each_column_attribute_converges(engine_url: str, attribute: str) -> None:
    converge(engine_url, Schema((BASE,)))
    execute(engine_url, "INSERT INTO t (id, v) VALUES (1, 3), (2, 4)")
    plan = converge(engine_url, changed_base(attribute), allow_destructive=True)
    assert plan.statements or attribute == "comment"  # SQLite keeps no comments
    assert query(engine_url, "SELECT id, v FROM t ORDER BY id") == [(1, 3), (2, 4)]
