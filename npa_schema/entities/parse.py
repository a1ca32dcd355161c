"""The syntax pass: file text → documents with line maps, or SpecErrors pointing at the bad line.

YAML is composed node by node so that every key's line is known and duplicate keys (which PyYAML
silently collapses) are caught. The loader reads YAML 1.2 style: only true/false are booleans and
dates stay strings, so ``status: no`` or ``default: 2024-01-01`` mean what they look like.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from functools import lru_cache
from typing import Any

from npa_schema.entities.source import Document, FieldPath, TomlLines, YamlLines
from npa_schema.errors import SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def parse_file_text(text: str, file: str) -> tuple[list[Document], list[SpecError]]:
    """Documents of one file (format by extension: .toml is TOML, anything else YAML)."""
    if file.lower().endswith(".toml"):
        return parse_toml(text, file)
    return parse_yaml(text, file)


# --- YAML -------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _loader_class() -> type:
    import yaml

    # libyaml's parser where PyYAML was built with it (about ten times faster on large schemas)
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type, misc]
        """SafeLoader without YAML 1.1's yes/no/on/off booleans and implicit timestamps."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


def parse_yaml(text: str, file: str) -> tuple[list[Document], list[SpecError]]:
    import yaml

    loader = _loader_class()(text)
    docs: list[Document] = []
    errors: list[SpecError] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            lines = YamlLines({(): node.start_mark.line + 1})
            dups: list[SpecError] = []
            _walk(node, (), lines.lines, dups, file, set())
            errors.extend(dups)
            if not dups:
                docs.append(Document(file, loader.construct_document(node), lines))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        line = mark.line + 1 if mark is not None else None
        errors.append(SpecError(f"invalid YAML: {problem}{context}", file, line, hint="fix the YAML syntax"))
    except yaml.YAMLError as exc:
        errors.append(SpecError(f"invalid YAML: {exc}", file, hint="fix the YAML syntax"))
    finally:
        loader.dispose()
    return docs, errors


def _walk(
    node: Any, path: FieldPath, lines: dict[FieldPath, int], dups: list[SpecError], file: str, seen: set[int]
) -> None:
    import yaml

    if id(node) in seen:  # an alias to a node already walked (or a recursive one)
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.flow_style:
            _rejoin_type_args(node)
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            key, line = str(key_node.value), key_node.start_mark.line + 1
            sub = (*path, key)
            if key in first:
                dups.append(
                    SpecError(
                        f"duplicate key '{key}' (first given on line {first[key]})",
                        file,
                        line,
                        ".".join(sub),
                        hint="each key may appear once in a mapping; remove or rename one",
                    )
                )
                continue
            first[key] = line
            lines.setdefault(sub, line)
            _walk(value_node, sub, lines, dups, file, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*path, str(i))
            lines.setdefault(sub, item.start_mark.line + 1)
            _walk(item, sub, lines, dups, file, seen)


_OPEN_ARGS = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*\(\s*\d+\s*$")
_CLOSE_ARGS = re.compile(r"^\d+\s*\)$")


def _rejoin_type_args(node: Any) -> None:
    """``{type: decimal(18,2)}`` is, to YAML, ``type: "decimal(18"`` plus a key ``"2)"`` with no value.
    DESIGN's own example is written that way, so the two halves are joined back here."""
    import yaml

    pairs = node.value
    i = 0
    while i + 1 < len(pairs):
        value, (next_key, next_value) = pairs[i][1], pairs[i + 1]
        if (
            isinstance(value, yaml.ScalarNode)
            and not value.style  # plain: None from PyYAML, "" from libyaml
            and _OPEN_ARGS.match(value.value)
            and isinstance(next_key, yaml.ScalarNode)
            and not next_key.style
            and _CLOSE_ARGS.match(next_key.value)
            and isinstance(next_value, yaml.ScalarNode)
            and next_value.value == ""
        ):
            value.value = f"{value.value},{next_key.value}"
            del pairs[i + 1]
        i += 1


# --- TOML -------------------------------------------------------------------------------------------

_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def parse_toml(text: str, file: str) -> tuple[list[Document], list[SpecError]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "syntax error"
        line: int | None = getattr(exc, "lineno", None)
        m = _AT_LINE.search(message)
        if m:
            line = line or int(m.group(1))
            message = message[: m.start()]
        elif _AT_END.search(message):
            line = line or max(1, len(text.splitlines()))
            message = _AT_END.sub("", message)
        message = message[:1].lower() + message[1:]
        return [], [SpecError(f"invalid TOML: {message}", file, line, hint="fix the TOML syntax")]
    return [Document(file, plain_values(data), TomlLines(text))], []


def plain_values(value: Any) -> Any:
    """TOML's native dates and times as ISO strings: entity files treat them as text, like YAML."""
    if isinstance(value, dict):
        return {k: plain_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_values(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return value
