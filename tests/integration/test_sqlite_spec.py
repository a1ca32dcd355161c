"""SQLite end to end from entity files (YAML via npa_schema.entities): create, then rename and rebuild."""

from __future__ import annotations

from npa_schema.entities import load_text
from tests.support import converge, execute, query

ENTITIES = """
table: users
columns:
  id: {type: bigint, primary_key: true, identity: true}
  email: {type: string(200)}
---
table: orders
comment: Customer orders
columns:
  id:          {type: bigint, primary_key: true, identity: true}
  user_id:     {type: int, references: users.id, on_delete: cascade}
  total:       {type: "decimal(18,2)", default: 0}
  status:      {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  kind:        {type: enum, values: [a, b], default: a}
  created_at:  {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  phone:       {type: string(100), nullable: true}
  order:       {type: int, nullable: true}
indexes:
  - columns: [user_id, created_at]
  - {columns: [status], where: "status <> 'shipped'", name: ix_orders_open}
  - {expressions: ["lower(phone)"]}
unique:
  - [user_id, phone]
"""


def test_entity_files_converge_and_a_rename_with_rebuild_keeps_rows(sqlite_url: str) -> None:
    converge(sqlite_url, load_text(ENTITIES))
    execute(
        sqlite_url,
        'INSERT INTO "users" ("email") VALUES (\'a@x\')',
        'INSERT INTO "orders" ("user_id", "phone") VALUES (1, \'555\'), (1, \'556\')',
    )
    renamed = (
        ENTITIES.replace(
            "phone:       {type: string(100), nullable: true}",
            "mobile:      {type: string(200), nullable: true, renamed_from: phone}",
        )
        .replace("lower(phone)", "lower(mobile)")
        .replace("[user_id, phone]", "[user_id, mobile]")
    )
    plan = converge(sqlite_url, load_text(renamed))
    assert plan.statements[0] == 'ALTER TABLE "orders" RENAME COLUMN "phone" TO "mobile"'
    assert query(sqlite_url, 'SELECT "mobile", "status", "kind" FROM "orders" ORDER BY "id"') == [
        ("555", "new", "a"),
        ("556", "new", "a"),
    ]
