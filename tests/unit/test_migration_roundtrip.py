"""Schema files → generated migration source → builder → ops: replaying ``up`` on the old snapshot
gives the new schema, and ``down`` on the new one gives the old, for every kind of change."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from npa_schema.dialects import rename_in_portable_expression
from npa_schema.differ import diff
from npa_schema.entities import load_text
from npa_schema.migrations.authoring import add_migration
from npa_schema.migrations.files import discover, load_ops
from npa_schema.model import Schema
from npa_schema.replay import apply_ops

V1 = """
table: users
comment: People
columns:
  id:         {type: bigint, primary_key: true, identity: true}
  email:      {type: string(255), unique: true}
  name:       {type: string(100), comment: "shown \\"name\\""}
  is_active:  {type: bool, default: true}
  score:      {type: "decimal(10,3)", default: 1.5}
  kind:       {type: enum, values: [a, b], default: a}
  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  notes:      {type: text, nullable: true, sql_type: {postgres: citext}}
indexes:
  - columns: [name]
  - {columns: [email], where: "is_active", name: ix_users_active}
checks:
  - "score >= 0"
---
table: orders
columns:
  id:      {type: bigint, primary_key: true, identity: true}
  user_id: {type: bigint, references: users.id, on_delete: cascade}
  status:  {type: string(20), default: new, check: "status in ('new', 'paid')"}
  order:   {type: int, default: 0}
unique:
  - [user_id, order]
---
table: legacy
columns:
  id: {type: int, primary_key: true}
"""

V2 = """
table: users
comment: People who sign in
columns:
  id:         {type: bigint, primary_key: true, identity: true}
  email:      {type: string(320), unique: true}
  full_name:  {type: string(100), renamed_from: name, comment: "shown \\"name\\""}
  is_active:  {type: bool, default: false}
  score:      {type: "decimal(10,3)", default: 1.5}
  kind:       {type: enum, values: [a, b], default: a}
  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  notes:      {type: text, nullable: true, sql_type: {postgres: citext}}
  phone:      {type: string(100), nullable: true}
indexes:
  - {columns: [email], where: "is_active", name: ix_users_active}
  - columns: [phone]
---
table: purchases
renamed_from: orders
columns:
  id:      {type: bigint, primary_key: true, identity: true}
  user_id: {type: bigint}
  status:  {type: string(20), default: new, check: "status in ('new', 'paid')"}
  order:   {type: int, default: 0}
  total:   {type: "decimal(18,2)", default: 0}
foreign_keys:
  - {columns: [user_id], references: {table: users, columns: [id]}, name: fk_purchases_user}
"""

T1 = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
T2 = datetime(2024, 2, 2, 3, 4, 5, tzinfo=timezone.utc)


def same(a: Schema, b: Schema) -> bool:
    def changes(x: Schema, y: Schema) -> list:
        return diff(x, y, strict_renames=False, rename_in_expression=rename_in_portable_expression).ops

    return not changes(a, b) and not changes(b, a)


@pytest.fixture
def two_migrations(tmp_path: Path) -> tuple[Path, Schema, Schema]:
    v1, v2 = load_text(V1, "v1.yaml"), load_text(V2, "v2.yaml")
    add_migration(tmp_path, "Initial", v1, now=T1)
    add_migration(tmp_path, "Second", v2, now=T2)
    return tmp_path, v1, v2


def test_up_replays_to_the_schema_files(two_migrations) -> None:
    folder, v1, v2 = two_migrations
    first, second = discover(folder)
    after_first = apply_ops(Schema(), load_ops(first, "up", None), rename_in_portable_expression)
    assert same(after_first, v1)
    assert same(apply_ops(after_first, load_ops(second, "up", None), rename_in_portable_expression), v2)


def test_down_replays_back(two_migrations) -> None:
    folder, v1, v2 = two_migrations
    first, second = discover(folder)
    back = apply_ops(v2, load_ops(second, "down", None), rename_in_portable_expression)
    assert same(back, v1)
    assert apply_ops(back, load_ops(first, "down", None), rename_in_portable_expression).tables == ()


def test_generated_source_reads_like_the_entity_files(two_migrations) -> None:
    folder, _, _ = two_migrations
    second = discover(folder)[1].path.read_text()
    assert 'op.rename_column("users", "name", "full_name")' in second
    assert 'op.rename_table("orders", "purchases")' in second
    assert 'op.add_column("users", "phone", "string(100)", nullable=True)' in second
    assert 'op.drop_foreign_key("purchases", "fk_orders_user_id_users")' in second
    assert "# lossy: dropping table legacy deletes its rows" in second
    first = discover(folder)[0].path.read_text()
    assert 'op.column("kind", "enum", values=["a", "b"], default="a")' in first
    assert 'sql_type={"postgres": "citext"}' in first
    assert 'default={"sql": "CURRENT_TIMESTAMP"}' in first


def test_ids_are_utc_timestamps_and_strictly_increase(tmp_path: Path) -> None:
    v1 = load_text(V1)
    a = add_migration(tmp_path, "A", v1, now=T1).migration
    b = add_migration(tmp_path, "B", Schema(), now=T1).migration
    assert a is not None and b is not None
    assert a.id == "20240102030405" and b.id == "20240102030406"
    assert a.path.name == "20240102030405_A.py"


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    v1 = load_text(V1)
    add_migration(tmp_path, "Initial", v1, now=T1)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert add_migration(tmp_path, "Again", v1, now=T2).migration is None
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_lossy_operations_are_reported(two_migrations) -> None:
    folder, _, _ = two_migrations
    smaller = load_text(V2.replace("string(320)", "string(50)"))
    added = add_migration(folder, "Narrow", smaller, now=datetime(2024, 3, 1, tzinfo=timezone.utc))
    assert any("narrows" in note for note in added.lossy)
