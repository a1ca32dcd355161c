"""A content-addressed record of entity files that passed the JSON Schema pass, so an unchanged file
is not validated again (that pass is most of the cost of loading a 1,000-table schema).

The key covers the tool version and the exact JSON Schema text, and a file is identified by the
SHA-256 of its content: editing a file, upgrading npa or changing the schema re-validates. Semantic
checks (cross-file references, names) always run. The record is only written after a load that
passed, and any problem reading or writing it just means validating everything. ``NPA_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

FILE_NAME = "spec-valid.json"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _key() -> str:
    from npa_schema.version import __version__

    schema = resources.files("npa_schema").joinpath("schemas").joinpath("entity.schema.json").read_bytes()
    return hashlib.sha256(__version__.encode() + b"\0" + schema).hexdigest()


class ValidationCache:
    def __init__(self, folder: Path | None) -> None:
        self.path = (
            folder / FILE_NAME if folder is not None and os.environ.get("NPA_NO_CACHE") != "1" else None
        )

    def known(self) -> frozenset[str]:
        if self.path is None:
            return frozenset()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return frozenset()
        if not isinstance(data, dict) or data.get("key") != _key():
            return frozenset()
        return frozenset(h for h in data.get("files", []) if isinstance(h, str))

    def remember(self, hashes: set[str]) -> None:
        """Replace the record with exactly these files (so it never grows past the schema)."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"key": _key(), "files": sorted(hashes)}), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass
