"""A Plan: ordered operations, the SQL that implements them, the database they were computed against
(``Session.identity``) and the fingerprint of its schema then: a saved plan is refused on any other
database, and once its database has moved on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npa_schema.dialects.base import Dialect, Step
from npa_schema.differ import diff
from npa_schema.errors import PlanError
from npa_schema.model import Schema
from npa_schema.ops import Op, op_from_dict

#: 2: plans record their database's identity (``target``); a format-1 plan names none, and is refused
PLAN_FORMAT = 2


@dataclass
class Plan:
    dialect: str
    database: str  # masked URL, or "(offline)"
    ops: list[Op]
    steps: list[Step]
    #: the schema the plan was computed against (None for a plan loaded from a file)
    current: Schema | None = field(default=None, repr=False)
    hints: list[str] = field(default_factory=list)
    saved_fingerprint: str | None = None
    #: the database's identity (``Session.identity``); None for an offline plan
    target: str | None = None

    @property
    def current_fingerprint(self) -> str:
        """Computed only when needed (saving, JSON output): hashing a large schema is not free."""
        if self.saved_fingerprint is None:
            assert self.current is not None, "a plan knows its current schema or its saved fingerprint"
            self.saved_fingerprint = self.current.fingerprint()
        return self.saved_fingerprint

    @property
    def empty(self) -> bool:
        return not self.ops

    @property
    def destructive(self) -> list[Op]:
        return [op for op in self.ops if op.destructive]

    @property
    def statements(self) -> list[str]:
        return [sql for step in self.steps for sql in step.sql]

    def counts(self) -> dict[str, int]:
        """Terraform's summary: tables and objects to add, change, destroy."""
        counts = {"add": 0, "change": 0, "destroy": 0}
        for op in self.ops:
            counts[{"+": "add", "-": "destroy"}.get(op.symbol, "change")] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "dialect": self.dialect,
            "database": self.database,
            "target": self.target,
            "current_fingerprint": self.current_fingerprint,
            "summary": self.counts(),
            "changes": [
                {**op.to_dict(), "symbol": op.symbol, "destructive": op.destructive} for op in self.ops
            ],
            "steps": [
                {
                    "ops": [self.ops.index(op) for op in s.ops],
                    "sql": list(s.sql),
                    "in_transaction": s.in_transaction,
                }
                for s in self.steps
            ],
            "hints": self.hints,
        }

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=False) + "\n", encoding="utf-8")

    @staticmethod
    def load(path: Path) -> Plan:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != PLAN_FORMAT:
                raise ValueError(f"plan format {data.get('format')!r} is not {PLAN_FORMAT}")
            ops = [
                op_from_dict({k: v for k, v in c.items() if k not in ("symbol", "destructive")})
                for c in data["changes"]
            ]
            steps = [
                Step(tuple(ops[i] for i in s["ops"]), tuple(s["sql"]), s.get("in_transaction", True))
                for s in data["steps"]
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PlanError(
                f"{path}: not a saved npa plan ({exc})", hint="save one with: npa plan -o FILE"
            ) from exc
        return Plan(
            data["dialect"],
            data["database"],
            ops,
            steps,
            hints=data.get("hints", []),
            saved_fingerprint=data["current_fingerprint"],
            target=data.get("target"),
        )


def make_plan(
    desired: Schema,
    current: Schema,
    dialect: Dialect,
    database: str,
    strict_renames: bool = True,
    target: str | None = None,
) -> Plan:
    """Normalise the desired schema for the dialect, diff it against ``current`` and render the SQL.
    ``database`` is the masked URL shown; ``target`` the database's identity (None offline)."""
    normalized = dialect.normalize(desired)
    result = diff(normalized, current, strict_renames, rename_in_expression=dialect.rename_in_expression)
    steps = dialect.render(result.ops, current)
    return Plan(dialect.name, database, result.ops, steps, current, result.hints, target=target)
