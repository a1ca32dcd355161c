"""Seed data on every engine: inserted once, unchanged when re-run, updated when the file changes,
parents before children, and identity counters moved past explicit ids."""

from __future__ import annotations

from npa_schema.data.seed import rows_from_schema, seed
from npa_schema.dialects import connect
from npa_schema.entities import load_text
from tests.support import converge, execute, query

SCHEMA = """\
table: orders
columns:
  id:      {type: bigint, primary_key: true, identity: true}
  user_id: {type: bigint, references: users.id}
  note:    {type: string(40), nullable: true}
seed:
  - {id: 1, user_id: 2, note: first}
---
table: users
columns:
  id:    {type: bigint, primary_key: true, identity: true}
  email: {type: string(100), unique: true}
  admin: {type: bool, default: false}
seed:
  - {id: 1, email: ann@example.com, admin: true}
  - {id: 2, email: bob@example.com}
"""


def run_seed(url: str, text: str):
    schema = load_text(text)
    with connect(url) as (dialect, session), session.lock(10):
        return seed(session, dialect, schema, rows_from_schema(schema))


def test_seed_is_idempotent_and_updates_changed_rows(engine_url: str) -> None:
    converge(engine_url, load_text(SCHEMA))
    first = run_seed(engine_url, SCHEMA)
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    again = run_seed(engine_url, SCHEMA)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    changed = run_seed(engine_url, SCHEMA.replace("bob@example.com", "robert@example.com"))
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 2)
    assert query(engine_url, "SELECT email FROM users WHERE id = 2")[0][0] == "robert@example.com"
    assert query(engine_url, "SELECT COUNT(*) FROM users")[0][0] == 2


def test_seeded_ids_do_not_collide_with_new_rows(engine_url: str) -> None:
    converge(engine_url, load_text(SCHEMA))
    run_seed(engine_url, SCHEMA)
    execute(engine_url, "INSERT INTO users (email) VALUES ('new@example.com')")
    assert query(engine_url, "SELECT id FROM users WHERE email = 'new@example.com'")[0][0] == 3
