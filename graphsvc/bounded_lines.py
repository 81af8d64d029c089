"""Lines of a binary file with a cap on how much of one line is ever held in memory.

``for line in handle`` (or ``read_bytes().split(b"\\n")``) reads a 50 MB line whole before
anyone can look at its length; here a line longer than the cap comes back as ``None`` after
at most ``max_bytes`` of it were read at once, and the rest of it is skipped in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

SKIP_CHUNK = 1 << 20


def bounded_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number from 1, the line without its b"\\n") for every line of ``handle``, with
    ``None`` in place of a line over ``max_bytes``."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if line.endswith(b"\n"):
            yield number, line[:-1]
        elif len(line) <= max_bytes:
            yield number, line  # the last line, without a newline
        else:
            _skip_rest_of_line(handle)
            yield number, None


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return
