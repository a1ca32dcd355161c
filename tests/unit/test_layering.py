"""Engine knowledge lives under ``npa_schema/dialects/`` only: code elsewhere asks the dialect (or the
URL's scheme table) and never compares with a dialect's name. Docstrings and comments may show such a
comparison as example code (the ``op`` API's docs do); only real comparisons count."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from npa_schema.dialects import ALIASES, NAMES
from npa_schema.urls import SCHEMES

PACKAGE = Path(__file__).resolve().parents[2] / "npa_schema"
#: every spelling of a dialect: the registry's names and aliases, and the URL schemes
DIALECT_NAMES = frozenset({*NAMES, *ALIASES, *(scheme.split("+")[0] for scheme in SCHEMES)})
EXCLUDED: set[Path] = set()


def dialect_comparisons(source: str) -> list[int]:
    """Lines comparing something with a dialect name: ``==``, ``!=``, ``in``/``not in`` a literal
    tuple, list or set holding one, and ``case "name":``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif isinstance(node, ast.MatchValue):
            operands = [node.value]
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            # a hand-kept list of dialects: the registry declares them once
            if sum(_names_a_dialect(e) for e in node.elts) > 1:
                lines.append(node.lineno)
            continue
        else:
            continue
        if any(_names_a_dialect(e) for e in operands):
            lines.append(node.lineno)
    return sorted(lines)


def _names_a_dialect(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.lower() in DIALECT_NAMES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_a_dialect(e) for e in node.elts)
    return False


def test_no_dialect_name_comparison_outside_dialects() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "dialects") in path.parents or path in EXCLUDED:
            continue
        source = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in dialect_comparisons(source)]
    assert not found, "compares with a dialect's name; ask the dialect instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "code",
    [
        'if url.dialect == "sqlite": pass',
        'ok = "postgres" != name',
        'ok = name in ("mysql", "mariadb")',
        'ok = name not in ["mssql"]',
        'match name:\n    case "postgresql": pass',
        'ENGINES = ("sqlite", "postgres")',
    ],
)
def test_the_check_finds_each_form_of_comparison(code: str) -> None:
    assert dialect_comparisons(code)


def test_the_check_ignores_docstrings_comments_and_other_strings() -> None:
    code = '''
def f(op, name):
    """Example: ``if op.dialect == "postgres": op.execute(...)``."""
    # if name == "sqlite": ...
    return name == "text" or {"sqlite": 1}.get(name)
'''
    assert dialect_comparisons(code) == []
