"""The extraction workers ``graphsvc serve`` runs beside the web server.

Worker processes (``graphsvc worker`` children) on a database other processes can open; an
in-memory SQLite database lives in the server process only, so there one worker thread
shares the server's store and extractor instead.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

from graphsvc.ingest.worker import Worker
from graphsvc.store.engine import is_memory_url

if TYPE_CHECKING:
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

log = logging.getLogger(__name__)
STOP_TIMEOUT = 30.0
# Extraction is background work: on a busy machine the server's requests get the CPU first.
WORKER_NICENESS = 10  # a worker finishes its current batch (seconds of extraction) first


class WorkerPool:
    def __init__(self, settings: Settings, service: GraphService) -> None:
        self.settings = settings
        self.service = service
        self.processes: list[subprocess.Popen[bytes]] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._sigterm: object = None

    @property
    def in_process(self) -> bool:
        return is_memory_url(self.settings.database_url)

    def start(self) -> None:
        """Start the workers. Until ``stop``, SIGTERM ends the process as a normal exit
        that runs ``finally`` blocks: uvicorn handles SIGTERM, then re-raises it after its
        shutdown, and the default action would kill the server before it stops its pool."""
        count = self.settings.ingest_workers
        if count <= 0:
            return
        if threading.current_thread() is threading.main_thread():
            self._sigterm = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        if self.in_process:
            worker = Worker(self.service)
            self._thread = threading.Thread(
                target=worker.run, args=(self._stop,), name="graphsvc-worker", daemon=True
            )
            self._thread.start()
            return
        command = [sys.executable, "-m", "graphsvc.cli", "worker", "--db", self.settings.db]
        command += ["--nice", str(WORKER_NICENESS), "--parent-pid", str(os.getpid())]
        self.processes = [subprocess.Popen(command) for _ in range(count)]

    def stop(self) -> None:
        """SIGTERM every worker (each puts its job back after its batch), then wait."""
        self._stop.set()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                log.warning("worker %d did not stop in %.0f s; killed", process.pid, STOP_TIMEOUT)
                process.kill()
                process.wait()
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
        self.processes = []
        if self._sigterm is not None:
            signal.signal(signal.SIGTERM, self._sigterm)  # type: ignore[arg-type]
            self._sigterm = None


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)
