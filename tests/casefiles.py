"""Loading the data-driven convergence cases in tests/cases/converge/ (shared by the live-engine runner
and the offline golden-SQL runner)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from npa_schema.entities import load_documents
from npa_schema.model import Schema

CASE_DIR = Path(__file__).parent / "cases" / "converge"
RENDER_DIR = Path(__file__).parent / "cases" / "render"
GOLDEN_DIR = Path(__file__).parent / "golden"
ALL_DIALECTS = ("sqlite", "postgres", "mysql", "mssql")


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
    engines: tuple[str, ...]


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
    return Case(path.stem, data["description"], steps, tuple(data.get("engines", ALL_DIALECTS)))


def case_paths() -> list[Path]:
    return sorted(CASE_DIR.glob("*.yaml"))


def load_render_case(path: Path) -> Case:
    """A render case as a two-step convergence case: apply ``current``, then ``desired``."""
    data = yaml.safe_load(path.read_text())
    steps = [
        CaseStep(load_documents(data["current"], filename=f"{path.name}#current")),
        CaseStep(load_documents(data["desired"], filename=f"{path.name}#desired"), destructive=True),
    ]
    engines = tuple(d for d in ALL_DIALECTS if d not in data.get("not_on", []))
    return Case(f"render/{path.stem}", data["description"], steps, engines)
