"""A MySQL/MariaDB database described straight from information_schema, independently of npa.

``snapshot(url_or_connection)`` returns a sorted, JSON-able dict of the current database: tables (engine,
row format, collation, options, comment), columns (``COLUMN_TYPE`` as the server formats it, so
``int(10) unsigned``; nullability; ``COLUMN_DEFAULT`` as stored, where MariaDB tells ``'G'`` from
``NULL`` from no default; ``EXTRA`` with ``auto_increment`` and ``on update current_timestamp()``;
generated expression; charset and collation; comment), indexes (type BTREE/HASH/FULLTEXT/SPATIAL, columns
in order with prefix length and direction), primary/unique/foreign/check constraints, triggers, views,
functions and procedures with their parameters, events, partitions and MariaDB sequences.

Bodies are the server's own text (``VIEW_DEFINITION`` as the server rewrote it, ``ROUTINE_DEFINITION``
and ``ACTION_STATEMENT`` as they were written). The database's own name is removed wherever the server
writes it as a qualifier (`` `db`.`film` `` → `` `film` ``), so two databases compare equal when they hold
the same objects. Volatile columns (row counts, sizes, creation times, AUTO_INCREMENT counters) are left
out: they are data, not schema.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

#: information_schema columns kept per view (lower-cased); columns a server lacks are skipped
KEEP = {
    "SCHEMATA": ("default_character_set_name", "default_collation_name", "schema_comment"),
    "TABLES": (
        "table_type",
        "engine",
        "row_format",
        "table_collation",
        "create_options",
        "table_comment",
        "temporary",
    ),
    "COLUMNS": (
        "ordinal_position",
        "column_type",
        "is_nullable",
        "column_default",
        "extra",
        "character_set_name",
        "collation_name",
        "column_comment",
        "is_generated",
        "generation_expression",
        "srs_id",
    ),
    "VIEWS": (
        "view_definition",
        "check_option",
        "is_updatable",
        "definer",
        "security_type",
        "character_set_client",
        "collation_connection",
        "algorithm",
    ),
    "ROUTINES": (
        "routine_type",
        "dtd_identifier",
        "routine_body",
        "routine_definition",
        "external_language",
        "parameter_style",
        "is_deterministic",
        "sql_data_access",
        "security_type",
        "sql_mode",
        "routine_comment",
        "definer",
        "character_set_client",
        "collation_connection",
        "database_collation",
    ),
    "TRIGGERS": (
        "event_manipulation",
        "action_order",
        "action_condition",
        "action_statement",
        "action_orientation",
        "action_timing",
        "sql_mode",
        "definer",
        "character_set_client",
        "collation_connection",
        "database_collation",
    ),
    "EVENTS": (
        "definer",
        "time_zone",
        "event_body",
        "event_definition",
        "event_type",
        "execute_at",
        "interval_value",
        "interval_field",
        "sql_mode",
        "starts",
        "ends",
        "status",
        "on_completion",
        "event_comment",
        "character_set_client",
        "collation_connection",
        "database_collation",
    ),
    "PARTITIONS": (
        "subpartition_name",
        "partition_ordinal_position",
        "subpartition_ordinal_position",
        "partition_method",
        "subpartition_method",
        "partition_expression",
        "subpartition_expression",
        "partition_description",
        "partition_comment",
        "tablespace_name",
    ),
}

#: the catalog queries (also the reference for npa's introspection work); ``%s`` is the database name
QUERIES: dict[str, str] = {
    "version": "SELECT VERSION() AS version",
    "schema": "SELECT * FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
    "tables": "SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
    "columns": "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, ORDINAL_POSITION",
    "statistics": "SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s"
    " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    "table_constraints": "SELECT * FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = %s",
    "key_columns": "SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = %s"
    " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
    "referential": "SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s",
    "checks": "SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s",
    "views": "SELECT * FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s",
    "routines": "SELECT * FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s",
    "parameters": "SELECT * FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = %s"
    " ORDER BY SPECIFIC_NAME, ORDINAL_POSITION",
    "triggers": "SELECT * FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s",
    "events": "SELECT * FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s",
    "partitions": "SELECT * FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = %s"
    " AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION",
}


def snapshot(target: Any) -> dict:
    """``target``: a ``mysql://`` URL or an open PyMySQL connection (left open)."""
    if isinstance(target, str):
        conn = connect(target)
        try:
            return _snapshot(conn)
        finally:
            conn.close()
    return _snapshot(target)


def connect(url: str) -> Any:
    import pymysql

    parts = urlsplit(url)
    return pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=parts.path.lstrip("/") or None,
        autocommit=True,
        charset="utf8mb4",
    )


def _snapshot(conn: Any) -> dict:
    import pymysql.cursors

    with conn.cursor(pymysql.cursors.DictCursor) as cur:
        cur.execute("SELECT DATABASE() AS db")
        database = cur.fetchone()["db"]
        rows: dict[str, list[dict]] = {}
        for key, sql in QUERIES.items():
            cur.execute(sql, (database,) if "%s" in sql else None)
            rows[key] = [{k.lower(): v for k, v in row.items()} for row in cur.fetchall()]
        sequences = {}
        for t in rows["tables"]:
            if t["table_type"] == "SEQUENCE":
                cur.execute(f"SHOW CREATE SEQUENCE `{t['table_name']}`")
                sequences[t["table_name"]] = {"definition": list(cur.fetchone().values())[1]}
    return strip_database(prune(build(rows) | {"sequences": sequences}), database)


def _keep(row: dict, view: str) -> dict:
    return {k: row[k] for k in KEEP[view] if k in row}


def build(rows: dict[str, list[dict]]) -> dict:
    """The query rows → the nested snapshot (pure: no database)."""
    tables: dict[str, dict] = {}
    views: dict[str, dict] = {}
    for t in rows["tables"]:
        if t["table_type"] == "VIEW":
            views[t["table_name"]] = {}
        elif t["table_type"] != "SEQUENCE":
            tables[t["table_name"]] = _keep(t, "TABLES")
    for v in rows["views"]:
        views.setdefault(v["table_name"], {}).update(_keep(v, "VIEWS"))

    for c in rows["columns"]:
        column = _keep(c, "COLUMNS")
        column["position"] = column.pop("ordinal_position")
        owner = tables.get(c["table_name"]) or views.get(c["table_name"])
        if owner is not None:
            owner.setdefault("columns", {})[c["column_name"]] = column

    for s in rows["statistics"]:
        index = (
            tables[s["table_name"]]
            .setdefault("indexes", {})
            .setdefault(
                s["index_name"],
                {
                    "unique": str(s["non_unique"]) == "0",
                    "type": s["index_type"],
                    "comment": s.get("index_comment") or None,
                    "ignored": s.get("ignored") if s.get("ignored") not in (None, "NO") else None,
                    "visible": s.get("is_visible") if s.get("is_visible") not in (None, "YES") else None,
                    "columns": [],
                },
            )
        )
        index["columns"].append(
            {
                "column": s["column_name"],
                "expression": s.get("expression"),
                "sub_part": s["sub_part"],
                "order": {"A": "ASC", "D": "DESC"}.get(s["collation"]),
            }
        )

    referential = {(r["table_name"], r["constraint_name"]): r for r in rows["referential"]}
    key_columns: dict[tuple[str, str], list[dict]] = {}
    for k in rows["key_columns"]:
        key_columns.setdefault((k["table_name"], k["constraint_name"]), []).append(k)
    checks_by_name: dict[tuple[str | None, str], dict] = {}
    for c in rows["checks"]:
        checks_by_name[(c.get("table_name"), c["constraint_name"])] = c
    for tc in rows["table_constraints"]:
        table, name, kind = tc["table_name"], tc["constraint_name"], tc["constraint_type"]
        constraint: dict[str, Any] = {"type": kind, "enforced": tc.get("enforced")}
        columns = key_columns.get((table, name), [])
        if columns:
            constraint["columns"] = [k["column_name"] for k in columns]
        if kind == "FOREIGN KEY":
            ref = referential.get((table, name), {})
            constraint |= {
                "ref_table": columns[0]["referenced_table_name"]
                if columns
                else ref.get("referenced_table_name"),
                "ref_columns": [k["referenced_column_name"] for k in columns],
                "on_update": ref.get("update_rule"),
                "on_delete": ref.get("delete_rule"),
                "match": ref.get("match_option"),
            }
        if kind == "CHECK":
            check = checks_by_name.get((table, name)) or checks_by_name.get((None, name)) or {}
            constraint |= {"clause": check.get("check_clause"), "level": check.get("level")}
        tables[table].setdefault("constraints", {})[name] = constraint

    for t in rows["triggers"]:
        tables[t["event_object_table"]].setdefault("triggers", {})[t["trigger_name"]] = _keep(t, "TRIGGERS")

    for p in rows["partitions"]:
        name = p["partition_name"] + (f"/{p['subpartition_name']}" if p["subpartition_name"] else "")
        tables[p["table_name"]].setdefault("partitions", {})[name] = _keep(p, "PARTITIONS")

    parameters: dict[str, list[dict]] = {}
    for p in rows["parameters"]:
        if p["ordinal_position"] == 0:  # a function's return value, already in DTD_IDENTIFIER
            continue
        key = f"{p['routine_type']} {p['specific_name']}"
        parameters.setdefault(key, []).append(
            {"mode": p["parameter_mode"], "name": p["parameter_name"], "type": p["dtd_identifier"]}
        )
    routines: dict[str, dict] = {}
    for r in rows["routines"]:
        key = f"{r['routine_type']} {r['routine_name']}"
        routines[key] = _keep(r, "ROUTINES") | {"parameters": parameters.get(key, [])}

    return {
        "engine": "mysql",
        "server": "mariadb" if "mariadb" in rows["version"][0]["version"].lower() else "mysql",
        "database": _keep(rows["schema"][0], "SCHEMATA"),
        "tables": tables,
        "views": views,
        "routines": routines,
        "events": {e["event_name"]: _keep(e, "EVENTS") for e in rows["events"]},
    }


def prune(value: Any) -> Any:
    """Drop None and empty containers (but not empty strings: a comment '' and no comment are the same
    thing to MySQL, and it stores ''), sort dict keys, make every value JSON-able."""
    if isinstance(value, dict):
        out = {}
        for key in sorted(value):
            item = prune(value[key])
            if item is None or item == {}:
                continue
            out[str(key)] = item
        return out
    if isinstance(value, (list, tuple)):
        return [prune(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def strip_database(value: Any, database: str) -> Any:
    """Remove the database's own name where the server writes it as a qualifier."""
    qualifier = f"`{database}`."
    if isinstance(value, dict):
        return {k: strip_database(v, database) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_database(v, database) for v in value]
    if isinstance(value, str):
        return value.replace(qualifier, "")
    return value
