"""Versioned migrations: files beside a model snapshot, a history table, and the ``op`` builder.

``files`` (naming, loading), ``snapshot``, ``checksum`` (npa.sum), ``codegen`` and ``authoring``
(writing migrations), ``builder`` (the ``op`` API), ``prepare`` (portable ops → the dialect's, replayed
on the model by ``npa_schema.replay``), ``history``, ``status``, ``runner`` (migrate up/down) and
``script`` (offline SQL).
"""

from __future__ import annotations

from npa_schema.migrations.builder import Operations

__all__ = ["Operations"]
