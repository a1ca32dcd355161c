"""The case files follow the dialect registry: a registered dialect a case says nothing about is an
error with the fix in the message, never a silent skip."""

from __future__ import annotations

import pytest

from npa_schema.dialects import NAMES
from tests.casefiles import ALL_DIALECTS, expected_render_sql, not_on
from tests.conftest import ENGINES


def test_the_dialect_lists_come_from_the_registry() -> None:
    assert ALL_DIALECTS == NAMES
    assert ENGINES and set(ENGINES) <= set(NAMES)


def test_a_render_case_without_sql_for_a_registered_dialect_fails_clearly() -> None:
    case = {"sql": {d: [] for d in NAMES[:-1]}}
    with pytest.raises(ValueError, match=rf"no expected SQL for \['{NAMES[-1]}'\].*not_on"):
        expected_render_sql(case, "x.yaml")
    case["not_on"] = {NAMES[-1]: "it has no such thing"}
    assert set(expected_render_sql(case, "x.yaml")) == set(NAMES[:-1])


def test_not_on_needs_registered_dialects_and_reasons() -> None:
    with pytest.raises(ValueError, match="reason"):
        not_on({"not_on": [NAMES[0]]}, "x.yaml")
    with pytest.raises(ValueError, match="reason"):
        not_on({"not_on": {NAMES[0]: ""}}, "x.yaml")
    with pytest.raises(ValueError, match="not registered"):
        not_on({"not_on": {"oracle": "not yet"}}, "x.yaml")
    with pytest.raises(ValueError, match="under not_on"):
        not_on({"engines": [NAMES[0]]}, "x.yaml")
