"""Production paths: webhook secret and health, backup/restore, a crash during import."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.app import create_dispatcher
from bot.cli import main
from bot.client import create_bot
from bot.config import Settings
from bot.local_session import LocalSession
from bot.logging_setup import JsonFormatter
from bot.services import open_services
from bot.webhook import build_webhook_app

UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1, "date": 0, "chat": {"id": 100, "type": "private"},
        "from": {"id": 100, "is_bot": False, "first_name": "A"}, "text": "Мектеп автобусы бар ма?",
    },
}  # fmt: skip


async def test_webhook_refuses_a_wrong_secret_and_serves_health(settings: Settings) -> None:
    settings = settings.model_copy(update={"webhook_secret": SecretStr("s3cret")})
    async with open_services(settings) as services:
        session = LocalSession()
        bot = create_bot("1:test", session)
        app = build_webhook_app(create_dispatcher(services), bot, settings, services)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            header = "X-Telegram-Bot-Api-Secret-Token"
            wrong = await client.post("/telegram", json=UPDATE, headers={header: "nope"})
            assert wrong.status == 401
            assert session.requests == []
            right = await client.post("/telegram", json=UPDATE, headers={header: "s3cret"})
            assert right.status == 200
            assert any("тасымалда" in getattr(r, "text", "").lower() for r in session.requests)
            health = await client.get("/healthz")
            assert health.status == 200
            assert (await health.json())["entries"] >= 24


def test_backup_and_restore_round_trip(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("BILIMBOT_DB", str(db_path))
    assert main(["export", "--format", "json"]) == 0
    original = json.loads(capsys.readouterr().out)
    backup_file = tmp_path / "backup.sqlite3"
    assert main(["backup", str(backup_file)]) == 0

    changed = json.loads(json.dumps(original))
    changed["entries"][0]["answer"] = "Кейін өзгертілген жауап."
    (tmp_path / "changed.json").write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    assert main(["import", str(tmp_path / "changed.json")]) == 0

    assert main(["restore", str(backup_file)]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == original


def test_restore_refuses_a_file_that_is_not_a_bilimbot_database(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("BILIMBOT_DB", str(db_path))
    assert main(["export", "--format", "json"]) == 0
    before = capsys.readouterr().out
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["restore", str(junk)]) == 1
    assert "Дерекқор өзгерген жоқ" in capsys.readouterr().err
    assert main(["export", "--format", "json"]) == 0
    assert capsys.readouterr().out == before


def test_a_process_killed_during_import_applies_nothing(db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BILIMBOT_DB": str(db_path)}
    export = subprocess.run([sys.executable, "-m", "bot", "export", "--format", "json"],
                            capture_output=True, env=env, check=True)  # fmt: skip
    document = json.loads(export.stdout)
    template = document["entries"][0]
    big = [{**template, "slug": f"bulk-{i}", "answer": template["answer"] * 5}
           for i in range(20_000)]  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"entries": big}, ensure_ascii=False), "utf-8")

    process = subprocess.Popen([sys.executable, "-m", "bot", "import", str(path)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 60
    start = wal.stat().st_size if wal.exists() else 0
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start + 1_000_000:  # writing the import
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed"

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bulk = conn.execute("SELECT COUNT(*) FROM entries WHERE slug LIKE 'bulk-%'").fetchone()
        assert bulk[0] == 0
        history = conn.execute("SELECT COUNT(*) FROM entry_history").fetchone()
        assert history[0] == 0
    finally:
        conn.close()


def test_json_log_lines_carry_level_logger_and_message() -> None:
    record = logging.LogRecord(
        "bilimbot", logging.ERROR, __file__, 1, "update %s failed", (7,), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["logger"] == "bilimbot"
    assert line["message"] == "update 7 failed"
