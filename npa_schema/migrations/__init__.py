"""Versioned migrations: files beside a model snapshot, a history table, and the ``op`` builder.

``files`` (naming, loading), ``snapshot``, ``checksum`` (npa.sum), ``codegen`` and ``authoring``
(writing migrations), ``builder`` (the ``op`` API), ``prepare`` (portable ops → the dialect's, replayed
on the model by ``npa_schema.replay``), ``history``, ``journal`` (the history as the executor's
journal), ``status``, ``runner`` (migrate up/down) and ``script`` (offline SQL, written by the dialect).
"""

from __future__ import annotations

from npa_schema.migrations.builder import Operations

__all__ = ["Operations"]
