"""Settings from the environment and `.env` (the environment wins)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    db_path: Path = Field(default=Path("data/bilimbot.sqlite3"), alias="BILIMBOT_DB")
    admins: tuple[int, ...] = Field(default=(), alias="BILIMBOT_ADMINS")
    log_level: str = Field(default="INFO", alias="BILIMBOT_LOG_LEVEL")

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admins", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> object:
        """`BILIMBOT_ADMINS=123,456` (a comma-separated list of Telegram user ids)."""
        if isinstance(value, int):
            return (value,)
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value
