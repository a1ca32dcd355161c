"""The command groups; each lives in its own module."""

from __future__ import annotations

from npa_schema.cli import database, schema

GROUPS = [("database", database.app), ("schema", schema.app)]
