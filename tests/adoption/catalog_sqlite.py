"""A SQLite database described straight from sqlite_master and the PRAGMAs, independently of npa.

``snapshot(url_or_connection)`` returns a sorted, JSON-able dict: tables (columns with the declared type
exactly as written, NOT NULL, the default as written, primary-key position, generated columns; the
primary key, unique constraints, foreign keys with their actions, checks; WITHOUT ROWID / STRICT), every
index with its columns, order and collation (``PRAGMA index_list`` / ``index_xinfo``, engine-generated
``sqlite_autoindex_*`` names kept), views, triggers and virtual tables.

SQLite keeps no catalog for what only the CREATE TABLE text says (constraint names, checks, column
collations, generated expressions, DEFERRABLE, AUTOINCREMENT, index expressions and predicates, view and
trigger bodies), so those are read from ``sqlite_master.sql`` with a small tokenizer written here. Where
SQL text is compared it is in a canonical form: comments and whitespace dropped, unquoted words and
quoted identifiers lower-cased (SQLite folds identifier case), string literals kept exactly. That is the
only normalisation SQLite's own text allows; nothing from npa is used.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

# --- tokens ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # word, ident (quoted identifier), string, number, blob, op
    text: str  # for ident: the identifier unquoted; otherwise the source text

    @property
    def word(self) -> str:
        """The token as a keyword candidate: unquoted words only, lower-case."""
        return self.text.lower() if self.kind == "word" else ""

    @property
    def name(self) -> str:
        """The token as an identifier (SQLite folds ASCII case)."""
        return self.text.lower() if self.kind in ("word", "ident", "string") else self.text


_OPERATORS = ("->>", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->")
_SIMPLE_NAME = re.compile(r"[a-z_][a-z0-9_$]*")


def tokenize(sql: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "'\"`[":
            close = {"'": "'", '"': '"', "`": "`", "[": "]"}[ch]
            j, parts = i + 1, []
            while j < n:
                if sql[j] == close:
                    if close != "]" and j + 1 < n and sql[j + 1] == close:
                        parts.append(close)
                        j += 2
                        continue
                    break
                parts.append(sql[j])
                j += 1
            text = "".join(parts)
            if ch == "'":
                tokens.append(Token("string", text))
            else:
                tokens.append(Token("ident", text))
            i = j + 1
        elif ch in "xX" and i + 1 < n and sql[i + 1] == "'":
            end = sql.find("'", i + 2)
            tokens.append(Token("blob", sql[i : end + 1].lower()))
            i = end + 1
        elif ch.isdigit() or (ch == "." and i + 1 < n and sql[i + 1].isdigit()):
            m = re.match(r"0x[0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", sql[i:])
            assert m is not None
            tokens.append(Token("number", m.group(0)))
            i += len(m.group(0))
        elif ch.isalnum() or ch in "_$" or ord(ch) > 127:
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$" or ord(sql[j]) > 127):
                j += 1
            tokens.append(Token("word", sql[i:j]))
            i = j
        else:
            op = next((o for o in _OPERATORS if sql.startswith(o, i)), ch)
            tokens.append(Token("op", op))
            i += len(op)
    return tokens


def canonical(tokens: list[Token]) -> str:
    """One spelling per statement or expression: see the module docstring."""
    out: list[str] = []
    for tok in tokens:
        if tok.kind == "string":
            text = "'" + tok.text.replace("'", "''") + "'"
        elif tok.kind in ("word", "ident"):
            lowered = tok.text.lower()
            text = lowered if _SIMPLE_NAME.fullmatch(lowered) else '"' + lowered.replace('"', '""') + '"'
        else:
            text = tok.text
        if out and not (out[-1].endswith("(") or out[-1] == "." or text in (")", ",", ".")):
            out.append(" ")
        out.append(text)
    return "".join(out)


def canonical_sql(sql: str | None) -> str | None:
    return None if sql is None else canonical(tokenize(sql))


def _group_end(tokens: list[Token], start: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i].kind == "op" and tokens[i].text == "(":
            depth += 1
        elif tokens[i].kind == "op" and tokens[i].text == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced parentheses")


def _split_top_level(tokens: list[Token]) -> list[list[Token]]:
    items: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.kind == "op" and tok.text == "(":
            depth += 1
        elif tok.kind == "op" and tok.text == ")":
            depth -= 1
        if depth == 0 and tok.kind == "op" and tok.text == ",":
            items.append([])
        else:
            items[-1].append(tok)
    return [item for item in items if item]


def _names_in_group(tokens: list[Token]) -> list[str]:
    """``(a, b DESC, c COLLATE x)`` → ``[a, b, c]``."""
    return [item[0].name for item in _split_top_level(tokens[1:-1])]


# --- CREATE TABLE text -------------------------------------------------------------------------------

_COLUMN_CONSTRAINT_WORDS = {
    "constraint",
    "primary",
    "not",
    "null",
    "unique",
    "check",
    "default",
    "collate",
    "references",
    "generated",
    "as",
}
_TABLE_CONSTRAINT_WORDS = {"constraint", "primary", "unique", "check", "foreign"}


def parse_table(sql: str) -> dict:
    """What only the CREATE TABLE text holds: names, checks, collations, generated expressions, options."""
    tokens = tokenize(sql)
    open_at = next(i for i, t in enumerate(tokens) if t.kind == "op" and t.text == "(")
    close_at = _group_end(tokens, open_at)
    columns: dict[str, dict] = {}
    constraints: list[dict] = []
    for item in _split_top_level(tokens[open_at + 1 : close_at]):
        if item[0].word in _TABLE_CONSTRAINT_WORDS:
            constraints.append(_table_constraint(item))
        else:
            name, column, column_constraints = _column(item)
            columns[name] = column
            constraints.extend(column_constraints)
    options = canonical(tokens[close_at + 1 :]).rstrip(";").strip() or None
    return {"columns": columns, "constraints": constraints, "options": options}


def _constraint_name(item: list[Token], i: int) -> tuple[str | None, int]:
    if item[i].word == "constraint":
        return item[i + 1].text, i + 2
    return None, i


def _table_constraint(item: list[Token]) -> dict:
    name, i = _constraint_name(item, 0)
    kind = item[i].word
    if kind == "check":
        end = _group_end(item, i + 1)
        return {"kind": "check", "name": name, "expression": canonical(item[i + 2 : end])}
    if kind in ("primary", "unique"):
        start = i + 2 if kind == "primary" else i + 1
        end = _group_end(item, start)
        return {
            "kind": "primary key" if kind == "primary" else "unique",
            "name": name,
            "columns": _names_in_group(item[start : end + 1]),
            "clause": canonical(item[end + 1 :]) or None,
        }
    # FOREIGN KEY (cols) REFERENCES t (cols) ...
    start = i + 2
    end = _group_end(item, start)
    fk = _references(item, end + 2)
    return {"kind": "foreign key", "name": name, "columns": _names_in_group(item[start : end + 1]), **fk}


def _references(item: list[Token], i: int) -> dict:
    """From the table name after REFERENCES: the referenced table and the DEFERRABLE clause."""
    table = item[i].name
    rest = item[i + 1 :]
    deferrable = None
    words = [t.word for t in rest]
    if "deferrable" in words:
        at = words.index("deferrable")
        start = at - 1 if at > 0 and words[at - 1] == "not" else at
        deferrable = canonical(rest[start:])
    return {"ref_table": table, "deferrable": deferrable}


def _column(item: list[Token]) -> tuple[str, dict, list[dict]]:
    name = item[0].name
    i = 1
    while i < len(item) and item[i].word not in _COLUMN_CONSTRAINT_WORDS:
        if item[i].kind == "op" and item[i].text == "(":
            i = _group_end(item, i)
        i += 1
    column: dict[str, Any] = {}
    constraints: list[dict] = []
    pending_name: str | None = None
    while i < len(item):
        word = item[i].word
        if word == "constraint":
            pending_name = item[i + 1].text
            i += 2
            continue
        if word == "collate":
            column["collation"] = item[i + 1].name
            i += 2
        elif word == "check":
            end = _group_end(item, i + 1)
            constraints.append(
                {
                    "kind": "check",
                    "name": pending_name,
                    "column": item[0].text,
                    "expression": canonical(item[i + 2 : end]),
                }
            )
            i = end + 1
        elif word in ("generated", "as"):
            while item[i].word != "as":
                i += 1
            end = _group_end(item, i + 1)
            column["generated_expression"] = canonical(item[i + 2 : end])
            i = end + 1
            if i < len(item) and item[i].word in ("stored", "virtual"):
                i += 1
        elif word == "primary":
            j = i + 2
            while j < len(item) and item[j].word not in _COLUMN_CONSTRAINT_WORDS:
                j += 1
            clause = canonical(item[i + 2 : j])
            if "autoincrement" in clause.split():
                column["autoincrement"] = True
            constraints.append({"kind": "primary key", "name": pending_name, "columns": [name]})
            i = j
        elif word == "unique":
            constraints.append({"kind": "unique", "name": pending_name, "columns": [name]})
            i += 1
        elif word == "references":
            j = i + 1
            while j < len(item) and item[j].word not in _COLUMN_CONSTRAINT_WORDS - {"not"}:
                j += 1
            constraints.append(
                {
                    "kind": "foreign key",
                    "name": pending_name,
                    "columns": [name],
                    **_references(item[:j], i + 1),
                }
            )
            i = j
        elif word == "default":
            i += 2 if not (item[i + 1].kind == "op" and item[i + 1].text == "(") else 1
            if i < len(item) and item[i].kind == "op" and item[i].text == "(":
                i = _group_end(item, i) + 1
        else:  # NOT NULL, NULL, ON CONFLICT clauses: the PRAGMAs have them
            i += 1
            continue
        pending_name = None
    return name, column, constraints


def parse_index(sql: str) -> dict:
    """CREATE [UNIQUE] INDEX name ON table (items) [WHERE expr]: the items and the predicate, canonical."""
    tokens = tokenize(sql)
    open_at = next(i for i, t in enumerate(tokens) if t.kind == "op" and t.text == "(")
    close_at = _group_end(tokens, open_at)
    items = [canonical(item) for item in _split_top_level(tokens[open_at + 1 : close_at])]
    rest = tokens[close_at + 1 :]
    where = canonical(rest[1:]).rstrip(";").strip() if rest and rest[0].word == "where" else None
    return {"items": items, "where": where}


# --- the snapshot ------------------------------------------------------------------------------------

#: the catalog queries (also the reference for npa's introspection work); ``{name}`` is a quoted name
QUERIES = {
    "objects": "SELECT type, name, tbl_name, sql FROM sqlite_master"
    " WHERE type <> 'table' OR name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    "table_columns": "PRAGMA table_xinfo({name})",
    "foreign_keys": "PRAGMA foreign_key_list({name})",
    "indexes": "PRAGMA index_list({name})",
    "index_columns": "PRAGMA index_xinfo({name})",
    "encoding": "PRAGMA encoding",
    "user_version": "PRAGMA user_version",
    "application_id": "PRAGMA application_id",
    "autoincrement": "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'",
}

HIDDEN = {0: None, 1: "hidden", 2: "VIRTUAL", 3: "STORED"}


def snapshot(target: Any) -> dict:
    """``target``: a ``sqlite:///path`` URL or an open sqlite3 connection (left open)."""
    if isinstance(target, str):
        conn = sqlite3.connect(target.removeprefix("sqlite:///"))
        try:
            return _snapshot(conn)
        finally:
            conn.close()
    return _snapshot(target)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _snapshot(conn: sqlite3.Connection) -> dict:
    def rows(query: str, name: str | None = None) -> list[dict]:
        cur = conn.execute(QUERIES[query].format(name=_quote(name or "")))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    objects = rows("objects")
    tables: dict[str, dict] = {}
    views: dict[str, dict] = {}
    virtual_tables: dict[str, dict] = {}
    for obj in objects:
        if obj["type"] == "table" and obj["sql"].lstrip().upper().startswith("CREATE VIRTUAL"):
            virtual_tables[obj["name"]] = {"sql": canonical_sql(obj["sql"])}
        elif obj["type"] == "table":
            tables[obj["name"]] = _table(obj["name"], obj["sql"], rows, objects)
        elif obj["type"] == "view":
            views[obj["name"]] = {
                "sql": canonical_sql(obj["sql"]),
                "columns": {
                    c["name"]: {"position": c["cid"] + 1, "type": c["type"] or None}
                    for c in rows("table_columns", obj["name"])
                },
            }
    for obj in objects:
        if obj["type"] == "trigger":
            owner = tables.get(obj["tbl_name"]) or views.get(obj["tbl_name"])
            if owner is not None:
                owner.setdefault("triggers", {})[obj["name"]] = {"sql": canonical_sql(obj["sql"])}
    database = {
        key: conn.execute(QUERIES[key]).fetchone()[0]
        for key in ("encoding", "user_version", "application_id")
    }
    database["autoincrement_counters"] = bool(conn.execute(QUERIES["autoincrement"]).fetchone()[0])
    return prune(
        {
            "engine": "sqlite",
            "database": database,
            "tables": tables,
            "views": views,
            "virtual_tables": virtual_tables,
        }
    )


def _table(name: str, sql: str, rows: Any, objects: list[dict]) -> dict:
    parsed = parse_table(sql)
    index_sql = {o["name"]: o["sql"] for o in objects if o["type"] == "index"}
    columns: dict[str, dict] = {}
    pk: list[tuple[int, str]] = []
    for c in rows("table_columns", name):
        extra = parsed["columns"].get(c["name"].lower(), {})
        columns[c["name"]] = {
            "position": c["cid"] + 1,
            "type": c["type"] or None,
            "not_null": bool(c["notnull"]),
            "default": c["dflt_value"],
            "generated": HIDDEN[c["hidden"]],
            "generated_expression": extra.get("generated_expression"),
            "collation": extra.get("collation"),
            "autoincrement": extra.get("autoincrement"),
        }
        if c["pk"]:
            pk.append((c["pk"], c["name"]))
    table: dict[str, Any] = {"columns": columns, "options": parsed["options"]}

    named = {  # constraint names and clauses as declared, by kind and columns
        (con["kind"], tuple(con.get("columns", ())), con.get("ref_table")): con
        for con in parsed["constraints"]
    }
    if pk:
        columns_in_order = [n for _, n in sorted(pk)]
        declared = named.get(("primary key", tuple(c.lower() for c in columns_in_order), None), {})
        table["primary_key"] = {"columns": columns_in_order, "name": declared.get("name")}

    groups: dict[int, list[dict]] = {}
    for fk in rows("foreign_keys", name):
        groups.setdefault(fk["id"], []).append(fk)
    foreign_keys = {}
    for group in groups.values():
        group.sort(key=lambda r: r["seq"])
        cols = [r["from"] for r in group]
        ref_table = group[0]["table"]
        declared = named.get(("foreign key", tuple(c.lower() for c in cols), ref_table.lower()), {})
        key = declared.get("name") or f"(unnamed) ({', '.join(cols)}) -> {ref_table}"
        foreign_keys[key] = {
            "columns": cols,
            "ref_table": ref_table,
            "ref_columns": [r["to"] for r in group],
            "on_update": group[0]["on_update"],
            "on_delete": group[0]["on_delete"],
            "match": group[0]["match"],
            "deferrable": declared.get("deferrable"),
        }
    table["foreign_keys"] = foreign_keys

    checks = {}
    for n, con in enumerate((c for c in parsed["constraints"] if c["kind"] == "check"), 1):
        checks[con["name"] or f"(unnamed {n})"] = {
            "expression": con["expression"],
            "column": con.get("column"),
        }
    table["checks"] = checks

    indexes = {}
    uniques = {}
    for ix in rows("indexes", name):
        ix_name = ix["name"]
        keys = [
            {
                "column": k["name"] if k["cid"] >= 0 else ("<rowid>" if k["cid"] == -1 else "<expression>"),
                "order": "DESC" if k["desc"] else "ASC",
                "collation": k["coll"],
            }
            for k in rows("index_columns", ix_name)
            if k["key"]
        ]
        entry: dict[str, Any] = {
            "unique": bool(ix["unique"]),
            "origin": {"c": "CREATE INDEX", "u": "UNIQUE constraint", "pk": "PRIMARY KEY"}[ix["origin"]],
            "partial": bool(ix["partial"]),
            "keys": keys,
        }
        if index_sql.get(ix_name):
            parsed_index = parse_index(index_sql[ix_name])
            if any(k["column"] == "<expression>" for k in keys):
                entry["expressions"] = parsed_index["items"]
            entry["where"] = parsed_index["where"]
        indexes[ix_name] = entry
        if ix["origin"] == "u":
            cols = tuple(k["column"] for k in keys)
            declared = named.get(("unique", tuple(c.lower() for c in cols), None), {})
            uniques[ix_name] = {"columns": list(cols), "name": declared.get("name")}
    table["indexes"] = indexes
    table["unique_constraints"] = uniques
    return table


def prune(value: Any) -> Any:
    """Drop None and empty containers, sort dict keys."""
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
    return value
