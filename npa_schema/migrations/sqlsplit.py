"""Split a SQL file into statements at top-level semicolons.

Quotes, dollar-quoted bodies (``$$ ... $$``, ``$tag$ ... $tag$``) and comments are skipped over, so a
semicolon inside a string or a PL/pgSQL block does not end a statement. This is a tokenizer, not a
rewrite: each statement is passed to the engine exactly as written.
"""

from __future__ import annotations

import re

_DOLLAR = re.compile(r"\$[A-Za-z_]*\$")


def split_statements(text: str) -> list[str]:
    statements: list[str] = []
    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i = _skip_quoted(text, i, ch)
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch == "$" and (m := _DOLLAR.match(text, i)):
            end = text.find(m.group(0), m.end())
            i = n if end < 0 else end + len(m.group(0))
        elif ch == ";":
            _keep(statements, text[start:i])
            i += 1
            start = i
        else:
            i += 1
    _keep(statements, text[start:])
    return statements


def _skip_quoted(text: str, i: int, quote: str) -> int:
    j = i + 1
    while j < len(text):
        if text[j] == "\\" and quote != "`":
            j += 2
            continue
        if text[j] == quote:
            if text.startswith(quote * 2, j):
                j += 2
                continue
            return j + 1
        j += 1
    return j


def _keep(statements: list[str], chunk: str) -> None:
    if _strip_comments(chunk).strip():
        statements.append(chunk.strip())


def _strip_comments(chunk: str) -> str:
    out = re.sub(r"/\*.*?\*/", "", chunk, flags=re.S)
    return "\n".join(line for line in out.splitlines() if not line.strip().startswith("--"))
