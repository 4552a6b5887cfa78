"""Settings from the environment and `.env` (the environment wins)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    db_path: Path = Field(default=Path("data/bilimbot.sqlite3"), alias="BILIMBOT_DB")
    # `sqlite:///path` or `postgresql://user:pass@host:port/db`; wins over BILIMBOT_DB.
    database_url: SecretStr | None = Field(default=None, alias="BILIMBOT_DATABASE_URL")
    redis_url: SecretStr | None = Field(default=None, alias="BILIMBOT_REDIS_URL")
    admins: tuple[int, ...] = Field(default=(), alias="BILIMBOT_ADMINS")
    log_level: str = Field(default="INFO", alias="BILIMBOT_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(default="text", alias="BILIMBOT_LOG_FORMAT")
    mode: Literal["polling", "webhook"] = Field(default="polling", alias="BILIMBOT_MODE")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_path: str = Field(default="/telegram", alias="WEBHOOK_PATH")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_host: str = Field(default="0.0.0.0", alias="WEBHOOK_HOST")
    webhook_port: int = Field(default=8080, alias="WEBHOOK_PORT")
    bot_api_url: str | None = Field(default=None, alias="BOT_API_URL")

    @property
    def database(self) -> str:
        """Where the records live: the URL if set, else the SQLite file of BILIMBOT_DB."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return str(self.db_path)

    @field_validator(
        "bot_token",
        "webhook_secret",
        "webhook_url",
        "bot_api_url",
        "database_url",
        "redis_url",
        mode="before",
    )
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_api_url")
    @classmethod
    def _api_url_is_http(cls, value: str | None) -> str | None:
        """Checked here, before the token is ever joined to it (a bad URL in a traceback
        would carry the token)."""
        if value is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise ValueError("BOT_API_URL must be an http:// or https:// address")
        return value

    def secrets(self) -> list[str]:
        """Every secret value, for log redaction; URL passwords included."""
        found = [s.get_secret_value() for s in (self.bot_token, self.webhook_secret) if s]
        for url in (self.database_url, self.redis_url):
            if url is not None:
                value = url.get_secret_value()
                found.append(value)
                password = urlsplit(value).password
                if password:
                    found.append(password)
        return found

    @field_validator("admins", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> object:
        """`BILIMBOT_ADMINS=123,456` (a comma-separated list of Telegram user ids)."""
        if isinstance(value, int):
            return (value,)
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value
