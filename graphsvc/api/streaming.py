"""A streaming response that always closes its source.

Starlette's StreamingResponse drops a synchronous iterator when the client goes away and
leaves closing it to the garbage collector; the exports' iterators hold a database cursor
and its connection. This one closes the iterator in a worker thread as soon as the response
ends (done, failed or disconnected), shielded from the cancellation that ended it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send


def _close(chunks: Iterator[bytes]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


class ClosingStreamingResponse(StreamingResponse):
    def __init__(
        self,
        chunks: Iterator[bytes],
        *,
        media_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(chunks, media_type=media_type, headers=headers)
        self._chunks = chunks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_close, self._chunks)
