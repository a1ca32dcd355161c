"""PostgreSQL: the entity-file example from DESIGN §3, loaded by the spec loader, converges, and an
edit of it (a new column, a widened type, an added enum label) converges with the rows kept."""

from __future__ import annotations

import pytest

from tests.support import converge, execute, query

pytestmark = pytest.mark.postgres

spec = pytest.importorskip("npa_schema.entities")

ENTITIES = """
table: users
columns:
  id: {type: bigint, primary_key: true, identity: true}
  email: {type: string(200)}
  external_ref: {type: string(40), nullable: true}
---
table: orders
comment: Customer orders
columns:
  id:          {type: bigint, primary_key: true, identity: true}
  user_id:     {type: bigint, references: users.id, on_delete: cascade}
  external_ref: {type: string(40), nullable: true}
  total:
    type: decimal(18,2)
    default: 0
  status:      {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  created_at:  {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  phone:       {type: string(100), nullable: true}
  notes:       {type: text, nullable: true, sql_type: {postgres: citext}}
  kind:        {type: enum, values: [web, shop]}
indexes:
  - columns: [user_id, created_at]
  - {columns: [status], where: "status <> 'shipped'", name: ix_orders_open}
unique:
  - [user_id, external_ref]
"""


def test_design_example_converges_and_evolves(pg_url: str) -> None:
    execute(pg_url, "CREATE EXTENSION IF NOT EXISTS citext")
    converge(pg_url, spec.load_text(ENTITIES))
    execute(
        pg_url,
        "INSERT INTO users (email) VALUES ('a@example.com')",
        "INSERT INTO orders (user_id, kind) VALUES (1, 'web'), (1, 'shop')",
    )
    evolved = (
        ENTITIES.replace("phone:       {type: string(100)", "phone:       {type: string(200)")
        .replace("values: [web, shop]", "values: [web, shop, phone]")
        .replace("  notes:", "  paid_at: {type: datetime_tz, nullable: true}\n  notes:")
    )
    plan = converge(pg_url, spec.load_text(evolved))
    assert not plan.destructive
    assert query(pg_url, "SELECT count(*), sum(total) FROM orders") == [(2, 0)]
