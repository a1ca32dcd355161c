"""Entity files on real engines: the DESIGN example converges, and ``npa pull``'s files (introspect →
dump → load) describe the live database exactly: planning them against it shows no changes."""

from __future__ import annotations

from pathlib import Path

from npa_schema.dialects import connect
from npa_schema.entities import dump_schema_files, load_schema, load_text
from tests.support import converge, execute, query, replan

SCHEMA = """\
table: users
columns:
  id: {type: int, primary_key: true, identity: true}
  email: {type: string(255), unique: true}
  active: {type: bool, default: true}
---
table: orders
comment: Customer orders
columns:
  id:          {type: bigint, primary_key: true}
  user_id:     {type: int, references: users.id, on_delete: cascade}
  total:       {type: decimal(18,2), default: 0}
  status:      {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  created_at:  {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
  phone:       {type: string(100), nullable: true}
indexes:
  - columns: [user_id, created_at]
unique:
  - [user_id, phone]
"""


def test_entity_files_converge_and_pull_back_to_an_empty_plan(engine_url: str, tmp_path: Path) -> None:
    schema = load_text(SCHEMA)
    converge(engine_url, schema)
    execute(engine_url, "INSERT INTO users (email) VALUES ('a@b.c')")
    with connect(engine_url) as (dialect, session):
        current = dialect.introspect(session)
        name = dialect.name
    dump_schema_files(current, tmp_path / "pulled", dialect=name)
    pulled = load_schema(tmp_path / "pulled").schema
    assert {t.name for t in pulled.tables} == {"users", "orders"}
    again = replan(engine_url, pulled)
    assert again.empty, [f"{op.kind}: {op}" for op in again.ops]
    assert query(engine_url, "SELECT count(*) FROM users") == [(1,)]


def test_pull_round_trip_on_mysql(mysql_url: str, tmp_path: Path) -> None:
    test_entity_files_converge_and_pull_back_to_an_empty_plan(mysql_url, tmp_path)
