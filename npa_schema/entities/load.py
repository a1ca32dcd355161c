"""Entity files → ``Schema``: syntax, then JSON Schema, then semantics; each pass reports all its errors.

A later pass only runs when the earlier one found nothing, so a typo in YAML never produces a
cascade of confusing schema errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npa_schema.entities.build import Built, build_table
from npa_schema.entities.source import Document, Entity, NoLines, split_field
from npa_schema.errors import SpecError, SpecErrors
from npa_schema.model import Schema

SUFFIXES = (".yaml", ".yml", ".toml")


@dataclass
class LoadedSchema:
    """The schema plus where each table came from, to point dialect problems at ``file:line``."""

    schema: Schema
    files: list[Path] = field(default_factory=list)
    _built: dict[str, Built] = field(default_factory=dict, repr=False)

    def locate(self, table: str, field: str | None = None) -> tuple[str, int | None]:
        """File and line of a table, or of a dotted field in it.

        ``field`` is a file path (``columns.total``, ``indexes.0.where``) or a model path: model
        collections (``uniques.N``, ``foreign_keys.N``, ``checks.N``, ``indexes.N``, ``primary_key``)
        are translated to where that element was written, e.g. a column's ``check``.
        """
        built = self._built.get(table)
        if built is None:
            return (str(self.files[0].parent) if self.files else "", None)
        return built.entity.file, built.entity.line(self.file_field(table, field))

    def file_field(self, table: str, field: str | None) -> str | None:
        """A model path translated to the entity-file field it came from (unchanged otherwise)."""
        built = self._built.get(table)
        parts = list(split_field(field))
        if built is None or not parts:
            return field
        if parts[0] == "primary_key" and built.pk_origin:
            return ".".join([built.pk_origin, *parts[1:]])
        if parts[0] in built.origins and len(parts) > 1 and parts[1].isdigit():
            origin = built.origin(parts[0], int(parts[1]))
            if origin is not None:
                # column-level sugar has no sub-fields: point at the column's key itself
                return origin if origin.startswith("columns.") else ".".join([origin, *parts[2:]])
        return field

    def error(self, problem: Any) -> SpecError:
        """A dialect ``Problem(table, field, message, hint)`` as a SpecError at its file and line."""
        file, line = self.locate(problem.table, problem.field)
        return SpecError(
            problem.message,
            file,
            line,
            f"{problem.table}.{problem.field}" if problem.field else problem.table,
            problem.hint,
        )


def load_schema(schema_dir: Path, cache_dir: Path | None = None) -> LoadedSchema:
    """Every ``*.yaml``, ``*.yml`` and ``*.toml`` under ``schema_dir`` (recursively, by path).
    With ``cache_dir``, files whose content already passed the JSON Schema skip that pass."""
    from npa_schema.entities.cache import ValidationCache, content_hash
    from npa_schema.entities.parse import parse_file_text

    schema_dir = Path(schema_dir)
    hint = "create one with `npa init`, or point --schema-dir at your entity files"
    if not schema_dir.is_dir():
        raise SpecErrors([SpecError(f"schema directory '{schema_dir}' does not exist", hint=hint)])
    files = sorted(
        (
            p
            for p in schema_dir.rglob("*")
            if p.suffix.lower() in SUFFIXES and p.is_file() and not _hidden(p, schema_dir)
        ),
        key=lambda p: p.relative_to(schema_dir).as_posix(),
    )
    if not files:
        raise SpecErrors([SpecError(f"no entity files (*.yaml, *.yml, *.toml) in '{schema_dir}'", hint=hint)])
    cache = ValidationCache(cache_dir)
    known = cache.known()
    hashes: set[str] = set()
    trusted: set[str] = set()
    docs: list[Document] = []
    errors: list[SpecError] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(SpecError(f"cannot read the file: {exc}", str(path)))
            continue
        digest = content_hash(text)
        hashes.add(digest)
        if digest in known:
            trusted.add(str(path))
        parsed, problems = parse_file_text(text, str(path))
        docs += parsed
        errors += problems
    if errors:
        raise SpecErrors(errors)
    schema, built = build_schema(docs, frozenset(trusted))
    cache.remember(hashes)
    return LoadedSchema(schema, files, {b.table.name: b for b in built})


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def load_text(text: str, filename: str = "inline.yaml") -> Schema:
    """The schema in one file's text (YAML, or TOML when ``filename`` ends in .toml)."""
    from npa_schema.entities.parse import parse_file_text

    docs, errors = parse_file_text(text, filename)
    if errors:
        raise SpecErrors(errors)
    return build_schema(docs)[0]


def load_documents(docs: list[dict[str, Any]], filename: str = "<case>") -> Schema:
    """The schema from already-parsed entity mappings (or ``{entities: [...]}`` mappings)."""
    from npa_schema.entities.parse import plain_values

    return build_schema([Document(filename, plain_values(d), NoLines()) for d in docs])[0]


def build_schema(docs: list[Document], trusted: frozenset[str] = frozenset()) -> tuple[Schema, list[Built]]:
    """Documents → validated Schema; raises SpecErrors with every problem of the first failing pass.
    Entities from ``trusted`` files (unchanged since they passed) skip the JSON Schema pass."""
    from npa_schema.entities.semantics import check_schema
    from npa_schema.entities.validate import schema_errors

    entities, errors = split_entities(docs)
    for entity in entities:
        if entity.file not in trusted:
            errors += schema_errors(entity)
    if errors:
        raise SpecErrors(errors)
    built: list[Built] = []
    for entity in entities:
        b, problems = build_table(entity)
        built.append(b)
        errors += problems
    errors += check_schema(built)
    if errors:
        raise SpecErrors(sorted(errors, key=lambda e: (e.file or "", e.line or 0)))
    return Schema(tuple(b.table for b in built)), built


def split_entities(docs: list[Document]) -> tuple[list[Entity], list[SpecError]]:
    """A document is one entity, or ``{entities: [...]}``; empty documents are skipped."""
    entities: list[Entity] = []
    errors: list[SpecError] = []
    for doc in docs:
        data = doc.data
        if data is None:
            continue
        whole = Entity(doc.file, data, (), doc.lines)
        if not isinstance(data, dict):
            errors.append(
                whole.error("expected an entity (a mapping with table and columns) or entities: [...]")
            )
        elif "entities" in data and "table" not in data:
            extra = [k for k in data if k not in ("entities", "$schema")]
            errors += [whole.error(f"unknown key '{k}' beside entities", str(k)) for k in extra]
            items = data["entities"]
            if not isinstance(items, list):
                errors.append(whole.error("entities must be a list of entities", "entities"))
                continue
            entities += [
                Entity(doc.file, item, ("entities", str(i)), doc.lines) for i, item in enumerate(items)
            ]
        else:
            entities.append(whole)
    return entities, errors
