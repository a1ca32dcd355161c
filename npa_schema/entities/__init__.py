"""Entity files (YAML/TOML) ↔ the model: loading with file:line errors, and writing them back (pull).

Heavy dependencies (PyYAML, jsonschema) are imported inside the functions that need them, so
importing this package stays cheap for ``npa --help``.
"""

from __future__ import annotations

from npa_schema.entities.dump import dump_schema_files, dump_table
from npa_schema.entities.load import LoadedSchema, load_documents, load_schema, load_text

__all__ = ["LoadedSchema", "dump_schema_files", "dump_table", "load_documents", "load_schema", "load_text"]
