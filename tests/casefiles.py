"""Loading the data-driven convergence cases in tests/cases/converge/ (shared by the live-engine runner
and the offline golden-SQL runner).

A case runs on every dialect of the registry (``npa_schema.dialects.NAMES``). One that does not apply
to an engine says so, with the reason, under ``not_on`` (``{dialect: why}``); there is no list of the
engines a case runs on, so a new dialect runs every case until a case says why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from npa_schema.dialects import NAMES
from npa_schema.entities import load_documents
from npa_schema.model import Schema

CASE_DIR = Path(__file__).parent / "cases" / "converge"
RENDER_DIR = Path(__file__).parent / "cases" / "render"
GOLDEN_DIR = Path(__file__).parent / "golden"
ALL_DIALECTS = NAMES


@dataclass
class CaseStep:
    schema: Schema
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    ops: list[str] | None = None
    destructive: bool = False


@dataclass
class Case:
    name: str
    description: str
    steps: list[CaseStep]
    #: dialect → why the case does not apply to it
    not_on: dict[str, str] = field(default_factory=dict)

    @property
    def engines(self) -> tuple[str, ...]:
        return tuple(d for d in ALL_DIALECTS if d not in self.not_on)

    def skip_reason(self, dialect: str) -> str:
        return f"{self.name} does not apply to {dialect}: {self.not_on[dialect]}"


def not_on(data: dict[str, Any], where: str) -> dict[str, str]:
    """The case's ``not_on``, checked: registered dialects only, each with its reason."""
    if "engines" in data:
        raise ValueError(
            f"{where}: list the dialects the case does not apply to under not_on, with the reason"
        )
    given = data.get("not_on") or {}
    if not isinstance(given, dict) or not all(isinstance(r, str) and r.strip() for r in given.values()):
        raise ValueError(f"{where}: not_on maps each dialect the case does not apply to, to the reason why")
    unknown = sorted(set(given) - set(ALL_DIALECTS))
    if unknown:
        raise ValueError(
            f"{where}: not_on names {unknown}, which are not registered dialects ({ALL_DIALECTS})"
        )
    return given


def load_case(path: Path) -> Case:
    data = yaml.safe_load(path.read_text())
    steps = [
        CaseStep(
            schema=load_documents(step["schema"], filename=f"{path.name}#step{i + 1}"),
            rows=step.get("rows", {}),
            rows_after=step.get("rows_after", {}),
            ops=step.get("ops"),
            destructive=step.get("destructive", False),
        )
        for i, step in enumerate(data["steps"])
    ]
    return Case(path.stem, data["description"], steps, not_on(data, path.name))


def case_paths() -> list[Path]:
    return sorted(CASE_DIR.glob("*.yaml"))


def load_render_case(path: Path) -> Case:
    """A render case as a two-step convergence case: apply ``current``, then ``desired``."""
    data = yaml.safe_load(path.read_text())
    steps = [
        CaseStep(load_documents(data["current"], filename=f"{path.name}#current")),
        CaseStep(load_documents(data["desired"], filename=f"{path.name}#desired"), destructive=True),
    ]
    return Case(f"render/{path.stem}", data["description"], steps, not_on(data, path.name))


def expected_render_sql(data: dict[str, Any], where: str) -> dict[str, list[str]]:
    """A render case's expected statements for each dialect it runs on. A registered dialect with no
    expectation is an error, never a silent skip: a new dialect needs a column of expectations in
    every case (or a reason under not_on)."""
    skipped = not_on(data, where)
    listed = data.get("sql") or {}
    missing = [d for d in ALL_DIALECTS if d not in skipped and d not in listed]
    if missing:
        raise ValueError(
            f"{where}: no expected SQL for {missing} (registered dialects): add it under sql "
            "(NPA_UPDATE_GOLDEN=1 writes it; review it), or say under not_on why the case does not apply"
        )
    extra = sorted(set(listed) - (set(ALL_DIALECTS) - set(skipped)))
    if extra:
        raise ValueError(f"{where}: expected SQL for {extra}, which the case does not run on")
    return {d: listed[d] for d in ALL_DIALECTS if d not in skipped}
