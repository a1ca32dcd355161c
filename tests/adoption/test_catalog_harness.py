"""The catalog snapshots can be trusted to judge an adoption: the same corpus loaded twice compares equal,
the snapshot sees every kind of object the corpus holds, and one changed thing in the second database
(a view body, a trigger, a check, an index method, a collation ...) is reported at its exact path."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import dataclass

import pytest

from tests.adoption import catalog, corpora
from tests.adoption.conftest import LoadedPair, Loader

#: what each corpus holds (its README): (section, member or None, count); a member counts inside objects
EXPECTED = {
    "sakila-postgres": [
        ("tables", None, 21),
        ("views", None, 7),
        ("functions", None, 10),
        ("tables", "triggers", 15),
        ("tables", "rules", 6),
        ("sequences", None, 13),
        ("types", None, 2),  # the year domain and the mpaa_rating enum
    ],
    "pagila": [
        ("tables", None, 70),
        ("views", None, 7),
        ("materialized_views", None, 1),
        ("functions", None, 10),
        ("tables", "triggers", 15),
        ("sequences", None, 13),
        ("types", None, 3),  # two domains (one named bıgınt) and the enum
    ],
    "sakila-mysql": [
        ("tables", None, 16),
        ("views", None, 7),
        ("tables", "triggers", 3),
        ("routines", None, 6),
    ],
    "sakila-sqlite": [
        ("tables", None, 16),
        ("views", None, 5),
        ("tables", "triggers", 30),
        ("tables", "indexes", 26),
    ],
}


@pytest.mark.parametrize("corpus", corpora.params())
def test_same_corpus_loaded_twice_compares_equal(corpus: corpora.Corpus, corpus_loader: Loader) -> None:
    pair = corpus_loader.pair(corpus)
    assert catalog.diff_snapshots(pair.snapshot_a, catalog.snapshot(pair.b)) == []
    for section, member, expected in EXPECTED[corpus.name]:
        found = catalog.count(pair.snapshot_a, section, member) if member else len(pair.snapshot_a[section])
        assert found == expected, (
            f"{corpus.name}: {member or section} in {section}: {found}, expected {expected}"
        )


# --- one change in B, reported at its path ------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    name: str
    corpora: tuple[str, ...]
    statements: tuple[str, ...]
    #: a diff entry must start with this path (and mention ``also`` when given)
    path: str
    also: str = ""


PG = ("sakila-postgres", "pagila")
SALES_BY_CATEGORY = (
    "SELECT c.name AS category, sum(p.amount) AS total_sales FROM payment p"
    " JOIN rental r ON p.rental_id = r.rental_id JOIN inventory i ON r.inventory_id = i.inventory_id"
    " JOIN film f ON i.film_id = f.film_id JOIN film_category fc ON f.film_id = fc.film_id"
    " JOIN category c ON fc.category_id = c.category_id GROUP BY c.name"
)

MUTATIONS = [
    # --- PostgreSQL (in a transaction that is rolled back) ---
    Mutation(
        "view body",
        PG,
        (f"CREATE OR REPLACE VIEW public.sales_by_film_category AS {SALES_BY_CATEGORY} ORDER BY 2 ASC",),
        "views/public.sales_by_film_category/definition",
    ),
    Mutation(
        "trigger dropped",
        PG,
        ("DROP TRIGGER last_updated ON public.actor",),
        "tables/public.actor/triggers/last_updated",
        "only in A",
    ),
    Mutation(
        "domain check",
        PG,
        (
            "ALTER DOMAIN public.year DROP CONSTRAINT year_check",
            "ALTER DOMAIN public.year ADD CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2156)",
        ),
        "types/public.year/constraints/year_check/definition",
    ),
    Mutation(
        "table check",
        ("sakila-postgres",),
        (
            "ALTER TABLE public.payment_p2007_01 DROP CONSTRAINT payment_p2007_01_payment_date_check,"
            " ADD CONSTRAINT payment_p2007_01_payment_date_check"
            " CHECK (payment_date >= '2007-01-01' AND payment_date < '2007-03-01')",
        ),
        "tables/public.payment_p2007_01/constraints/payment_p2007_01_payment_date_check/definition",
    ),
    Mutation(
        "check added",
        ("pagila",),
        ("ALTER TABLE public.film ADD CONSTRAINT film_length_check CHECK (length > 0)",),
        "tables/public.film/constraints/film_length_check",
        "only in B",
    ),
    Mutation(
        "index method",
        PG,
        ("DROP INDEX public.idx_title", "CREATE INDEX idx_title ON public.film USING hash (title)"),
        "tables/public.film/indexes/idx_title/method",
        "'hash'",
    ),
    Mutation(
        "index sort order",
        PG,
        (
            "DROP INDEX public.idx_last_name",
            "CREATE INDEX idx_last_name ON public.customer (last_name DESC NULLS LAST)",
        ),
        "tables/public.customer/indexes/idx_last_name/keys",
    ),
    Mutation(
        "index predicate",
        PG,
        ("DROP INDEX public.idx_title", "CREATE INDEX idx_title ON public.film (title) WHERE length > 0"),
        "tables/public.film/indexes/idx_title/predicate",
    ),
    Mutation(
        "index include",
        PG,
        ("DROP INDEX public.idx_title", "CREATE INDEX idx_title ON public.film (title) INCLUDE (length)"),
        "tables/public.film/indexes/idx_title/include",
    ),
    Mutation(
        "index opclass",
        PG,
        ("DROP INDEX public.idx_title", "CREATE INDEX idx_title ON public.film (title text_pattern_ops)"),
        "tables/public.film/indexes/idx_title/keys",
        "pattern_ops",
    ),
    Mutation(
        "column collation",
        ("sakila-postgres",),
        ('ALTER TABLE public.staff ALTER COLUMN username TYPE character varying(16) COLLATE "C"',),
        "tables/public.staff/columns/username/collation",
    ),
    Mutation(
        "column collation",
        ("pagila",),
        ('ALTER TABLE public.staff ALTER COLUMN username TYPE text COLLATE "C"',),
        "tables/public.staff/columns/username/collation",
    ),
    Mutation(
        "column default",
        PG,
        ("ALTER TABLE public.film ALTER COLUMN rental_duration SET DEFAULT 4",),
        "tables/public.film/columns/rental_duration/default",
    ),
    Mutation(
        "identity",
        PG,
        (
            "ALTER TABLE public.actor ALTER COLUMN actor_id DROP DEFAULT,"
            " ALTER COLUMN actor_id ADD GENERATED ALWAYS AS IDENTITY",
        ),
        "tables/public.actor/columns/actor_id/identity",
        "only in B",
    ),
    Mutation(
        "generated column",
        PG,
        ("ALTER TABLE public.film ADD COLUMN title_upper text GENERATED ALWAYS AS (upper(title)) STORED",),
        "tables/public.film/columns/title_upper",
        "STORED",
    ),
    Mutation(
        "foreign key action",
        PG,
        (
            "ALTER TABLE public.address DROP CONSTRAINT address_city_id_fkey,"
            " ADD CONSTRAINT address_city_id_fkey FOREIGN KEY (city_id) REFERENCES public.city (city_id)"
            " ON UPDATE CASCADE ON DELETE CASCADE",
        ),
        "tables/public.address/constraints/address_city_id_fkey/on_delete",
    ),
    Mutation(
        "function body",
        PG,
        (
            "CREATE OR REPLACE FUNCTION public.last_updated() RETURNS trigger LANGUAGE plpgsql"
            " AS $$ BEGIN NEW.last_update = now(); RETURN NEW; END $$",
        ),
        "functions/public.last_updated()/definition",
    ),
    Mutation(
        "sequence increment",
        PG,
        ("ALTER SEQUENCE public.actor_actor_id_seq INCREMENT BY 2",),
        "sequences/public.actor_actor_id_seq/increment",
    ),
    Mutation(
        "enum label",
        PG,
        ("ALTER TYPE public.mpaa_rating ADD VALUE 'X'",),
        "types/public.mpaa_rating/labels",
    ),
    Mutation(
        "comment",
        PG,
        ("COMMENT ON COLUMN public.film.title IS 'the title'",),
        "tables/public.film/columns/title/comment",
    ),
    Mutation(
        "policy",
        PG,
        (
            "ALTER TABLE public.actor ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY actor_positive ON public.actor USING (actor_id > 0)",
        ),
        "tables/public.actor/policies/actor_positive",
    ),
    Mutation(
        "rule dropped",
        ("sakila-postgres",),
        ("DROP RULE payment_insert_p2007_01 ON public.payment",),
        "tables/public.payment/rules/payment_insert_p2007_01",
        "only in A",
    ),
    Mutation(
        "inheritance",
        ("sakila-postgres",),
        ("ALTER TABLE public.payment_p2007_01 NO INHERIT public.payment",),
        "tables/public.payment_p2007_01/inherits",
        "only in A",
    ),
    Mutation(
        "partition detached",
        ("pagila",),
        ("ALTER TABLE public.payment DETACH PARTITION public.payment_p2022_01",),
        "tables/public.payment_p2022_01/partition_bound",
        "only in A",
    ),
    Mutation(
        "materialized view index",
        ("pagila",),
        ("DROP INDEX public.rental_category",),
        "materialized_views/public.rental_by_category/indexes/rental_category",
        "only in A",
    ),
    Mutation(
        "extension",
        PG,
        ("CREATE EXTENSION IF NOT EXISTS citext",),
        "extensions/citext",
        "only in B",
    ),
    # --- MySQL / MariaDB (a freshly loaded database each) ---
    Mutation(
        "view body",
        ("sakila-mysql",),
        (f"CREATE OR REPLACE VIEW sales_by_film_category AS {SALES_BY_CATEGORY} ORDER BY total_sales ASC",),
        "views/sales_by_film_category/view_definition",
    ),
    Mutation(
        "trigger dropped",
        ("sakila-mysql",),
        ("DROP TRIGGER del_film",),
        "tables/film/triggers/del_film",
        "only in A",
    ),
    Mutation(
        "trigger sql_mode",
        ("sakila-mysql",),
        (
            "SET SESSION sql_mode = ''",
            "DROP TRIGGER del_film",
            "CREATE TRIGGER `del_film` AFTER DELETE ON `film` FOR EACH ROW BEGIN\n"
            "    DELETE FROM film_text WHERE film_id = old.film_id;\n  END",
        ),
        "tables/film/triggers/del_film/sql_mode",
    ),
    Mutation(
        "check added",
        ("sakila-mysql",),
        ("ALTER TABLE film ADD CONSTRAINT film_length_check CHECK (length > 0)",),
        "tables/film/constraints/film_length_check",
        "only in B",
    ),
    Mutation(
        "index type",
        ("sakila-mysql",),
        (
            "ALTER TABLE film_text DROP INDEX idx_title_description,"
            " ADD INDEX idx_title_description (title, description(100))",
        ),
        "tables/film_text/indexes/idx_title_description",
        "FULLTEXT",
    ),
    Mutation(
        "index order",
        ("sakila-mysql",),
        ("ALTER TABLE customer DROP INDEX idx_last_name, ADD INDEX idx_last_name (last_name DESC)",),
        "tables/customer/indexes/idx_last_name/columns",
    ),
    Mutation(
        "column collation",
        ("sakila-mysql",),
        ("ALTER TABLE staff MODIFY username VARCHAR(16) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin NOT NULL",),
        "tables/staff/columns/username/collation_name",
    ),
    Mutation(
        "on update dropped",
        ("sakila-mysql",),
        ("ALTER TABLE actor MODIFY last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",),
        "tables/actor/columns/last_update/extra",
    ),
    Mutation(
        "unsigned dropped",
        ("sakila-mysql",),
        ("ALTER TABLE film MODIFY length SMALLINT DEFAULT NULL",),
        "tables/film/columns/length/column_type",
    ),
    Mutation(
        "foreign key action",
        ("sakila-mysql",),
        (
            "ALTER TABLE address DROP FOREIGN KEY fk_address_city",
            "ALTER TABLE address ADD CONSTRAINT fk_address_city"
            " FOREIGN KEY (city_id) REFERENCES city (city_id) ON DELETE CASCADE ON UPDATE CASCADE",
        ),
        "tables/address/constraints/fk_address_city/on_delete",
    ),
    Mutation(
        "function body",
        ("sakila-mysql",),
        (
            "DROP FUNCTION inventory_held_by_customer",
            "CREATE FUNCTION inventory_held_by_customer(p_inventory_id INT) RETURNS INT READS SQL DATA"
            " BEGIN RETURN NULL; END",
        ),
        "routines/FUNCTION inventory_held_by_customer/routine_definition",
    ),
    Mutation(
        "generated column",
        ("sakila-mysql",),
        ("ALTER TABLE film ADD COLUMN title_length INT AS (CHAR_LENGTH(title)) VIRTUAL",),
        "tables/film/columns/title_length",
        "VIRTUAL",
    ),
    # --- SQLite (a copy of A each; table text changed as SQLite's docs describe, via writable_schema) ---
    Mutation(
        "view body",
        ("sakila-sqlite",),
        (
            "DROP VIEW sales_by_film_category",
            f"CREATE VIEW sales_by_film_category AS {SALES_BY_CATEGORY} ORDER BY 2",
        ),
        "views/sales_by_film_category/sql",
    ),
    Mutation(
        "trigger dropped",
        ("sakila-sqlite",),
        ("DROP TRIGGER film_trigger_ai",),
        "tables/film/triggers/film_trigger_ai",
        "only in A",
    ),
    Mutation(
        "trigger body",
        ("sakila-sqlite",),
        (
            "DROP TRIGGER film_trigger_au",
            "CREATE TRIGGER film_trigger_au AFTER UPDATE ON film BEGIN UPDATE film"
            " SET last_update = DATETIME('NOW', 'localtime') WHERE rowid = new.rowid; END",
        ),
        "tables/film/triggers/film_trigger_au/sql",
    ),
    Mutation(
        "check",
        ("sakila-sqlite",),
        ("UPDATE sqlite_master SET sql = replace(sql, '''NC-17''', '''NC-18''') WHERE name = 'film'",),
        "tables/film/checks/CHECK_special_rating/expression",
    ),
    Mutation(
        "index order",
        ("sakila-sqlite",),
        ("DROP INDEX idx_actor_last_name", "CREATE INDEX idx_actor_last_name ON actor (last_name DESC)"),
        "tables/actor/indexes/idx_actor_last_name/keys",
    ),
    Mutation(
        "partial index",
        ("sakila-sqlite",),
        (
            "DROP INDEX idx_fk_language_id",
            "CREATE INDEX idx_fk_language_id ON film (language_id) WHERE language_id > 0",
        ),
        "tables/film/indexes/idx_fk_language_id/where",
    ),
    Mutation(
        "column collation",
        ("sakila-sqlite",),
        (
            "UPDATE sqlite_master SET sql = replace(sql, 'username VARCHAR(16) NOT NULL',"
            " 'username VARCHAR(16) COLLATE NOCASE NOT NULL') WHERE name = 'staff'",
        ),
        "tables/staff/columns/username/collation",
    ),
    Mutation(
        "declared type",
        ("sakila-sqlite",),
        (
            "UPDATE sqlite_master SET sql = replace(sql, 'release_year VARCHAR(4)', 'release_year YEAR')"
            " WHERE name = 'film'",
        ),
        "tables/film/columns/release_year/type",
    ),
    Mutation(
        "column default",
        ("sakila-sqlite",),
        (
            "UPDATE sqlite_master SET sql = replace(sql, 'DEFAULT ''Y''', 'DEFAULT ''N''') WHERE name = 'customer'",
        ),
        "tables/customer/columns/active/default",
    ),
    Mutation(
        "foreign key action",
        ("sakila-sqlite",),
        (
            "UPDATE sqlite_master SET sql = replace(sql, 'ON DELETE NO ACTION', 'ON DELETE CASCADE')"
            " WHERE name = 'city'",
        ),
        "tables/city/foreign_keys/fk_city_country/on_delete",
    ),
]


def _mutation_params() -> list:
    out = []
    for m in MUTATIONS:
        for name in m.corpora:
            c = corpora.corpus(name)
            out.append(
                pytest.param(
                    c, m, id=f"{name}-{m.name.replace(' ', '_')}", marks=getattr(pytest.mark, c.engine)
                )
            )
    return out


def mutated_snapshot(loader: Loader, pair: LoadedPair, statements: tuple[str, ...]) -> dict:
    """B with ``statements`` run on it, as a snapshot (B itself is left as loaded where the engine allows)."""
    engine = pair.corpus.engine
    if engine == "postgres":
        import psycopg

        from tests.adoption import catalog_postgres

        with psycopg.connect(pair.b) as conn:  # one transaction, rolled back
            for sql in statements:
                conn.execute(sql)
            snap = catalog_postgres.snapshot(conn)
            conn.rollback()
        return snap
    if engine == "mysql":  # DDL commits: a fresh database each time (the corpus loads in ~0.1 s)
        from tests.adoption import catalog_mysql

        url = loader.fresh(pair.corpus)
        conn = catalog_mysql.connect(url)
        try:
            with conn.cursor() as cur:
                for sql in statements:
                    cur.execute(sql)
        finally:
            conn.close()
        return catalog.snapshot(url)
    path = corpora.sqlite_path(pair.a) + f".{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(corpora.sqlite_path(pair.a), path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    return catalog.snapshot(f"sqlite:///{path}")


@pytest.mark.parametrize(("corpus", "mutation"), _mutation_params())
def test_one_change_is_reported_at_its_path(
    corpus: corpora.Corpus, mutation: Mutation, corpus_loader: Loader
) -> None:
    pair = corpus_loader.pair(corpus)
    if mutation.name == "extension":
        _require_extension(pair.b, "citext")
    diff = catalog.diff_snapshots(pair.snapshot_a, mutated_snapshot(corpus_loader, pair, mutation.statements))
    hits = [d for d in diff if d.startswith(mutation.path) and mutation.also in d]
    assert hits, f"no difference at {mutation.path} ({mutation.also!r}); the diff was:\n" + "\n".join(diff)


def _require_extension(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        if conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", (name,)).fetchone() is None:
            pytest.skip(f"the {name} extension is not installed on this server (PostgreSQL contrib)")


@pytest.mark.sqlite
def test_sqlite_text_differing_only_in_layout_compares_equal(corpus_loader: Loader) -> None:
    """Whitespace, comments, keyword case and identifier quoting are not differences; a literal's case is."""
    pair = corpus_loader.pair(corpora.corpus("sakila-sqlite"))
    relaid = (
        "DROP VIEW sales_by_film_category",
        'create view "sales_by_film_category"\n  as /* same view */ select C.name as category,'
        " sum(P.amount) as total_sales from payment as p inner join rental as r on p.rental_id = r.rental_id"
        " inner join inventory as i on r.inventory_id = i.inventory_id inner join film as f"
        " on i.film_id = f.film_id inner join film_category as fc on f.film_id = fc.film_id"
        " inner join category as c on fc.category_id = c.category_id group by c.name",
    )
    assert catalog.diff_snapshots(pair.snapshot_a, mutated_snapshot(corpus_loader, pair, relaid)) == []
    literal = ("UPDATE sqlite_master SET sql = replace(sql, '''PG-13''', '''pg-13''') WHERE name = 'film'",)
    assert catalog.diff_snapshots(pair.snapshot_a, mutated_snapshot(corpus_loader, pair, literal))
