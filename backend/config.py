"""Settings from environment variables prefixed FIELDCHECK_."""

from __future__ import annotations

import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.timeutil import ZoneName


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FIELDCHECK_", env_file=".env", extra="ignore")

    var_dir: Path = Field(Path("var"), description="where the embedded database, secret key and media live")
    database_url: str = Field("", description="SQLAlchemy URL; default: SQLite in var_dir")
    media_dir: Path | None = Field(None, description="photo and report storage; default: var_dir/media")
    secret_key: str = Field("", description="key of the stored token digests; generated into var_dir/secret_key "
                            "on first start when empty")
    token_ttl_minutes: int = Field(12 * 60, ge=1, le=60 * 24 * 30)
    login_max_failures: int = Field(5, ge=1)
    login_lockout_seconds: int = Field(15 * 60, ge=1)
    photo_max_bytes: int = Field(25_000_000, ge=1)
    photo_max_pixels: int = Field(40_000_000, ge=1)
    photo_decoders: int = Field(2, ge=1, le=64, description="photos decoded at once; each may take ~0.5 GB")
    photo_retention_days: int = Field(30, ge=1, description="unclaimed photos are removed after this")
    report_workers: int = Field(1, ge=1, le=16)
    visit_max_distance_m: float = Field(500.0, ge=0, description="proof of visit: farther is flagged")
    default_time_zone: ZoneName = Field("Europe/Berlin", description="IANA zone of a location that names none")
    submission_grace_days: int = Field(7, ge=0, le=365, description="days after an assignment's window in which "
                                       "a first submission is still accepted; later it has expired")
    cors_origins: list[str] = Field(default_factory=list)
    # 40 connections in all: as many as the threads FastAPI runs requests in, so no request waits for one.
    db_pool_size: int = Field(10, ge=1, le=200, description="database connections kept open")
    db_max_overflow: int = Field(30, ge=0, le=500, description="connections opened beyond the pool under load")
    _generated_key: str | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _derive_defaults(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.var_dir / 'fieldcheck.db').as_posix()}"
        if self.media_dir is None:
            self.media_dir = self.var_dir / "media"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in var_dir: never a built-in default."""
        if self.secret_key:
            return self.secret_key
        if self._generated_key is None:
            self._generated_key = _read_or_create_key(self.var_dir / "secret_key")
        return self._generated_key


def _read_or_create_key(path: Path) -> str:
    """The key in the file; on first start a new one, written whole with mode 0600 before it gets its name.
    Server workers starting at once all end up with the first one linked; the others' drafts are dropped."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48) + "\n")
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(draft, path)  # never replaces: a key that signed tokens stays
            except FileExistsError:
                pass
        finally:
            os.unlink(draft)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it to have a new key made (this signs everyone out)")
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()


def default_time_zone() -> str:
    """The agency's time zone: where a location names none, its visit times are shown in this one."""
    return get_settings().default_time_zone
