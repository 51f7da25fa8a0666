"""Settings: the one place configuration is read from the environment."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything configurable; `DATABASE_URL` plus `FOTAVTRYKK_*` variables."""

    model_config = SettingsConfigDict(env_prefix="FOTAVTRYKK_", extra="ignore")

    data_dir: Path = Field(default=REPO_DIR / "data", description="Private working data")
    database_url: str = Field(
        default="",
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL of the store; a SQLite file under data_dir when empty",
    )
    geodata_dir: Path = Field(default=REPO_DIR / "geodata")
    inbox: Path | None = Field(default=None, description="Folder providers drop files into")
    min_respondents: int = Field(default=10, ge=1, description="k: smallest publishable cell")
    window_months: int = Field(default=12, ge=1, le=36)
    keep_releases: int = Field(default=3, ge=1, description="Old releases kept for rollback")
    schedule_at: str = Field(default="02:30", pattern=r"^\d{2}:\d{2}$",
                             description="Local time of the nightly run (etl schedule)")
    key_secret: str = Field(default="", description="Secret behind the perturbation keys; "
                            "empty: a random one kept in data_dir/cell-key.secret")
    engine: Literal["duckdb", "spark"] = Field(
        default="duckdb", description="Where the record-scaled ETL stages run: DuckDB in "
        "process, or Spark (local mode, or the cluster spark-submit names; docs/scaling.md)")
    memory_limit: str = Field(default="2GB", description="DuckDB memory limit; spills beyond")
    publish_pause_s: float = Field(default=0.0, ge=0,
                                   description="Fault tests only: pause inside the publish "
                                   "transaction so a test can kill the run there")
    cache_url: str = Field(default="", description="Redis URL for the shared cache; empty: none")
    cache_timeout: int = Field(default=6 * 3600, ge=0,
                               description="Seconds a dashboard query result is cached")
    ready_max_age_hours: float = Field(default=36, gt=0, description="/readyz fails when "
                                       "the last successful ETL run is older than this")
    db_connect_timeout_s: int = Field(
        default=3, ge=2, description="Web tier: seconds to wait for a connection to the store "
        "(PostgreSQL counts at least 2) before answering 503")
    db_statement_timeout_s: float = Field(
        default=5.0, gt=0, description="Web tier: seconds a store query may run (PostgreSQL "
        "statement_timeout; SQLite busy timeout) before answering 503")
    excluded_sources: str = Field(
        default="", description="Comma-separated sources whose records are set aside "
        "(quarantine reason excluded_source), e.g. 'bank'; no code change needed")
    host: str = "127.0.0.1"
    port: int = 8050

    @cached_property
    def db_url(self) -> str:
        """The store's URL, defaulting to a SQLite file so a new user needs nothing else."""
        return self.database_url or f"sqlite:///{self.data_dir / 'fotavtrykk.sqlite'}"

    @property
    def excluded(self) -> tuple[str, ...]:
        """The excluded sources as the checks compare them: trimmed, lower-case, sorted."""
        names = {n.strip().lower() for n in self.excluded_sources.split(",")}
        return tuple(sorted(n for n in names if n))

    @property
    def inbox_dir(self) -> Path:
        return self.inbox or self.data_dir / "inbox"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def rejected_dir(self) -> Path:
        return self.data_dir / "rejected"

    @property
    def staging_dir(self) -> Path:
        return self.data_dir / "staging"


def get_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (e.g. CLI flags) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
