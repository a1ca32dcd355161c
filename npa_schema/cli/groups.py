"""The command groups; each lives in its own module."""

from __future__ import annotations

from npa_schema.cli import database, migrate, migration, schema

GROUPS = [
    ("database", database.app),
    ("schema", schema.app),
    ("migration", migration.migration_app),
    ("migrate", migrate.migrate_app),
]
