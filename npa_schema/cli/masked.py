"""The CLI's standard streams with every password masked, whoever writes to them.

Commands mask what they print themselves, but a driver's message, a library's warning or a traceback
can carry a URL too: :func:`masked_streams` puts :func:`npa_schema.urls.mask_url` between the
process and its stdout and stderr for the whole command. Writes are masked one at a time, and every
writer here writes a line (or more) at once, so a URL is never split between two writes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from npa_schema.urls import mask_url


class MaskedStream:
    """A text stream that masks passwords in what is written, and is otherwise the stream it wraps
    (encoding, ``isatty``, ``fileno``: rich and click look at them)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with write(b"")
            return self._stream.write(text)
        self._stream.write(mask_url(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def masked_streams() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = MaskedStream(saved[0]), MaskedStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
