"""Build the Dockerfile for real where no Docker engine runs, then run the image it makes.

    sudo .venv/bin/python deploy/check_image.py [--workdir DIR] [--clean]

Needs Linux, root, `apt-get install podman debootstrap` and network access to Debian and
PyPI. Not part of `make test`: the first run took 5 minutes here, later ones about 2 (they
reuse the base image and podman's layer cache, kept in the workdir; --clean deletes it).

1. Base image: each `FROM debian:<suite>[-slim]` the Dockerfile names is made with
   `debootstrap --variant=minbase` and `podman import`ed under that name (the nearest this
   machine can make to Debian's slim image; it lacks the image's apt settings).
2. Build: `podman build --isolation chroot --storage-driver vfs` (buildah) builds the
   Dockerfile as it is; the host's CA bundle, when one is set (a TLS-inspecting proxy), is
   handed to the pip step as the build secret `ca`, so nothing of it stays in the image.
3. Run: `podman run` is refused in this sandbox (a setrlimit it may not make), so a
   container is created from the image and its file system mounted (`podman create`,
   `podman mount`: whatever the bot writes lands in that container, not in the image).
   The image's command runs there as `docker run` would: chrooted, as the image's user,
   with the image's environment and working directory, a fresh directory as the volume,
   in private mount and network namespaces (only loopback) that vanish with the run.

Checked against a stand-in Telegram Bot API on that loopback:
- the image's user is not root and owns the volume; /data is a volume, port 8080 exposed;
- terminal mode (no token) answers a question;
- polling mode answers an update and stops cleanly on the stop signal, token not logged;
- webhook mode registers its secret, refuses a wrong one, answers with the right one,
  passes compose.yaml's healthcheck and stops cleanly; after a restart on the same volume
  what it wrote is still there;
- with --production (once the bot reads BILIMBOT_DATABASE_URL and BILIMBOT_REDIS_URL):
  webhook mode on a real PostgreSQL and Valkey started on that loopback answers, logs the
  question in PostgreSQL, makes no SQLite file, and keeps its shared state in Redis.
"""

from __future__ import annotations

import argparse
import contextlib
import email.parser
import email.policy
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAG = "localhost/bilimbot:check"
CONTAINER = "bilimbot-check"
TOKEN = "123456:check-image-token"
SECRET = "check-image-secret"
QUESTION = "Тегін ыстық тамақ кімге беріледі?"
ANSWER_MARK = "тамақ"  # a word the free-meals answer must contain
PORT = 8080
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"
CHILD_MARK = "BILIMBOT_CHECK_IMAGE_PARENT_NS"  # set in the namespaced run of this script


class CheckFailed(Exception):
    pass


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"    ok: {what}", flush=True)


# -- what the Dockerfile and the image say ------------------------------------------------


def base_images(dockerfile: str) -> list[str]:
    """The images the Dockerfile's stages start from (not its own earlier stages)."""
    bases: list[str] = []
    stages: set[str] = set()
    for line in dockerfile.splitlines():
        match = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if match is None:
            continue
        image, name = match.group(1), match.group(2)
        if image.lower() not in stages and image not in bases:
            bases.append(image)
        if name:
            stages.add(name.lower())
    return bases


def debian_suite(image: str) -> str:
    """debian:trixie-slim -> trixie: the only base images this check can make itself."""
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?debian:([a-z]+)(?:-slim)?", image)
    if match is None:
        raise CheckFailed(f"cannot make base image {image!r}: only debian:<suite>[-slim]")
    return match.group(1)


@dataclass(frozen=True)
class ImageConfig:
    user: str
    env: dict[str, str]
    workdir: str
    argv: list[str]
    volumes: list[str]
    ports: list[str]
    stopsignal: str

    @classmethod
    def from_inspect(cls, config: dict[str, Any]) -> ImageConfig:
        """`podman image inspect`'s Config (the OCI image config)."""
        env = dict(item.split("=", 1) for item in config.get("Env") or [])
        return cls(
            user=config.get("User") or "root",
            env=env,
            workdir=config.get("WorkingDir") or "/",
            argv=[*(config.get("Entrypoint") or []), *(config.get("Cmd") or [])],
            volumes=sorted(config.get("Volumes") or {}),
            ports=sorted(port.split("/")[0] for port in config.get("ExposedPorts") or {}),
            stopsignal=config.get("StopSignal") or "SIGTERM",
        )


def lookup_user(spec: str, passwd: str, group: str) -> tuple[int, int]:
    """USER `name`, `uid`, `name:group` or `uid:gid`, read from the image's own files."""
    user, _, group_name = spec.partition(":")
    users = {fields[0]: fields for fields in (line.split(":") for line in passwd.splitlines())}
    if user.isdigit():
        uid = int(user)
        gid = next((int(f[3]) for f in users.values() if f[2] == user), uid)
    elif user in users:
        uid, gid = int(users[user][2]), int(users[user][3])
    else:
        raise CheckFailed(f"USER {spec}: no such user in the image")
    if group_name:
        groups = {f[0]: int(f[2]) for f in (line.split(":") for line in group.splitlines())}
        gid = int(group_name) if group_name.isdigit() else groups[group_name]
    return uid, gid


def compose_healthcheck(compose: str, service: str = "bot") -> str:
    """The shell command of compose.yaml's healthcheck for a service (`$$` is `$`)."""
    services = yaml.safe_load(compose)["services"]
    test = services[service]["healthcheck"]["test"]
    if isinstance(test, str):
        return test.replace("$$", "$")
    kind, *command = test
    if kind == "CMD-SHELL":
        return str(command[0]).replace("$$", "$")
    if kind == "CMD":
        return shlex.join(command).replace("$$", "$")
    raise CheckFailed(f"unexpected healthcheck form {kind}")


def host_ca_bundle() -> Path | None:
    """The CA bundle this host's pip is told to use (behind a TLS-inspecting proxy)."""
    for name in ("PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        value = os.environ.get(name)
        if value and Path(value).is_file():
            return Path(value)
    return None


# -- building -----------------------------------------------------------------------------


class Podman:
    """podman with its own storage in the workdir (vfs: no overlay or fuse needed)."""

    def __init__(self, workdir: Path) -> None:
        self.base = [
            "podman",
            "--root", str(workdir / "storage"),
            "--runroot", str(workdir / "run"),
            "--storage-driver", "vfs",
        ]  # fmt: skip

    def __call__(self, *args: str, check: bool = True, log: Path | None = None) -> str:
        if log is None:
            result = subprocess.run(
                [*self.base, *args], capture_output=True, text=True, check=False
            )
            output = result.stdout
            if check and result.returncode != 0:
                raise CheckFailed(f"podman {args[0]} failed: {result.stderr.strip()[-2000:]}")
            return output
        with log.open("w") as out:
            result = subprocess.run(
                [*self.base, *args], stdout=out, stderr=subprocess.STDOUT, text=True, check=False
            )
        if check and result.returncode != 0:
            print(log.read_text()[-4000:], file=sys.stderr)
            raise CheckFailed(f"podman {args[0]} failed (log: {log})")
        return ""

    def exists(self, image: str) -> bool:
        command = [*self.base, "image", "exists", image]
        return subprocess.run(command, capture_output=True, check=False).returncode == 0


def make_base_image(podman: Podman, image: str, cache: Path) -> None:
    if podman.exists(image):
        return
    suite = debian_suite(image)
    target = cache / suite
    done = cache / f"{suite}.done"  # written only after a complete debootstrap
    if not done.exists():
        step(f"debootstrap {suite}")
        if target.exists():
            subprocess.run(["rm", "-rf", "--one-file-system", str(target)], check=True)
        subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                suite,
                str(target),
                "http://deb.debian.org/debian",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Debian's images ship without downloaded packages or package lists.
        subprocess.run([CHROOT, str(target), "apt-get", "clean"], check=True)
        subprocess.run(["rm", "-rf", str(target / "var/lib/apt/lists")], check=True)
        done.touch()
    step(f"podman import {image}")
    tar = subprocess.Popen(
        ["tar", "-C", str(target), "--numeric-owner", "-c", "."], stdout=subprocess.PIPE
    )
    subprocess.run([*podman.base, "import", "-", image], stdin=tar.stdout, check=True)
    tar.wait()
    if tar.returncode != 0:
        raise CheckFailed(f"tar of the {suite} root failed")


def build(podman: Podman, workdir: Path) -> ImageConfig:
    for image in base_images((ROOT / "Dockerfile").read_text()):
        make_base_image(podman, image, workdir / "base")
    step("podman build --isolation chroot")
    secret = host_ca_bundle()
    args = ["build", "--isolation", "chroot", "--pull=never", "--tag", TAG]
    if secret is not None:
        args += ["--secret", f"id=ca,src={secret}"]
    started = time.monotonic()
    podman(*args, "--file", str(ROOT / "Dockerfile"), str(ROOT), log=workdir / "build.log")
    print(f"    built in {time.monotonic() - started:.0f} s", flush=True)
    inspect = json.loads(podman("image", "inspect", TAG, "--format", "{{json .Config}}"))
    return ImageConfig.from_inspect(inspect)


# -- a stand-in Telegram Bot API ----------------------------------------------------------


class FakeTelegram:
    """Answers every Bot API method; hands out queued updates to getUpdates; records calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.updates: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fields = parse_form(self.headers.get("Content-Type", ""), body)
                payload = json.dumps({"ok": True, "result": fake.answer(method, fields)}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # A long poll is cut short when the bot stops.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, method: str, fields: dict[str, str]) -> Any:
        with self.lock:
            self.calls.append((method, fields))
            if method == "getUpdates":
                queued, self.updates = self.updates, []
        if method == "getMe":
            return {"id": 42, "is_bot": True, "first_name": "bilimbot", "username": "bilimbot"}
        if method == "getUpdates":
            if not queued:
                time.sleep(0.5)
            return queued
        if method == "sendMessage":
            chat = {"id": int(fields.get("chat_id", 1)), "type": "private"}
            return {"message_id": len(self.calls), "date": 0, "chat": chat, "text": fields["text"]}
        return True

    def sent_texts(self) -> list[str]:
        with self.lock:
            return [fields["text"] for method, fields in self.calls if method == "sendMessage"]

    def close(self) -> None:
        self.server.shutdown()


def parse_form(content_type: str, body: bytes) -> dict[str, str]:
    if content_type.startswith("application/json"):
        return {key: str(value) for key, value in json.loads(body or b"{}").items()}
    if not content_type.startswith("multipart/"):
        return dict(urllib.parse.parse_qsl(body.decode()))
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, str] = {}
    for part in message.iter_parts() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = payload.decode()
    return fields


def text_update(update_id: int, text: str) -> dict[str, Any]:
    user = {"id": 777, "is_bot": False, "first_name": "Ата-ана", "language_code": "kk"}
    chat = {"id": 777, "type": "private"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": chat, "from": user}
    return {"update_id": update_id, "message": {**message, "text": text}}


# -- running ------------------------------------------------------------------------------


class Container:
    """`docker run` of the image in its mounted file system: its user, workdir, env."""

    started: ClassVar[list[subprocess.Popen[str]]] = []  # every bot process, killed at the end

    def __init__(self, rootfs: Path, config: ImageConfig, env: dict[str, str]) -> None:
        self.rootfs = rootfs
        self.config = config
        self.env = {**config.env, **env}
        self.uid, self.gid = lookup_user(
            config.user,
            (rootfs / "etc/passwd").read_text(),
            (rootfs / "etc/group").read_text(),
        )

    def command(self, argv: list[str]) -> list[str]:
        inner = f"cd {shlex.quote(self.config.workdir)} && exec {shlex.join(argv)}"
        userspec = f"--userspec={self.uid}:{self.gid}"
        return [CHROOT, userspec, str(self.rootfs), "/bin/sh", "-c", inner]

    def start(self, **kwargs: Any) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            self.command(self.config.argv), env=self.env, text=True, **kwargs
        )
        Container.started.append(process)
        return process

    @classmethod
    def kill_all(cls) -> None:
        """No bot outlives the check (holding the port, writing into the container)."""
        for process in cls.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def stop(self, process: subprocess.Popen[str], grace: float = 40.0) -> int:
        started = time.monotonic()
        process.send_signal(getattr(signal, self.config.stopsignal))
        try:
            code = process.wait(timeout=grace)
        except subprocess.TimeoutExpired as error:
            process.kill()
            raise CheckFailed(
                f"did not stop within {grace:.0f} s of {self.config.stopsignal}"
            ) from error
        print(f"    stopped in {time.monotonic() - started:.1f} s", flush=True)
        return code


def prepare_namespace(rootfs: Path, config: ImageConfig, volume: Path) -> None:
    """/proc, /dev and the volume inside the container, loopback up; all private to this
    run's namespaces, so they vanish with it."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["mount", "-t", "proc", "proc", str(rootfs / "proc")], check=True)
    subprocess.run(["mount", "--rbind", "/dev", str(rootfs / "dev")], check=True)
    # A fresh named volume starts as a copy of the image's directory, owner included.
    target = rootfs / config.volumes[0].lstrip("/")
    info = target.stat()
    os.chown(volume, info.st_uid, info.st_gid)
    volume.chmod(info.st_mode & 0o7777)
    subprocess.run(["mount", "--bind", str(volume), str(target)], check=True)


def wait_for_health(process: subprocess.Popen[str], timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"the bot exited with {process.returncode} before /healthz answered")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:
                return dict(json.load(response))
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise CheckFailed(f"/healthz did not answer within {timeout:.0f} s")


def post_update(update: dict[str, Any], secret: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/telegram",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for(predicate: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise CheckFailed(f"{what}: not within {timeout:.0f} s")


def logged_questions(volume: Path) -> int:
    uri = f"file:{volume / 'bilimbot.sqlite3'}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM questions_log").fetchone()[0])
    finally:
        connection.close()


def tree_size(root: Path) -> int:
    du = subprocess.run(["du", "-sbx", str(root)], capture_output=True, text=True, check=True)
    return int(du.stdout.split()[0])


def check(rootfs: Path, config: ImageConfig, volume: Path) -> None:
    step("image")
    container = Container(rootfs, config, {})
    expect(container.uid != 0, f"runs as a non-root user ({config.user}, uid {container.uid})")
    expect(config.volumes == ["/data"], "the database directory /data is a volume")
    expect(config.env.get("BILIMBOT_DB", "").startswith("/data/"), "BILIMBOT_DB is on the volume")
    expect(f"{PORT}" in config.ports, f"port {PORT} is exposed for webhook mode")
    expect(not (rootfs / "run/secrets/ca").exists(), "the build's CA secret is not in the image")
    total, bot = tree_size(rootfs), tree_size(rootfs / "opt/bilimbot")
    print(
        f"    size: {total / 1e6:.0f} MB in all (from a debootstrap root, larger than Debian's"
        f" slim image), {bot / 1e6:.0f} MB of it the bot's environment",
        flush=True,
    )
    prepare_namespace(rootfs, config, volume)
    expect(volume.stat().st_uid == container.uid, "the volume belongs to the bot's user")
    ids = subprocess.run(
        container.command(["/bin/sh", "-c", "id -u; id -G"]),
        env=container.env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    expect(
        ids[0] == str(container.uid) and "0" not in ids[1:],
        f"its processes run as uid {ids[0]} with groups {ids[1:]}, none of them root's",
    )

    step("terminal mode (no token)")
    result = subprocess.run(
        container.command(config.argv),
        env=container.env,
        input=QUESTION + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    expect(result.returncode == 0, f"exits 0 at end of input (stderr: {result.stderr[-300:]})")
    expect(ANSWER_MARK in result.stdout.lower(), "answers a question in Kazakh")
    expect(
        (volume / "bilimbot.sqlite3").stat().st_uid == container.uid, "the database is the bot's"
    )

    telegram = FakeTelegram()
    try:
        step("polling mode")
        telegram.updates = [text_update(1, QUESTION)]
        env = {"BOT_TOKEN": TOKEN, "BOT_API_URL": telegram.url, "BILIMBOT_LOG_FORMAT": "json"}
        polling = Container(rootfs, config, env)
        log_file = volume.parent / f"{volume.name}-polling.log"  # a pipe could fill and block
        with log_file.open("w") as log_out:
            process = polling.start(stderr=log_out)
        wait_for(lambda: telegram.sent_texts(), "an answer sent by polling", timeout=60)
        expect(ANSWER_MARK in telegram.sent_texts()[0].lower(), "the polled question is answered")
        code = polling.stop(process)
        logs = log_file.read_text()
        log_file.unlink()
        expect(code == 0, "polling stops cleanly on the stop signal")
        expect(TOKEN not in logs, "the token is not in the logs")

        step("webhook mode")
        hook_env = {
            **env,
            "BILIMBOT_MODE": "webhook",
            "WEBHOOK_URL": "https://bot.example.kz",
            "WEBHOOK_SECRET": SECRET,
        }
        webhook = Container(rootfs, config, hook_env)
        before = logged_questions(volume)
        process = webhook.start()
        health = wait_for_health(process)
        expect(health.get("status") == "ok" and health.get("entries", 0) > 0, f"/healthz {health}")
        expect(
            any(m == "setWebhook" and f.get("secret_token") == SECRET for m, f in telegram.calls),
            "the webhook is registered with its secret",
        )
        expect(
            post_update(text_update(2, QUESTION), "wrong") in {401, 403},
            "an update with a wrong secret is refused",
        )
        sent = len(telegram.sent_texts())
        expect(post_update(text_update(3, QUESTION), SECRET) == 200, "the right secret is taken")
        wait_for(lambda: len(telegram.sent_texts()) > sent, "an answer sent in webhook mode")
        health_command = compose_healthcheck((ROOT / "compose.yaml").read_text())
        probe = subprocess.run(
            webhook.command(["/bin/sh", "-c", health_command]),
            env=webhook.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        expect(probe.returncode == 0, "compose's healthcheck passes")
        expect(webhook.stop(process) == 0, "webhook mode stops cleanly on the stop signal")
        after = logged_questions(volume)
        expect(after > before, f"questions were saved ({before} -> {after})")

        step("restart on the same volume")
        process = webhook.start()
        wait_for_health(process)
        expect(logged_questions(volume) == after, "what was saved is still there after restart")
        expect(webhook.stop(process) == 0, "stops cleanly again")
    finally:
        telegram.close()


def check_production(rootfs: Path, config: ImageConfig, volume: Path) -> None:
    """--production: webhook mode with compose's production settings, on a real PostgreSQL
    and Valkey started on this run's loopback (tests/servers.py, from the dev extras)."""
    sys.path.insert(0, str(ROOT))
    from tests.servers import PostgresServer, RedisServer

    step("webhook mode on PostgreSQL and Redis (the production profile's settings)")
    with PostgresServer() as postgres, RedisServer() as redis_server:
        telegram = FakeTelegram()
        try:
            unused = "/data/not-used-with-a-database-url.sqlite3"
            env = {
                "BOT_TOKEN": TOKEN, "BOT_API_URL": telegram.url, "BILIMBOT_LOG_FORMAT": "json",
                "BILIMBOT_MODE": "webhook", "WEBHOOK_URL": "https://bot.example.kz",
                "WEBHOOK_SECRET": SECRET, "BILIMBOT_DB": unused,
                "BILIMBOT_DATABASE_URL": postgres.url, "BILIMBOT_REDIS_URL": redis_server.url,
            }  # fmt: skip
            webhook = Container(rootfs, config, env)
            process = webhook.start()
            health = wait_for_health(process)
            expect(health.get("status") == "ok", f"/healthz {health}")
            expect(post_update(text_update(11, QUESTION), SECRET) == 200, "an update is taken")
            wait_for(lambda: telegram.sent_texts(), "an answer sent")
            expect(ANSWER_MARK in telegram.sent_texts()[-1].lower(), "the question is answered")
            expect(webhook.stop(process) == 0, "stops cleanly on the stop signal")
        finally:
            telegram.close()
        psql = [str(postgres.tool("psql")), postgres.url, "-tAc"]
        logged = subprocess.run(
            [*psql, "SELECT count(*) FROM questions_log"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        expect(
            logged.returncode == 0 and int(logged.stdout.strip() or 0) > 0,
            f"the question is logged in PostgreSQL ({(logged.stdout or logged.stderr).strip()})",
        )
        expect(not (volume / Path(unused).name).exists(), "no SQLite file was made beside it")
        keys = subprocess.run(
            [sys.executable, "-c", f"import redis; print(redis.Redis.from_url({redis_server.url!r})"
             ".dbsize())"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        expect(int(keys) > 0, f"Redis holds what the instances share ({keys} keys)")


def run_checks(rootfs: Path, config_file: Path, production: bool) -> int:
    """The namespaced half: mounts made here never reach the host's view."""
    if os.readlink("/proc/self/ns/mnt") == os.environ.get(CHILD_MARK):
        print("refusing to mount anything outside a private mount namespace", file=sys.stderr)
        return 2
    config = ImageConfig(**json.loads(config_file.read_text()))
    try:
        with tempfile.TemporaryDirectory(prefix="bilimbot-volume-") as volume:
            check(rootfs, config, Path(volume))
            if production:
                check_production(rootfs, config, Path(volume))
    except (CheckFailed, subprocess.SubprocessError, OSError, sqlite3.Error) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        Container.kill_all()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/var/cache/bilimbot-image"))
    parser.add_argument("--clean", action="store_true", help="delete the workdir afterwards")
    parser.add_argument(
        "--production",
        action="store_true",
        help="also run webhook mode on PostgreSQL and Redis (BILIMBOT_DATABASE_URL, ...)",
    )
    parser.add_argument("--run-checks", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_checks:
        rootfs, config_file = args.run_checks
        return run_checks(rootfs, config_file, production=args.production)
    missing = [
        tool for tool in ("podman", "debootstrap", "unshare", "ip") if not shutil.which(tool)
    ]
    if os.geteuid() != 0 or missing:
        print(f"needs root and {', '.join(missing) or 'podman, debootstrap'}"
              " (apt-get install podman debootstrap)", file=sys.stderr)  # fmt: skip
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = args.workdir.stat()
    if info.st_uid != 0 or info.st_mode & 0o022:
        # Root runs what lies there: nobody else may have put it there.
        print(f"{args.workdir} must belong to root and be writable by root only", file=sys.stderr)
        return 2
    podman = Podman(args.workdir)
    try:
        config = build(podman, args.workdir)
        step("podman create + mount (podman run is refused here)")
        podman("rm", "--force", "--ignore", CONTAINER)
        podman("create", "--name", CONTAINER, TAG)
        rootfs = Path(podman("mount", CONTAINER).strip())
        config_file = args.workdir / "image-config.json"
        config_file.write_text(json.dumps(config.__dict__))
        os.environ[CHILD_MARK] = os.readlink("/proc/self/ns/mnt")
        argv = [
            "unshare", "--mount", "--net", "--propagation", "private",
            sys.executable, __file__, "--run-checks", str(rootfs), str(config_file),
            *(["--production"] if args.production else []),
        ]  # fmt: skip
        code = subprocess.run(argv, check=False).returncode
    except (CheckFailed, subprocess.SubprocessError, OSError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        # The namespaced run has ended, and its mounts with it: only now is it safe to delete.
        podman("umount", "--all", check=False)
        podman("rm", "--force", "--ignore", CONTAINER, check=False)
        if args.clean:
            podman("system", "reset", "--force", check=False)
            subprocess.run(["rm", "-rf", "--one-file-system", str(args.workdir)], check=False)
    if code == 0:
        print("image check passed")
    return code


if __name__ == "__main__":
    sys.exit(main())
