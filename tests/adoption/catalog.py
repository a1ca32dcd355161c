"""Engine-neutral side of the catalog snapshots: pick the engine's module for a URL, and compare two
snapshots into readable differences.

A snapshot is a nested dict (see catalog_postgres, catalog_mysql, catalog_sqlite): objects keyed by
name, attributes as leaves. ``diff_snapshots`` walks both and reports each path where they differ, so a
failing adoption test names the exact object and attribute (``tables/public.film/indexes/film_fulltext_idx
/method: A='gist' B='btree'``).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

#: who owns an object and who may use it: real catalog facts that npa does not manage today; an adoption
#: test passes these to ``diff_snapshots(ignore=...)`` when it chooses to leave them out
OWNERSHIP = ("*/owner", "*/acl", "*/definer")

#: the keys that hold named objects (as opposed to one object's attributes): when one side lacks such a
#: collection altogether (snapshots drop empty ones), each member is reported on its own line
COLLECTIONS = frozenset(
    {
        "tables",
        "views",
        "materialized_views",
        "virtual_tables",
        "sequences",
        "types",
        "functions",
        "routines",
        "events",
        "extensions",
        "schemas",
        "columns",
        "attributes",
        "constraints",
        "indexes",
        "foreign_keys",
        "checks",
        "unique_constraints",
        "triggers",
        "rules",
        "policies",
        "partitions",
    }
)


def snapshot(target: Any) -> dict:
    """The snapshot of a database URL (or an open connection, by its driver)."""
    module = _module_for(target)
    return module.snapshot(target)


def _module_for(target: Any) -> Any:
    if isinstance(target, str):
        scheme = target.split("://", 1)[0].split("+", 1)[0].lower()
    else:
        scheme = type(target).__module__.split(".", 1)[0]
    if scheme in ("postgresql", "postgres", "psycopg"):
        from tests.adoption import catalog_postgres

        return catalog_postgres
    if scheme in ("mysql", "mariadb", "pymysql"):
        from tests.adoption import catalog_mysql

        return catalog_mysql
    if scheme in ("sqlite", "sqlite3"):
        from tests.adoption import catalog_sqlite

        return catalog_sqlite
    raise ValueError(f"no catalog snapshot for {target!r}")


def diff_snapshots(a: dict, b: dict, ignore: Iterable[str] = ()) -> list[str]:
    """Every difference between snapshots ``a`` and ``b``, one readable entry per path, in path order.

    ``ignore``: fnmatch patterns over paths (``tables/*/owner``, ``*/acl``); a matching path and all that
    is under it are left out."""
    patterns = tuple(ignore)
    out: list[str] = []
    _walk(a, b, "", patterns, out)
    return out


def _walk(a: Any, b: Any, path: str, ignore: tuple[str, ...], out: list[str]) -> None:
    if path and any(fnmatchcase(path, p) for p in ignore):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            child = f"{path}/{key}" if path else str(key)
            if key in COLLECTIONS and (key not in a or key not in b):
                # a collection of named objects that one side lacks (snapshots drop empty ones): name each
                _walk(a.get(key, {}), b.get(key, {}), child, ignore, out)
            elif key not in b:
                if not any(fnmatchcase(child, p) for p in ignore):
                    out.append(f"{child}: only in A: {_short(a[key])}")
            elif key not in a:
                if not any(fnmatchcase(child, p) for p in ignore):
                    out.append(f"{child}: only in B: {_short(b[key])}")
            else:
                _walk(a[key], b[key], child, ignore, out)
        return
    if a == b:
        return
    if isinstance(a, str) and isinstance(b, str) and ("\n" in a or "\n" in b or len(a) + len(b) > 160):
        lines = difflib.unified_diff(a.splitlines(), b.splitlines(), "A", "B", lineterm="", n=1)
        out.append(f"{path}: differs:\n" + "\n".join("    " + line for line in list(lines)[2:]))
        return
    out.append(f"{path}: A={_short(a)} B={_short(b)}")


def _short(value: Any, limit: int = 300) -> str:
    text = (
        json.dumps(value, sort_keys=True, ensure_ascii=False)
        if isinstance(value, (dict, list))
        else repr(value)
    )
    return text if len(text) <= limit else text[: limit - 3] + "..."


def summary(snap: dict) -> dict[str, int]:
    """How many objects of each top-level kind a snapshot holds (for reports and sanity checks)."""
    return {key: len(value) for key, value in snap.items() if isinstance(value, dict)}


def count(snap: dict, section: str, member: str) -> int:
    """How many ``member`` entries (indexes, triggers, ...) the objects of ``section`` hold together."""
    return sum(len(obj.get(member, {})) for obj in snap.get(section, {}).values())
