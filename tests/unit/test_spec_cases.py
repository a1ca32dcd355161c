"""Data-driven bad-input cases (tests/cases/spec/*.yaml): each names the file, line and field the
first error must point at. Adding a regression test is adding a case file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from npa_schema.entities import load_schema
from npa_schema.errors import SpecErrors

CASES = sorted((Path(__file__).parent.parent / "cases" / "spec").glob("*.yaml"))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_points_at_file_and_line(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    for name, text in case["files"].items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as info:
        load_schema(tmp_path)
    expected = case["error"]
    first = info.value.errors[0]
    summary = "\n".join(f"  {e.message} [hint: {e.hint}]" for e in info.value.errors)
    assert Path(os.path.relpath(first.file, tmp_path)).as_posix() == expected["file"], summary
    assert first.line == expected["line"], summary
    if "field" in expected:
        assert first.field == expected["field"], summary
    assert expected["contains"] in first.message, summary
    if "hint" in expected:
        assert expected["hint"] in (first.hint or ""), summary
    assert "\n" not in first.message


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 15
