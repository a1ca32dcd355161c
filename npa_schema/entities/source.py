"""Where things are in the entity files: documents, entities and the map from a field to its line.

Every error the spec package raises points at ``file:line`` and the dotted field, so the parsed data
travels with a :class:`Lines` object that answers "which line is ``columns.total.type`` on?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from npa_schema.errors import SpecError

#: a path inside a parsed document: mapping keys and list indices, all as strings
FieldPath = tuple[str, ...]


def split_field(dotted: str | None) -> FieldPath:
    return tuple(dotted.split(".")) if dotted else ()


def join_field(path: FieldPath) -> str | None:
    return ".".join(path) or None


class Lines(Protocol):
    def line(self, path: FieldPath) -> int | None: ...


class NoLines:
    """Documents given as data (``load_documents``) have no positions."""

    def line(self, path: FieldPath) -> int | None:
        return None


@dataclass
class YamlLines:
    """Start line (1-based) of every key and list item, recorded while composing the YAML."""

    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int | None:
        for n in range(len(path), -1, -1):
            hit = self.lines.get(path[:n])
            if hit is not None:
                return hit
        return None


class TomlLines:
    """tomllib keeps no positions: find the path's keys in the text, each after the previous one.

    Best effort by design: it finds ``[columns.total]`` then ``type = ...``, inline tables, and the
    n-th ``[[entities]]``; when a key cannot be found the deepest line found so far is the answer.
    """

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines()

    def line(self, path: FieldPath) -> int | None:
        pos, end = 0, len(self.text_lines)
        found: int | None = None
        previous: str | None = None
        for comp in path:
            if comp.isdigit() and previous is not None:
                headers = self._headers(previous, pos, end)
                if int(comp) < len(headers):
                    pos = headers[int(comp)]
                    found = pos + 1
                    if int(comp) + 1 < len(headers):
                        end = headers[int(comp) + 1]
                previous = None
                continue
            hit = self._find_key(comp, pos, end)
            if hit is None:
                break
            found, pos, previous = hit + 1, hit, comp
        return found

    def _headers(self, key: str, pos: int, end: int) -> list[int]:
        rx = re.compile(rf"^\s*\[\[\s*(?:[^\]]*\.)?\s*\"?{re.escape(key)}\"?\s*\]\]")
        return [i for i in range(pos, end) if rx.match(self.text_lines[i])]

    def _find_key(self, key: str, pos: int, end: int) -> int | None:
        name = re.escape(key)
        rx = re.compile(rf"(?:^|[\s{{,.\[])(?:\"{name}\"|'{name}'|{name})\s*(?:=|\]|\.)")
        for i in range(pos, end):
            text = self.text_lines[i]
            if not text.lstrip().startswith("#") and rx.search(text):
                return i
        return None


@dataclass
class Document:
    """One parsed document (a YAML document or a whole TOML file)."""

    file: str
    data: Any
    lines: Lines


@dataclass
class Entity:
    """One entity mapping and where it sits: ``prefix`` is its path in the document (``entities.2``)."""

    file: str
    data: Any
    prefix: FieldPath
    lines: Lines

    @property
    def table_name(self) -> str:
        name = self.data.get("table") if isinstance(self.data, dict) else None
        return name if isinstance(name, str) else ""

    def line(self, path: FieldPath | str | None = None) -> int | None:
        rel = split_field(path) if isinstance(path, str) or path is None else path
        return self.lines.line(self.prefix + rel)

    def error(self, message: str, path: FieldPath | str | None = None, hint: str | None = None) -> SpecError:
        rel = split_field(path) if isinstance(path, str) or path is None else path
        return SpecError(message, self.file, self.line(rel), join_field(rel), hint)
