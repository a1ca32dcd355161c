"""Fixtures for the adoption tests: corpora loaded with the engines' own clients, in databases made and
dropped with the conftest's conventions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.adoption import catalog, corpora


@dataclass
class LoadedPair:
    """The same corpus loaded into two databases, and the first one's snapshot."""

    corpus: corpora.Corpus
    a: str
    b: str
    snapshot_a: dict


@dataclass
class Loader:
    made: corpora.Databases
    pairs: dict[str, LoadedPair] = field(default_factory=dict)

    def pair(self, c: corpora.Corpus) -> LoadedPair:
        if c.name not in self.pairs:
            a = corpora.loaded(self.made, c)
            b = corpora.loaded(self.made, c)
            self.pairs[c.name] = LoadedPair(c, a, b, catalog.snapshot(a))
        return self.pairs[c.name]

    def fresh(self, c: corpora.Corpus) -> str:
        return corpora.loaded(self.made, c)


@pytest.fixture(scope="module")
def corpus_loader(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loader]:
    """Loads each corpus at most twice per module (lazily), and drops every database at the end."""
    label = request.module.__name__.rsplit(".", 1)[-1]
    with corpora.databases(label, tmp_path_factory.mktemp("corpora")) as made:
        yield Loader(made)
