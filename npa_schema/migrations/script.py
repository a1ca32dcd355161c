"""``npa migration script``: one SQL file for DBA review, from the migrations alone (no database).

The schema before each migration is replayed on the model (``prepare_ops`` + ``replay``), so the
statements are the ones ``npa migrate up`` would run on a database at that point, history inserts
included. ``--idempotent`` guards each migration with a history check so the script can run against
any state; that needs a conditional block outside a procedure, which PostgreSQL (``DO``) and SQL
Server (``IF ... BEGIN ... END``) have and MySQL/MariaDB and SQLite do not: there it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from npa_schema.dialects.base import Dialect
from npa_schema.errors import MigrationError
from npa_schema.migrations.checksum import verify_sum
from npa_schema.migrations.files import MigrationFile, discover, load_ops
from npa_schema.migrations.history import APPLIED, HISTORY_TABLE, HistorySQL, SqlExpression
from npa_schema.migrations.prepare import prepare_ops, render_ops
from npa_schema.model import Schema
from npa_schema.replay import apply_ops
from npa_schema.version import __version__

IDEMPOTENT_DIALECTS = ("postgres", "mssql")


@dataclass
class _Rendered:
    file: MigrationFile
    inside: list[str]
    after: list[str]


def build_script(
    directory,
    dialect: Dialect,
    *,
    from_id: str | None = None,
    to_id: str | None = None,
    idempotent: bool = False,
) -> str:
    if idempotent and dialect.name not in IDEMPOTENT_DIALECTS:
        raise MigrationError(
            f"--idempotent is not possible for {dialect.name}: it has no conditional blocks outside stored "
            "procedures, so a script cannot skip migrations that already ran",
            hint="run `npa migrate up` (it checks the history), or script only what is pending: "
            "--from <the database's newest applied migration>",
        )
    files = discover(directory)
    verify_sum(directory, files)
    ids = [f.id for f in files]
    for given in (from_id, to_id):
        if given and given.split("_", 1)[0] not in ids and given != "0":
            raise MigrationError(f"there is no migration '{given}'", hint="see: npa migration list")
    start = from_id.split("_", 1)[0] if from_id else ""
    end = to_id.split("_", 1)[0] if to_id else "99999999999999"
    current = Schema()
    chosen: list[_Rendered] = []
    for file in files:
        prepared = prepare_ops(load_ops(file, "up", dialect.name), dialect, current)
        if start < file.id <= end:
            chosen.append(_Rendered(file, *render_ops(dialect, prepared, current)))
        try:
            current = apply_ops(current, prepared, dialect.rename_in_expression)
        except MigrationError as exc:
            raise MigrationError(f"{file.filename}: cannot be replayed offline: {exc.message}") from exc
    return _assemble(dialect, chosen, create_history=not from_id, idempotent=idempotent)


def _assemble(dialect: Dialect, chosen: list[_Rendered], create_history: bool, idempotent: bool) -> str:
    history = HistorySQL(dialect)
    out = [
        f"-- npa-schema {__version__}: migration script for {dialect.name}",
        f"-- {len(chosen)} migration(s)" + (", each guarded by a history check" if idempotent else ""),
        "",
    ]
    if create_history:
        out += _history_table(dialect, history, idempotent)
    for item in chosen:
        insert = history.insert(
            {
                "id": item.file.id,
                "name": item.file.name,
                "checksum": item.file.checksum(),
                "applied_at": SqlExpression("CURRENT_TIMESTAMP"),
                "applied_by": "npa migration script",
                "tool_version": __version__,
                "status": APPLIED,
                "statements_done": len(item.inside) + len(item.after),
                "statements_total": len(item.inside) + len(item.after),
            }
        )
        out.append(f"-- {item.file.label}")
        if idempotent:
            if item.after:
                raise MigrationError(
                    f"{item.file.filename} has statements that cannot run inside a transaction "
                    "block, so it cannot be guarded in an idempotent script"
                )
            out += _guarded(dialect, history.exists_condition(item.file.id), [*item.inside, insert])
        else:
            out += _plain(dialect, [*item.inside, insert], item.after)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _history_table(dialect: Dialect, history: HistorySQL, idempotent: bool) -> list[str]:
    create = history.create()
    if not idempotent:
        return [f"{sql};" for sql in create] + [""]
    if dialect.name == "postgres":
        condition = f"to_regclass('{HISTORY_TABLE}') IS NULL"
    else:
        condition = f"OBJECT_ID(N'{HISTORY_TABLE}', N'U') IS NULL"
    return [*_block(dialect, condition, create), ""]


def _plain(dialect: Dialect, inside: list[str], after: list[str]) -> list[str]:
    if not dialect.capabilities.transactional_ddl:
        return [f"{sql};" for sql in [*inside, *after]]
    begin = "BEGIN TRANSACTION;" if dialect.name == "mssql" else "BEGIN;"
    return [begin, *(f"{sql};" for sql in inside), "COMMIT;", *(f"{sql};" for sql in after)]


def _guarded(dialect: Dialect, exists_query: str, statements: list[str]) -> list[str]:
    return _block(dialect, f"NOT EXISTS ({exists_query})", statements)


def _block(dialect: Dialect, condition: str, statements: list[str]) -> list[str]:
    if dialect.name == "postgres":
        tag = "$npa$"
        n = 0
        while any(tag in s for s in statements):
            n += 1
            tag = f"$npa{n}$"
        body = [f"    {sql};" for sql in statements]
        return [f"DO {tag}", "BEGIN", f"  IF {condition} THEN", *body, "  END IF;", f"END {tag};"]
    body = ["    EXEC(N'" + sql.replace("'", "''") + "');" for sql in statements]
    return [f"IF {condition}", "BEGIN", *body, "END;"]
