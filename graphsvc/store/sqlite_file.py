"""A SQLite store file that disappears while connections to it are open.

Open connections keep reading and writing the file they opened, even once it has been
moved or deleted (and a new connection would silently create an empty database in its
place). So: connections open the file read-write but never create it, and each pooled
connection is checked on checkout against the file now at the path (one ``stat``); a
connection to a file that is no longer there is dropped, the pool reconnects, and while
the path holds no database that fails — an outage (503) until the file is back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def watch_file(engine: Engine, database: str) -> None:
    """Open ``database`` (an existing file) read-write only, and drop pooled connections to
    a file no longer at that path."""
    path = Path(database).resolve()
    uri = "file:" + quote(str(path), safe="/") + "?mode=rw"

    def do_connect(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict) -> None:
        cargs[:] = [uri]
        cparams["uri"] = True

    def on_connect(_dbapi_connection: Any, record: Any) -> None:
        record.info["file_id"] = _file_id(path)

    def on_checkout(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("file_id") != _file_id(path):
            raise DisconnectionError(f"the database file {path} was moved or removed")

    event.listen(engine, "do_connect", do_connect)
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "checkout", on_checkout)
