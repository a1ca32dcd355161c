"""The model snapshot beside the migrations (EF Core's ModelSnapshot): what the schema files looked
like when the newest migration was added, so ``npa migration add`` needs no database.

It is the *un-normalised* portable model (``to_dict`` of what the spec loader returns), so migrations
stay dialect-neutral. ``snapshots/<id>_<name>.json`` keeps the snapshot from before each migration,
so ``npa migration remove`` restores the previous one exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from npa_schema.errors import MigrationError
from npa_schema.migrations.files import MigrationFile
from npa_schema.model import Schema, from_dict, to_dict

SNAPSHOT_FILE = "npa.snapshot.json"
BEFORE_DIR = "snapshots"


def snapshot_json(schema: Schema) -> str:
    return json.dumps(to_dict(schema), indent=2, ensure_ascii=False) + "\n"


def parse_snapshot(text: str, where: str) -> Schema:
    try:
        return from_dict(Schema, json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise MigrationError(f"{where}: not a model snapshot ({exc})") from exc


def snapshot_exists(directory: Path) -> bool:
    return (directory / SNAPSHOT_FILE).exists()


def load_snapshot(directory: Path) -> Schema:
    path = directory / SNAPSHOT_FILE
    if not path.exists():
        return Schema()
    return parse_snapshot(path.read_text(encoding="utf-8"), str(path))


def save_snapshot(directory: Path, schema: Schema) -> Path:
    path = directory / SNAPSHOT_FILE
    path.write_text(snapshot_json(schema), encoding="utf-8")
    return path


def before_path(directory: Path, migration_label: str) -> Path:
    return directory / BEFORE_DIR / f"{migration_label}.json"


def save_before(directory: Path, migration_label: str, previous: Schema) -> Path:
    path = before_path(directory, migration_label)
    path.parent.mkdir(exist_ok=True)
    path.write_text(snapshot_json(previous), encoding="utf-8")
    return path


def load_before(directory: Path, migration: MigrationFile) -> Schema | None:
    path = before_path(directory, migration.label)
    if not path.exists():
        return None
    return parse_snapshot(path.read_text(encoding="utf-8"), str(path))
