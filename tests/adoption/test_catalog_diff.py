"""The snapshot comparison and SQLite's DDL reader, on their own (no server): the diff names each
differing path, honours ignore patterns, and the CREATE TABLE reader finds what only the text holds."""

from __future__ import annotations

from tests.adoption.catalog import OWNERSHIP, diff_snapshots
from tests.adoption.catalog_sqlite import canonical_sql, parse_index, parse_table

A = {
    "tables": {
        "film": {
            "owner": "postgres",
            "columns": {"title": {"type": "text", "collation": "C"}},
            "indexes": {"idx_title": {"method": "gist"}},
        }
    },
    "views": {"v": {"definition": "SELECT 1\nFROM t\nWHERE a > 0"}},
}


def test_equal_snapshots_have_no_difference() -> None:
    assert diff_snapshots(A, A) == []


def test_changed_leaf_is_named_with_both_values() -> None:
    b = {**A, "tables": {"film": {**A["tables"]["film"], "indexes": {"idx_title": {"method": "btree"}}}}}
    assert diff_snapshots(A, b) == ["tables/film/indexes/idx_title/method: A='gist' B='btree'"]


def test_missing_collection_names_each_member() -> None:
    b = {**A, "tables": {"film": {k: v for k, v in A["tables"]["film"].items() if k != "indexes"}}}
    assert diff_snapshots(A, b) == ['tables/film/indexes/idx_title: only in A: {"method": "gist"}']
    assert diff_snapshots(b, A) == ['tables/film/indexes/idx_title: only in B: {"method": "gist"}']


def test_missing_object_is_one_entry_not_one_per_attribute() -> None:
    b = {"tables": {}, "views": A["views"]}
    (entry,) = diff_snapshots(A, b)
    assert entry.startswith("tables/film: only in A: ")


def test_multiline_text_differences_are_shown_as_a_diff() -> None:
    b = {**A, "views": {"v": {"definition": "SELECT 1\nFROM t\nWHERE a > 1"}}}
    (entry,) = diff_snapshots(A, b)
    assert entry.startswith("views/v/definition: differs:")
    assert "-WHERE a > 0" in entry and "+WHERE a > 1" in entry


def test_ignore_patterns_leave_paths_out() -> None:
    b = {**A, "tables": {"film": {**A["tables"]["film"], "owner": "root"}}}
    assert diff_snapshots(A, b) == ["tables/film/owner: A='postgres' B='root'"]
    assert diff_snapshots(A, b, ignore=OWNERSHIP) == []


def test_create_table_text_gives_names_checks_collations_and_generated_columns() -> None:
    parsed = parse_table(
        'CREATE TABLE "Film" (\n'
        "  id INTEGER CONSTRAINT pk_film PRIMARY KEY AUTOINCREMENT,\n"
        "  title VARCHAR(255) NOT NULL COLLATE NOCASE CHECK (length(title) > 0),\n"
        "  upper_title TEXT GENERATED ALWAYS AS (upper(title)) STORED, -- a comment\n"
        "  lang INT REFERENCES language (id) DEFERRABLE INITIALLY DEFERRED,\n"
        "  [rating] TEXT DEFAULT 'G',\n"
        "  CONSTRAINT CK_Rating CHECK (rating IN ('G', 'PG')),\n"
        "  CONSTRAINT uq_title UNIQUE (title, lang),\n"
        "  CONSTRAINT fk_lang FOREIGN KEY (lang) REFERENCES language (id) ON DELETE CASCADE\n"
        ") WITHOUT ROWID"
    )
    columns, constraints = parsed["columns"], parsed["constraints"]
    assert columns["id"] == {"autoincrement": True}
    assert columns["title"] == {"collation": "nocase"}
    assert columns["upper_title"] == {"generated_expression": "upper (title)"}
    assert parsed["options"] == "without rowid"
    by_name = {c["name"]: c for c in constraints}
    assert by_name["pk_film"]["kind"] == "primary key"
    assert by_name["CK_Rating"]["expression"] == "rating in ('G', 'PG')"
    assert by_name["uq_title"]["columns"] == ["title", "lang"]
    assert by_name["fk_lang"]["ref_table"] == "language"
    unnamed = [c for c in constraints if c["name"] is None]
    assert {c["kind"] for c in unnamed} == {"check", "foreign key"}
    assert (
        next(c for c in unnamed if c["kind"] == "foreign key")["deferrable"]
        == "deferrable initially deferred"
    )


def test_canonical_text_ignores_layout_but_not_literals() -> None:
    one = canonical_sql("CREATE VIEW v AS SELECT  a ,b FROM \"T\" /* c */ WHERE x = 'Ab'")
    two = canonical_sql("create view V as\nselect A, [B] from t where X = 'Ab' -- c")
    assert one == two == "create view v as select a, b from t where x = 'Ab'"
    assert canonical_sql("SELECT 'ab'") != canonical_sql("SELECT 'AB'")


def test_index_text_gives_expressions_and_predicate() -> None:
    parsed = parse_index("CREATE UNIQUE INDEX ix ON t (lower(name) DESC, id) WHERE deleted IS NULL")
    assert parsed == {"items": ["lower (name) desc", "id"], "where": "deleted is null"}
