"""Connecting to a Dask scheduler (or starting a local cluster), with errors a person reads.

dask is an optional extra: it is imported here, inside functions, and nowhere else in
graphsvc, so the base install and ``make run`` never need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from graphsvc.errors import GraphsvcError

if TYPE_CHECKING:
    from distributed import Client

LOCAL = re.compile(r"local(?::(\d+))?")
INSTALL_HINT = "install graphsvc[dask] (pip install 'graphsvc[dask]')"


class ClusterError(GraphsvcError):
    """Dask is missing, the scheduler cannot be reached, or the connection was lost."""

    status = 503
    title = "Cluster unavailable"


def import_distributed() -> Any:
    """The ``distributed`` module, or ClusterError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"Dask is not installed: {INSTALL_HINT}.") from None
    return distributed


def check_address(address: str) -> str:
    """``tcp://host:port`` (or ``tls://``, ``ucx://``, ``inproc://``) or ``local[:N]``."""
    address = address.strip()
    if LOCAL.fullmatch(address) or re.fullmatch(r"[a-z]+://\S+", address):
        return address
    raise ClusterError(
        f"Not a Dask scheduler address: '{address}' (use tcp://HOST:8786, or local:N to "
        "start N local workers)."
    )


@contextmanager
def open_client(address: str, *, timeout: float = 10.0) -> Iterator[Client]:
    """A Client of the scheduler at ``address``; ``local:N`` starts a LocalCluster of N
    single-threaded worker processes for the duration (N defaults to 2)."""
    distributed = import_distributed()
    address = check_address(address)
    local = LOCAL.fullmatch(address)
    with ExitStack() as stack:
        try:
            if local:
                workers = int(local.group(1) or 2)
                if workers < 1:
                    raise ClusterError("local:N needs at least one worker.")
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        # any free port: 8787 may be another cluster's
                        dashboard_address=":0",
                    )
                )
                address = cluster.scheduler_address
            client = stack.enter_context(distributed.Client(address, timeout=timeout))
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"Cannot reach the Dask scheduler at {address}: {first_line(exc)}."
            ) from None
        yield client


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
