"""A PostgreSQL database described straight from pg_catalog, independently of npa's introspection.

``snapshot(url_or_connection)`` returns a sorted, JSON-able dict of every user object in every user
schema: tables (kinds, inheritance, partitioning), columns, constraints, indexes, triggers, rules,
policies, views, materialized views, sequences, types (enums, domains, composites, ranges), functions,
procedures and aggregates, extensions, schemas and the rarer kinds (collations, operators, casts,
statistics, event triggers, publications, foreign servers, text search configurations, default
privileges). Texts are the engine's own deparsed forms (``pg_get_viewdef``, ``pg_get_indexdef``,
``pg_get_constraintdef``, ``pg_get_functiondef``, ``pg_get_triggerdef``, ``pg_get_ruledef``,
``pg_get_expr``), so two databases built from different DDL compare equal exactly when the engine
holds the same thing. No OID and no database name reaches the output; objects are keyed by their
qualified names. The session is pinned while reading (``search_path=''`` so every user name is
schema-qualified, ``TimeZone=UTC`` so timestamptz partition bounds print the same everywhere) and
restored afterwards.

Objects that belong to an extension are described by the extension, not one by one. Column options
named ``pg_attver=...`` are left out: the PostgreSQL on this machine stamps one on every column with a
value that differs per database, so it says nothing about the schema.
"""

from __future__ import annotations

from typing import Any

#: the schemas that hold user objects
USER_SCHEMA = (
    "{ns}.nspname NOT IN ('pg_catalog', 'information_schema') AND {ns}.nspname !~ '^pg_(toast|temp_)'"
)

#: settings pinned for the snapshot (deparsed text depends on them)
SETTINGS = {"search_path": "", "TimeZone": "UTC", "DateStyle": "ISO, YMD", "IntervalStyle": "postgres"}

ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
MATCH = {"s": "SIMPLE", "f": "FULL", "p": "PARTIAL"}
CONSTRAINT_KINDS = {
    "p": "primary key",
    "u": "unique",
    "f": "foreign key",
    "c": "check",
    "x": "exclusion",
    "t": "constraint trigger",
}
RELATION_KINDS = {
    "r": "table",
    "p": "partitioned table",
    "f": "foreign table",
    "v": "view",
    "m": "materialized view",
    "S": "sequence",
    "c": "composite type",
}
TYPE_KINDS = {"e": "enum", "d": "domain", "c": "composite", "r": "range", "b": "base", "p": "pseudo"}
FUNCTION_KINDS = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
IDENTITY = {"a": "ALWAYS", "d": "BY DEFAULT"}
GENERATED = {"s": "STORED", "v": "VIRTUAL"}
TRIGGER_ENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}
REPLICA_IDENTITY = {"d": "default", "n": "nothing", "f": "full", "i": "index"}


def not_extension_member(catalog: str, oid: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '{catalog}'::regclass"
        f" AND dep.objid = {oid} AND dep.deptype = 'e')"
    )


def user_relation(alias: str = "c") -> str:
    """``alias`` is a pg_class row: in a user schema and not an extension's."""
    return (
        f"EXISTS (SELECT 1 FROM pg_catalog.pg_namespace ns WHERE ns.oid = {alias}.relnamespace AND "
        + USER_SCHEMA.format(ns="ns")
        + f") AND {not_extension_member('pg_class', alias + '.oid')}"
    )


# --- the catalog queries (also the reference for npa's introspection work) --------------------------

QUERIES: dict[str, str] = {
    "database": """
        SELECT pg_catalog.pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collate,
               d.datctype AS ctype, pg_catalog.shobj_description(d.oid, 'pg_database') AS comment
        FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()""",
    "schemas": f"""
        SELECT n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner, n.nspacl::text AS acl,
               pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
        FROM pg_catalog.pg_namespace n
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_namespace", "n.oid")}""",
    "extensions": """
        SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema,
               pg_catalog.obj_description(e.oid, 'pg_extension') AS comment
        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace""",
    "relations": f"""
        SELECT c.oid::regclass::text AS name, c.relkind AS kind, c.relpersistence AS persistence,
               pg_catalog.pg_get_userbyid(c.relowner) AS owner, c.relacl::text AS acl,
               c.reloptions AS options, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
               c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
               c.relreplident AS replica_identity, am.amname AS access_method, ts.spcname AS tablespace,
               CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
               CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid, true) END
                   AS partition_bound,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS definition,
               CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
               ft.ftoptions AS foreign_options, fs.srvname AS foreign_server
        FROM pg_catalog.pg_class c
        LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
        LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
        LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND {user_relation()}""",
    "inheritance": f"""
        SELECT i.inhrelid::regclass::text AS child, i.inhparent::regclass::text AS parent, i.inhseqno AS seqno,
               c.relispartition AS is_partition
        FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE c.relkind IN ('r', 'p', 'f') AND {user_relation()}""",
    "columns": f"""
        SELECT a.attrelid::regclass::text AS relation, a.attname AS name, a.attnum AS number,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
               CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) END AS default,
               CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) END
                   AS generated_expression,
               a.attgenerated AS generated, a.attidentity AS identity,
               CASE WHEN a.attcollation <> 0 THEN a.attcollation::regcollation::text END AS collation,
               pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
               a.attislocal AS local, a.attinhcount AS inherited_count, a.attndims AS declared_dimensions,
               NULLIF(a.attstattarget, -1) AS statistics,
               NULLIF(a.attstorage, t.typstorage) AS storage,
               NULLIF(pg_catalog.to_jsonb(a) ->> 'attcompression', '') AS compression,
               ARRAY(SELECT o FROM unnest(a.attoptions) o WHERE o NOT LIKE 'pg\\_attver=%' ORDER BY 1) AS options,
               a.attfdwoptions AS foreign_options, a.attacl::text AS acl
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
          AND {user_relation()}
        ORDER BY 1, a.attnum""",
    "constraints": f"""
        SELECT con.conrelid::regclass::text AS relation, con.conname AS name, con.contype AS kind,
               pg_catalog.pg_get_constraintdef(con.oid, true) AS definition,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS columns,
               CASE WHEN con.confrelid <> 0 THEN con.confrelid::regclass::text END AS ref_table,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS ref_columns,
               con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match,
               con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
               con.conislocal AS local, con.coninhcount AS inherited_count, con.connoinherit AS no_inherit,
               CASE WHEN con.conindid <> 0 THEN con.conindid::regclass::text END AS index,
               (SELECT p.conname FROM pg_catalog.pg_constraint p WHERE p.oid = con.conparentid) AS parent,
               pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment
        FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
        WHERE {user_relation()}""",
    "indexes": f"""
        SELECT i.indrelid::regclass::text AS relation, ic.relname AS name, am.amname AS method,
               pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
               i.indisunique AS unique, i.indisprimary AS primary, i.indisexclusion AS exclusion,
               i.indimmediate AS immediate, i.indisvalid AS valid, i.indisclustered AS clustered,
               i.indisreplident AS replica_identity,
               (pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean AS nulls_not_distinct,
               i.indnkeyatts AS key_count,
               ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                     FROM generate_series(1, i.indnatts) k ORDER BY k) AS keys,
               i.indoption::int2[] AS key_options,
               ARRAY(SELECT CASE WHEN opc.opcdefault THEN opc.opcname || ' (default)' ELSE opc.opcname END
                     FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(opc_oid, ord)
                     JOIN pg_catalog.pg_opclass opc ON opc.oid = k.opc_oid ORDER BY k.ord) AS opclasses,
               ARRAY(SELECT CASE WHEN k.coll = 0 THEN NULL ELSE k.coll::regcollation::text END
                     FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(coll, ord) ORDER BY k.ord)
                   AS collations,
               pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
               ic.reloptions AS options, ts.spcname AS tablespace,
               (SELECT h.inhparent::regclass::text FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
                   AS parent_index,
               pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
        JOIN pg_catalog.pg_am am ON am.oid = ic.relam
        LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
        WHERE {user_relation()}""",
    "triggers": f"""
        SELECT t.tgrelid::regclass::text AS relation, t.tgname AS name,
               pg_catalog.pg_get_triggerdef(t.oid, true) AS definition, t.tgenabled AS enabled,
               (pg_catalog.to_jsonb(t) ->> 'tgparentid')::oid <> 0 AS cloned_from_parent,
               pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
        FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND {user_relation()}""",
    "rules": f"""
        SELECT r.ev_class::regclass::text AS relation, r.rulename AS name,
               pg_catalog.pg_get_ruledef(r.oid, true) AS definition, r.ev_enabled AS enabled,
               pg_catalog.obj_description(r.oid, 'pg_rewrite') AS comment
        FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
        WHERE r.rulename <> '_RETURN' AND {user_relation()}""",
    "policies": f"""
        SELECT p.polrelid::regclass::text AS relation, p.polname AS name, p.polcmd AS command,
               p.polpermissive AS permissive,
               ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END
                     FROM unnest(p.polroles) r ORDER BY 1) AS roles,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) AS using,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) AS with_check,
               pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
        FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
        WHERE {user_relation()}""",
    "sequences": f"""
        SELECT s.seqrelid::regclass::text AS name, pg_catalog.format_type(s.seqtypid, NULL) AS type,
               s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min, s.seqmax AS max,
               s.seqcache AS cache, s.seqcycle AS cycle, c.relpersistence AS persistence,
               pg_catalog.pg_get_userbyid(c.relowner) AS owner, c.relacl::text AS acl,
               pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
               d.deptype AS dependency,
               CASE WHEN d.refobjid IS NOT NULL THEN d.refobjid::regclass::text END AS owned_by_table,
               a.attname AS owned_by_column
        FROM pg_catalog.pg_sequence s
        JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
        LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE {user_relation()}""",
    "types": f"""
        SELECT t.oid::regtype::text AS name, t.typtype AS kind,
               pg_catalog.pg_get_userbyid(t.typowner) AS owner, t.typacl::text AS acl,
               pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
               CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END
                   AS base_type,
               t.typnotnull AS not_null, t.typdefault AS default,
               CASE WHEN t.typcollation <> 0 THEN t.typcollation::regcollation::text END AS collation,
               ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
                     ORDER BY e.enumsortorder) AS labels,
               CASE WHEN t.typtype = 'c' THEN t.typrelid::regclass::text END AS composite_relation,
               r.rngsubtype::regtype::text AS range_subtype,
               CASE WHEN r.rngcollation <> 0 THEN r.rngcollation::regcollation::text END AS range_collation,
               (SELECT opc.opcname FROM pg_catalog.pg_opclass opc WHERE opc.oid = r.rngsubopc) AS range_opclass,
               NULLIF(r.rngcanonical::regproc::text, '-') AS range_canonical,
               NULLIF(r.rngsubdiff::regproc::text, '-') AS range_subdiff,
               CASE WHEN t.typtype = 'b' THEN t.typinput::regproc::text END AS base_input,
               CASE WHEN t.typtype = 'b' THEN t.typoutput::regproc::text END AS base_output
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
        LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_type", "t.oid")}
          AND t.typtype IN ('e', 'd', 'c', 'r', 'b', 'p')
          AND (t.typrelid = 0 OR c.relkind = 'c')
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)""",
    "domain_constraints": f"""
        SELECT con.contypid::regtype::text AS type, con.conname AS name,
               pg_catalog.pg_get_constraintdef(con.oid, true) AS definition, con.convalidated AS validated,
               pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment
        FROM pg_catalog.pg_constraint con
        JOIN pg_catalog.pg_type t ON t.oid = con.contypid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE con.contypid <> 0 AND {USER_SCHEMA.format(ns="n")}""",
    "functions": f"""
        SELECT p.oid::regprocedure::text AS signature, p.prokind AS kind, l.lanname AS language,
               pg_catalog.pg_get_userbyid(p.proowner) AS owner, p.proacl::text AS acl,
               pg_catalog.obj_description(p.oid, 'pg_proc') AS comment,
               pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
               pg_catalog.pg_get_function_result(p.oid) AS result,
               CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition,
               a.aggkind AS aggregate_kind, a.aggnumdirectargs AS aggregate_direct_args,
               NULLIF(a.aggtransfn::text, '-') AS aggregate_sfunc,
               NULLIF(a.aggfinalfn::text, '-') AS aggregate_finalfunc,
               NULLIF(a.aggcombinefn::text, '-') AS aggregate_combinefunc,
               NULLIF(a.aggserialfn::text, '-') AS aggregate_serialfunc,
               NULLIF(a.aggdeserialfn::text, '-') AS aggregate_deserialfunc,
               NULLIF(a.aggmtransfn::text, '-') AS aggregate_msfunc,
               NULLIF(a.aggminvtransfn::text, '-') AS aggregate_minvfunc,
               NULLIF(a.aggmfinalfn::text, '-') AS aggregate_mfinalfunc,
               CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::regoperator::text END AS aggregate_sortop,
               CASE WHEN a.aggtranstype <> 0 THEN pg_catalog.format_type(a.aggtranstype, NULL) END
                   AS aggregate_stype,
               CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END
                   AS aggregate_mstype,
               a.agginitval AS aggregate_initcond, a.aggminitval AS aggregate_minitcond,
               a.aggfinalextra AS aggregate_finalfunc_extra, a.aggfinalmodify AS aggregate_finalfunc_modify,
               CASE WHEN a.aggfnoid IS NOT NULL THEN p.proparallel END AS aggregate_parallel
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
        LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_proc", "p.oid")}""",
    # --- rarer kinds: none in the corpora, read so that a real database's are not missed ------------
    "languages": f"""
        SELECT l.lanname AS name, l.lanpltrusted AS trusted, pg_catalog.pg_get_userbyid(l.lanowner) AS owner
        FROM pg_catalog.pg_language l WHERE l.lanispl AND {not_extension_member("pg_language", "l.oid")}""",
    "collations": f"""
        SELECT c.oid::regcollation::text AS name, c.collprovider AS provider,
               c.collisdeterministic AS deterministic, c.collcollate AS collate, c.collctype AS ctype,
               pg_catalog.to_jsonb(c) ->> 'colliculocale' AS icu_locale
        FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_collation", "c.oid")}""",
    "operators": f"""
        SELECT o.oid::regoperator::text AS name, o.oprcode::regproc::text AS function,
               NULLIF(o.oprcom::regoperator::text, '0') AS commutator,
               NULLIF(o.oprnegate::regoperator::text, '0') AS negator,
               NULLIF(o.oprrest::regproc::text, '-') AS restrict, NULLIF(o.oprjoin::regproc::text, '-') AS join,
               o.oprcanmerge AS merges, o.oprcanhash AS hashes
        FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_operator", "o.oid")}""",
    "casts": f"""
        SELECT pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL)
                   AS name,
               CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function,
               c.castcontext AS context, c.castmethod AS method
        FROM pg_catalog.pg_cast c
        WHERE c.oid >= 16384 AND {not_extension_member("pg_cast", "c.oid")}""",
    "statistics": f"""
        SELECT n.nspname || '.' || s.stxname AS name, s.stxrelid::regclass::text AS relation,
               pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition
        FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
        WHERE {USER_SCHEMA.format(ns="n")}""",
    "event_triggers": """
        SELECT e.evtname AS name, e.evtevent AS event, e.evtfoid::regproc::text AS function,
               e.evtenabled AS enabled, e.evttags AS tags
        FROM pg_catalog.pg_event_trigger e""",
    "publications": """
        SELECT p.pubname AS name, p.puballtables AS all_tables, p.pubinsert AS inserts,
               p.pubupdate AS updates, p.pubdelete AS deletes, p.pubtruncate AS truncates,
               ARRAY(SELECT r.prrelid::regclass::text FROM pg_catalog.pg_publication_rel r
                     WHERE r.prpubid = p.oid ORDER BY 1) AS tables
        FROM pg_catalog.pg_publication p""",
    "foreign_servers": """
        SELECT s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
               s.srvoptions AS options
        FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw""",
    "text_search_configurations": f"""
        SELECT c.oid::regconfig::text AS name, p.prsname AS parser
        FROM pg_catalog.pg_ts_config c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
        JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
        WHERE {USER_SCHEMA.format(ns="n")} AND {not_extension_member("pg_ts_config", "c.oid")}""",
    "default_privileges": """
        SELECT pg_catalog.pg_get_userbyid(d.defaclrole) || ' ' || COALESCE(n.nspname, '*') || ' '
                   || d.defaclobjtype::text AS name,
               d.defaclacl::text AS acl
        FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace""",
}


# --- reading -----------------------------------------------------------------------------------------


def snapshot(target: Any) -> dict:
    """``target``: a ``postgresql://`` URL or an open psycopg connection (left open, settings restored;
    inside a transaction the snapshot sees the transaction's uncommitted DDL)."""
    import psycopg

    if isinstance(target, str):
        with psycopg.connect(target, autocommit=True) as conn:
            return _snapshot(conn)
    return _snapshot(target)


def _snapshot(conn: Any) -> dict:
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        saved = {}
        for name, value in SETTINGS.items():
            cur.execute("SELECT pg_catalog.current_setting(%s) AS v", (name,))
            saved[name] = cur.fetchone()["v"]
            cur.execute("SELECT pg_catalog.set_config(%s, %s, false)", (name, value))
        try:
            rows = {}
            for key, sql in QUERIES.items():
                cur.execute(sql)
                rows[key] = cur.fetchall()
        finally:
            for name, value in saved.items():
                cur.execute("SELECT pg_catalog.set_config(%s, %s, false)", (name, value))
    return build(rows)


def build(rows: dict[str, list[dict]]) -> dict:
    """The query rows → the nested snapshot (pure: no database)."""
    relations: dict[str, dict] = {}
    for r in rows["relations"]:
        relations[r["name"]] = {
            "kind": RELATION_KINDS[r["kind"]],
            "persistence": {"p": None, "u": "unlogged", "t": "temporary"}[r["persistence"]],
            "owner": r["owner"],
            "acl": r["acl"],
            "options": r["options"],
            "comment": r["comment"],
            "row_security": r["row_security"] or None,
            "force_row_security": r["force_row_security"] or None,
            "replica_identity": REPLICA_IDENTITY[r["replica_identity"]]
            if r["kind"] in ("r", "p") and r["replica_identity"] != "d"
            else None,
            "access_method": r["access_method"],
            "tablespace": r["tablespace"],
            "partition_key": r["partition_key"],
            "partition_bound": r["partition_bound"],
            "definition": r["definition"],
            "populated": r["populated"],
            "foreign_server": r["foreign_server"],
            "foreign_options": r["foreign_options"],
        }
    for r in sorted(rows["inheritance"], key=lambda r: (r["child"], r["seqno"])):
        rel = relations.get(r["child"])
        if rel is None:
            continue
        if r["is_partition"]:
            rel["partition_of"] = r["parent"]
        else:
            rel.setdefault("inherits", []).append(r["parent"])

    composites: dict[str, dict] = {}
    positions: dict[str, int] = {}
    for r in rows["columns"]:
        position = positions[r["relation"]] = positions.get(r["relation"], 0) + 1
        column = {
            "position": position,
            "type": r["type"],
            "not_null": r["not_null"],
            "default": r["default"],
            "identity": IDENTITY.get(r["identity"]),
            "generated": GENERATED.get(r["generated"]),
            "generated_expression": r["generated_expression"],
            "collation": r["collation"],
            "comment": r["comment"],
            "local": r["local"],
            "inherited_count": r["inherited_count"] or None,
            "declared_dimensions": r["declared_dimensions"] or None,
            "statistics": r["statistics"],
            "storage": r["storage"],
            "compression": r["compression"],
            "options": r["options"],
            "foreign_options": r["foreign_options"],
            "acl": r["acl"],
        }
        owner = relations.get(r["relation"])
        if owner is None:  # a composite type's attributes
            composites.setdefault(r["relation"], {})[r["name"]] = column
        else:
            owner.setdefault("columns", {})[r["name"]] = column

    for r in rows["constraints"]:
        relations[r["relation"]].setdefault("constraints", {})[r["name"]] = {
            "kind": CONSTRAINT_KINDS[r["kind"]],
            "definition": r["definition"],
            "columns": r["columns"],
            "ref_table": r["ref_table"],
            "ref_columns": r["ref_columns"] or None,
            "on_update": ACTIONS.get(r["on_update"]) if r["kind"] == "f" else None,
            "on_delete": ACTIONS.get(r["on_delete"]) if r["kind"] == "f" else None,
            "match": MATCH.get(r["match"]) if r["kind"] == "f" else None,
            "deferrable": r["deferrable"],
            "deferred": r["deferred"],
            "validated": r["validated"],
            "local": r["local"],
            "inherited_count": r["inherited_count"] or None,
            "no_inherit": r["no_inherit"] or None,
            "index": r["index"],
            "parent": r["parent"],
            "comment": r["comment"],
        }

    for r in rows["indexes"]:
        count = r["key_count"]
        keys = []
        for i, expression in enumerate(r["keys"][:count]):
            option = r["key_options"][i]
            descending = bool(option & 1)
            keys.append(
                {
                    "key": expression,
                    "order": "DESC" if descending else "ASC",
                    "nulls": "FIRST" if option & 2 else "LAST",
                    "opclass": r["opclasses"][i],
                    "collation": r["collations"][i],
                }
            )
        relations[r["relation"]].setdefault("indexes", {})[r["name"]] = {
            "method": r["method"],
            "definition": r["definition"],
            "keys": keys,
            "include": r["keys"][count:] or None,
            "predicate": r["predicate"],
            "unique": r["unique"],
            "primary": r["primary"] or None,
            "exclusion": r["exclusion"] or None,
            "immediate": r["immediate"],
            "nulls_not_distinct": r["nulls_not_distinct"] or None,
            "valid": r["valid"],
            "clustered": r["clustered"] or None,
            "replica_identity": r["replica_identity"] or None,
            "options": r["options"],
            "tablespace": r["tablespace"],
            "parent_index": r["parent_index"],
            "comment": r["comment"],
        }

    for r in rows["triggers"]:
        relations[r["relation"]].setdefault("triggers", {})[r["name"]] = {
            "definition": r["definition"],
            "enabled": TRIGGER_ENABLED[r["enabled"]],
            "cloned_from_parent": r["cloned_from_parent"] or None,
            "comment": r["comment"],
        }
    for r in rows["rules"]:
        relations[r["relation"]].setdefault("rules", {})[r["name"]] = {
            "definition": r["definition"],
            "enabled": TRIGGER_ENABLED[r["enabled"]],
            "comment": r["comment"],
        }
    for r in rows["policies"]:
        relations[r["relation"]].setdefault("policies", {})[r["name"]] = {
            "command": {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}[r["command"]],
            "permissive": r["permissive"],
            "roles": r["roles"],
            "using": r["using"],
            "with_check": r["with_check"],
            "comment": r["comment"],
        }

    sequences: dict[str, dict] = {}
    identity_sequences: dict[tuple[str, str], dict] = {}
    for r in rows["sequences"]:
        sequence = {
            "type": r["type"],
            "start": r["start"],
            "increment": r["increment"],
            "min": r["min"],
            "max": r["max"],
            "cache": r["cache"],
            "cycle": r["cycle"],
            "persistence": {"p": None, "u": "unlogged", "t": "temporary"}[r["persistence"]],
            "owner": r["owner"],
            "acl": r["acl"],
            "comment": r["comment"],
        }
        if r["dependency"] == "i":
            identity_sequences[(r["owned_by_table"], r["owned_by_column"])] = {"name": r["name"], **sequence}
            continue
        if r["dependency"] == "a":
            sequence["owned_by"] = f"{r['owned_by_table']}.{r['owned_by_column']}"
        sequences[r["name"]] = sequence
    for (table, column), sequence in identity_sequences.items():
        relations[table]["columns"][column]["identity_sequence"] = sequence

    types: dict[str, dict] = {}
    for r in rows["types"]:
        kind = TYPE_KINDS[r["kind"]]
        types[r["name"]] = {
            "kind": kind,
            "owner": r["owner"],
            "acl": r["acl"],
            "comment": r["comment"],
            "base_type": r["base_type"],
            "not_null": r["not_null"] or None,
            "default": r["default"],
            "collation": r["collation"] if kind in ("domain", "enum") else None,
            "labels": r["labels"] if kind == "enum" else None,
            "attributes": composites.get(r["composite_relation"]) if r["composite_relation"] else None,
            "range_subtype": r["range_subtype"],
            "range_collation": r["range_collation"],
            "range_opclass": r["range_opclass"],
            "range_canonical": r["range_canonical"],
            "range_subdiff": r["range_subdiff"],
            "base_input": r["base_input"],
            "base_output": r["base_output"],
        }
    for r in rows["domain_constraints"]:
        types[r["type"]].setdefault("constraints", {})[r["name"]] = {
            "definition": r["definition"],
            "validated": r["validated"],
            "comment": r["comment"],
        }

    functions: dict[str, dict] = {}
    for r in rows["functions"]:
        functions[r["signature"]] = _without(r, "signature") | {"kind": FUNCTION_KINDS[r["kind"]]}

    snap = {
        "engine": "postgresql",
        "database": rows["database"][0],
        "schemas": {r["name"]: _without(r, "name") for r in rows["schemas"]},
        "extensions": {r["name"]: _without(r, "name") for r in rows["extensions"]},
        "tables": {n: r for n, r in relations.items() if r["kind"] not in ("view", "materialized view")},
        "views": {n: r for n, r in relations.items() if r["kind"] == "view"},
        "materialized_views": {n: r for n, r in relations.items() if r["kind"] == "materialized view"},
        "sequences": sequences,
        "types": types,
        "functions": functions,
    }
    for key in (
        "languages",
        "collations",
        "operators",
        "casts",
        "statistics",
        "event_triggers",
        "publications",
        "foreign_servers",
        "text_search_configurations",
        "default_privileges",
    ):
        snap[key] = {r["name"]: _without(r, "name") for r in rows[key]}
    return prune(snap)


def _without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def prune(value: Any) -> Any:
    """Drop None and empty containers, sort dict keys, and make every value JSON-able."""
    if isinstance(value, dict):
        out = {}
        for key in sorted(value):
            item = prune(value[key])
            if item is None or item == {} or item == []:
                continue
            out[str(key)] = item
        return out
    if isinstance(value, (list, tuple)):
        return [prune(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
