"""Production paths: webhook secret and health, backup/restore, a crash during import, and
what deploys the bot (the image check's parsing, compose.yaml, the proxy)."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.app import create_dispatcher
from bot.cli import main
from bot.client import create_bot
from bot.config import Settings
from bot.local_session import LocalSession
from bot.logging_setup import JsonFormatter
from bot.runtime import UpdateRunner
from bot.services import open_services
from bot.webhook import MissingWebhookSecret, build_webhook_app, require_webhook_secret
from deploy.check_image import (
    CheckFailed,
    ImageConfig,
    base_images,
    compose_healthcheck,
    debian_suite,
    lookup_user,
)

UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1, "date": 0, "chat": {"id": 100, "type": "private"},
        "from": {"id": 100, "is_bot": False, "first_name": "A"}, "text": "Мектеп автобусы бар ма?",
    },
}  # fmt: skip


async def test_webhook_refuses_a_wrong_secret_and_serves_health(settings: Settings) -> None:
    secret = "s3cret-token-for-tests"
    settings = settings.model_copy(update={"webhook_secret": SecretStr(secret)})
    async with open_services(settings) as services:
        session = LocalSession()
        bot = create_bot("1:test", session)
        runner = UpdateRunner(create_dispatcher(services), bot, services.inbox)
        app = build_webhook_app(runner, bot, settings, services)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            header = "X-Telegram-Bot-Api-Secret-Token"
            wrong = await client.post("/telegram", json=UPDATE, headers={header: "nope"})
            assert wrong.status == 401
            missing = await client.post("/telegram", json=UPDATE)
            assert missing.status == 401
            assert session.requests == []
            right = await client.post("/telegram", json=UPDATE, headers={header: secret})
            assert right.status == 200
            again = await client.post("/telegram", json=UPDATE, headers={header: secret})
            assert again.status == 200  # Telegram's retry of the same update
            await runner.drain()
            answers = [r for r in session.requests if "тасымалда" in getattr(r, "text", "").lower()]
            assert len(answers) == 1
            health = await client.get("/healthz")
            assert health.status == 200
            assert (await health.json())["entries"] >= 24


@pytest.mark.parametrize("secret", [None, "", "short"])
def test_webhook_mode_refuses_to_start_without_a_secret(
    settings: Settings, secret: str | None
) -> None:
    settings = settings.model_copy(update={
        "mode": "webhook", "webhook_secret": SecretStr(secret) if secret is not None else None,
    })  # fmt: skip
    with pytest.raises(MissingWebhookSecret, match="WEBHOOK_SECRET"):
        require_webhook_secret(settings)


def test_webhook_process_without_a_secret_exits_with_a_clear_message(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": "123:abc",
        "BILIMBOT_MODE": "webhook",
        "WEBHOOK_URL": "https://example.org",
        "BILIMBOT_DB": str(tmp_path / "db.sqlite3"),
    }
    env.pop("WEBHOOK_SECRET", None)
    done = subprocess.run([sys.executable, "-m", "bot", "run"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode != 0
    assert "WEBHOOK_SECRET is required" in done.stderr
    assert "123:abc" not in done.stderr + done.stdout


def test_a_malformed_bot_api_url_is_refused_without_showing_the_token(tmp_path: Path) -> None:
    env = {**os.environ, "BOT_TOKEN": "123:NEVER-SHOWN", "BOT_API_URL": "not a url",
           "BILIMBOT_DB": str(tmp_path / "db.sqlite3")}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "bot", "run"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert "BOT_API_URL" in done.stderr and "баптау" in done.stderr.lower()
    assert "NEVER-SHOWN" not in done.stderr + done.stdout


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


# -- the image, compose.yaml and the proxy (deploy/check_image.py builds and runs the image)

ROOT = Path(__file__).resolve().parent.parent


def test_the_image_check_makes_each_base_image_the_dockerfile_starts_from() -> None:
    assert base_images((ROOT / "Dockerfile").read_text()) == ["debian:trixie-slim"]
    dockerfile = (
        "FROM --platform=linux/amd64 debian:bookworm-slim AS build\nRUN true\n"
        "FROM build AS test\nfrom debian:trixie\nCOPY --from=build /a /a\n"
    )
    assert base_images(dockerfile) == ["debian:bookworm-slim", "debian:trixie"]
    assert debian_suite("debian:trixie-slim") == debian_suite("debian:trixie") == "trixie"
    assert debian_suite("docker.io/library/debian:bookworm-slim") == "bookworm"
    with pytest.raises(CheckFailed, match="only debian"):
        debian_suite("python:3.13-alpine")


def test_the_image_check_runs_what_the_image_config_says() -> None:
    config = ImageConfig.from_inspect({
        "User": "bilimbot", "Env": ["PATH=/opt/bilimbot/bin:/usr/bin:/bin", "A=b=c"],
        "Entrypoint": ["tini", "--"], "Cmd": ["bilimbot", "run"], "WorkingDir": "/home/bilimbot",
        "Volumes": {"/data": {}}, "ExposedPorts": {"8080/tcp": {}}, "StopSignal": "SIGTERM",
    })  # fmt: skip
    assert config.argv == ["tini", "--", "bilimbot", "run"]
    assert config.env["A"] == "b=c" and config.volumes == ["/data"] and config.ports == ["8080"]
    bare = ImageConfig.from_inspect({"Cmd": ["sh"]})
    assert (bare.user, bare.workdir, bare.stopsignal) == ("root", "/", "SIGTERM")


def test_the_image_user_is_read_from_the_images_own_files() -> None:
    passwd = "root:x:0:0:root:/root:/bin/bash\nbilimbot:x:10001:10001::/home/bilimbot:/bin/sh\n"
    group = "root:x:0:\nbilimbot:x:10001:\nstaff:x:50:\n"
    assert lookup_user("bilimbot", passwd, group) == (10001, 10001)
    assert lookup_user("10001", passwd, group) == (10001, 10001)
    assert lookup_user("bilimbot:staff", passwd, group) == (10001, 50)
    assert lookup_user("4242:4242", passwd, group) == (4242, 4242)
    with pytest.raises(CheckFailed, match="no such user"):
        lookup_user("nobody", passwd, group)


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text()))


def test_compose_by_default_runs_one_bot_on_sqlite() -> None:
    services = _compose()["services"]
    default = [name for name, service in services.items() if not service.get("profiles")]
    assert default == ["bot"]
    bot = services["bot"]
    assert bot["environment"]["BILIMBOT_DB"].startswith("/data/")
    assert "BILIMBOT_DATABASE_URL" not in bot["environment"]
    assert "bilimbot-data:/data" in bot["volumes"]


def test_compose_production_runs_replicas_on_postgres_and_redis_behind_the_proxy() -> None:
    services = _compose()["services"]
    production = {n for n, s in services.items() if "production" in s.get("profiles", [])}
    assert production == {"postgres", "redis", "bot-webhook", "proxy"}
    bots = services["bot-webhook"]
    assert bots["deploy"]["replicas"] >= 2
    env = bots["environment"]
    assert env["BILIMBOT_MODE"] == "webhook"
    database = urlsplit(env["BILIMBOT_DATABASE_URL"])
    assert (database.scheme, database.hostname, database.port) == ("postgresql", "postgres", 5432)
    redis = urlsplit(env["BILIMBOT_REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)
    assert {name: dep["condition"] for name, dep in bots["depends_on"].items()} == {
        "postgres": "service_healthy", "redis": "service_healthy",
    }  # fmt: skip
    assert "ports" not in bots  # the replicas are reached through the proxy only
    assert services["proxy"]["depends_on"]["bot-webhook"]["condition"] == "service_healthy"
    for name in production:
        assert services[name]["healthcheck"]["test"], name
        assert services[name]["restart"] == "unless-stopped", name


def test_the_proxy_hands_the_webhook_path_to_the_bot_replicas() -> None:
    proxy = _compose()["services"]["proxy"]
    mounted = [v.split(":")[0] for v in proxy["volumes"] if v.startswith("./")]
    assert mounted == ["./deploy/Caddyfile"]
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    port = _compose()["services"]["bot-webhook"]["environment"]["WEBHOOK_PORT"]
    assert re.search(rf"dynamic a bot-webhook {port}\b", caddyfile)
    # Only the webhook path reaches the bots; anything else (/healthz too) is a 404.
    handled = [m.strip() for m in re.findall(r"^\s*handle\b(.*)\{", caddyfile, re.MULTILINE)]
    assert handled == ["{$WEBHOOK_PATH:/telegram}", ""]
    assert re.search(r"handle \{\s*respond 404\s*\}", caddyfile)
    assert proxy["environment"]["WEBHOOK_PATH"] == "${WEBHOOK_PATH:-/telegram}"


def test_compose_healthcheck_passes_a_polling_bot_and_probes_healthz_in_webhook_mode() -> None:
    command = compose_healthcheck((ROOT / "compose.yaml").read_text())
    assert "http://127.0.0.1:8080/healthz" in command
    polling = subprocess.run(["/bin/sh", "-c", command], env={"BILIMBOT_MODE": "polling"},
                             check=False)  # fmt: skip
    assert polling.returncode == 0


def test_the_image_installs_extras_that_pyproject_declares() -> None:
    match = re.search(r"^ARG EXTRAS=(\S*)$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert match is not None
    extras = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"])  # fmt: skip
    wanted = set(filter(None, match.group(1).split(",")))
    assert wanted == {"postgres", "redis"} and wanted <= extras
