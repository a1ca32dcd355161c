"""npa-schema: relational database schemas as code.

Library use::

    import npa_schema
    schema = npa_schema.load("schema/")
    plan = npa_schema.plan("schema/", "postgresql://localhost/app")
    npa_schema.apply("schema/", "postgresql://localhost/app")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from npa_schema.version import __version__

if TYPE_CHECKING:
    from npa_schema.model import Schema
    from npa_schema.plan import Plan


def load(schema_dir: str | Path) -> Schema:
    """Entity files → validated Schema."""
    from npa_schema.declarative import load_desired

    return load_desired(Path(schema_dir))


def plan(schema_dir: str | Path, url: str) -> Plan:
    """What apply would change at ``url``."""
    from npa_schema.declarative import load_desired, plan_session
    from npa_schema.dialects import connect

    with connect(url) as (dialect, session):
        return plan_session(session, dialect, load_desired(Path(schema_dir), dialect))


def apply(schema_dir: str | Path, url: str, allow_destructive: bool = False) -> Plan:
    """Converge ``url`` to the entity files; returns the plan that ran."""
    from npa_schema.declarative import apply as run
    from npa_schema.declarative import load_desired

    def desired(dialect):  # checked against the server reached
        return load_desired(Path(schema_dir), dialect)

    the_plan, _ = run(url, desired, allow_destructive=allow_destructive)
    return the_plan


__all__ = ["__version__", "apply", "load", "plan"]
