"""A streaming response for a synchronous iterator of bytes (the exports' writers).

- The iterator is closed as soon as the response ends — done, failed or the client gone —
  in a worker thread and shielded from the cancellation that ended it. (Starlette's
  StreamingResponse leaves that to the garbage collector; here it holds a database cursor
  and its connection.)
- Chunks are pulled from the worker thread in batches of about 1 MB (one chunk of the
  streaming writers) per thread hop; the first batch is a single chunk, so the first byte
  is not delayed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

BATCH_BYTES = 1 << 20


def _close(chunks: Iterator[bytes]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


def _take(chunks: Iterator[bytes], limit: int) -> list[bytes]:
    """The next chunks up to ``limit`` bytes (at least one), [] at the end."""
    batch: list[bytes] = []
    size = 0
    for chunk in chunks:  # a for loop that breaks leaves the generator open
        batch.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return batch


async def _batched(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    limit = 1  # the first chunk (a file's header) goes out on its own
    while batch := await run_in_threadpool(_take, chunks, limit):
        for chunk in batch:
            yield chunk
        limit = BATCH_BYTES


class ClosingStreamingResponse(StreamingResponse):
    def __init__(
        self,
        chunks: Iterator[bytes],
        *,
        media_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(_batched(chunks), media_type=media_type, headers=headers)
        self._chunks = chunks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_close, self._chunks)
