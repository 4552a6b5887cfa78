"""Check the Dockerfile where no Docker engine runs: replay it in a Debian root, then run it.

    sudo .venv/bin/python deploy/check_image.py [--workdir DIR] [--keep]

Each `FROM debian:<suite>-slim` stage starts from `debootstrap --variant=minbase <suite>`
(the nearest this machine can make to Debian's slim image; it lacks the image's apt
settings and its security sources); RUN, COPY (also --from a stage, honouring
.dockerignore), WORKDIR, ENV and USER are carried out in a chroot. The final stage is then
run the way `docker run` / `compose.yaml` would run it, against a fake Telegram Bot API
server on loopback:

- terminal mode (no token) answers a question;
- polling mode answers an update and stops cleanly on SIGTERM;
- webhook mode refuses a wrong secret, answers with the right one, passes the compose
  healthcheck, stops cleanly on SIGTERM, and after a restart still has what it wrote.

It also checks the user is not root and owns the volume. Needs Linux, root, debootstrap and
network access to Debian and PyPI. Not part of `make test`: it downloads a whole system.
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
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from docker.utils.build import exclude_paths
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
TOKEN = "123456:check-image-token"
SECRET = "check-image-secret"
QUESTION = "Тегін ыстық тамақ кімге беріледі?"
ANSWER_MARK = "тамақ"  # a word the free-meals answer must contain
PORT = 8080
HOST_CA = "/tmp/host-ca.crt"  # inside a stage during one RUN, then removed
KNOWN_COPY_FLAGS = ("--from=",)
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"  # the image's PATH may not hold it


class CheckFailed(Exception):
    pass


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"    ok: {what}", flush=True)


# -- building --------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    root: Path
    base: Path  # the Debian root it started from
    env: dict[str, str] = field(default_factory=lambda: {"PATH": DEFAULT_PATH})
    workdir: str = "/"
    user: str = "root"


@dataclass
class Image:
    root: Path
    base: Path
    env: dict[str, str]
    workdir: str
    user: str
    volumes: list[str]
    ports: list[str]
    stopsignal: str
    cmd: list[str]


def base_root(image: str, cache: Path) -> Path:
    match = re.fullmatch(r"debian:([a-z]+)(?:-slim)?", image)
    if match is None:
        raise CheckFailed(f"cannot replay base image {image!r}: only debian:<suite>[-slim]")
    suite = match.group(1)
    target = cache / suite
    done = cache / f"{suite}.done"  # written only after a complete debootstrap
    if not done.exists():
        step(f"debootstrap {suite}")
        shutil.rmtree(target, ignore_errors=True)
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
        # Debian's images ship without downloaded packages.
        subprocess.run([CHROOT, str(target), "apt-get", "clean"], check=True)
        done.touch()
    return target


def mounts_under(directory: Path) -> list[str]:
    """Mount points at or below directory (mountinfo escapes spaces and the like as \\040)."""
    top = str(directory.resolve())
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
        if point == top or point.startswith(top + "/"):
            points.append(point)
    return points


def remove_tree(directory: Path) -> None:
    """Undo every mount below directory, deepest first, then delete it without crossing
    into any other file system: a tree with the host's /dev bound inside must never take
    the host's devices with it."""
    for point in sorted(mounts_under(directory), key=len, reverse=True):
        subprocess.run(["umount", "--lazy", "--recursive", point], check=False)
    if left := mounts_under(directory):
        raise CheckFailed(f"still mounted under {directory}: {left}")
    subprocess.run(["rm", "-rf", "--one-file-system", str(directory)], check=True)


def mount_system(root: Path) -> None:
    """/proc, /dev and name resolution, as a container gets them (private to this process)."""
    (root / "proc").mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    subprocess.run(["mount", "--rbind", "/dev", str(root / "dev")], check=True)
    shutil.copyfile("/etc/resolv.conf", root / "etc/resolv.conf")


def build_network_env(root: Path) -> dict[str, str]:
    """This host's CA bundle for pip, when it sets one (a TLS-inspecting proxy), as a build
    behind such a proxy would need; nothing of it stays in the image's ENV."""
    cert = os.environ.get("PIP_CERT") or os.environ.get("SSL_CERT_FILE")
    if not cert or not Path(cert).is_file():
        return {}
    shutil.copyfile(cert, root / HOST_CA.lstrip("/"))
    return {"PIP_CERT": HOST_CA}


def chroot_command(root: Path, user: str, workdir: str, argv: list[str]) -> list[str]:
    inner = f"cd {shlex.quote(workdir)} && exec {shlex.join(argv)}"
    return [CHROOT, f"--userspec={user}:{user}", str(root), "/bin/sh", "-c", inner]


def build_context() -> frozenset[str]:
    """Paths of the build context that .dockerignore lets through, by docker-py's own
    implementation of Docker's rules (`**`, `!` exceptions and all)."""
    path = ROOT / ".dockerignore"
    patterns = path.read_text().splitlines() if path.exists() else []
    return frozenset(exclude_paths(str(ROOT), patterns))


def copy_into(source: Path, dest: Path, context: frozenset[str]) -> None:
    """Docker's COPY: a directory's contents go into dest; a file into dest (a dir if it ends
    with / or exists as one)."""
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if str(path.relative_to(ROOT)) not in context:
                continue
            target = dest / relative
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif path.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target, follow_symlinks=False)
            elif path.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(os.readlink(path))
    else:
        if str(source.relative_to(ROOT)) not in context:
            raise CheckFailed(f"COPY {source.name}: not in the build context (.dockerignore)")
        if dest.is_dir():
            dest = dest / source.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest, follow_symlinks=False)


def copy_tree_preserving(source: Path, dest: Path) -> None:
    """COPY --from keeps a stage's tree as it is (symlinks such as a venv's python); a
    directory's contents go into dest, as with Docker, even when dest already exists."""
    if source.is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", f"{source}/.", str(dest)], check=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(source), str(dest)], check=True)


def build(dockerfile: Path, workdir: Path) -> Image:
    parser = DockerfileParser(str(dockerfile))
    stages: dict[str, Stage] = {}
    stage: Stage | None = None
    volumes: list[str] = []
    ports: list[str] = []
    stopsignal = "SIGTERM"
    cmd: list[str] = []
    context = build_context()
    for item in parser.structure:
        instruction, value = item["instruction"], item["value"]
        if instruction == "COMMENT":
            continue
        if instruction == "FROM":
            words = value.split()
            image = words[0]
            name = words[2] if len(words) == 3 and words[1].lower() == "as" else str(len(stages))
            root = workdir / "stages" / name
            remove_tree(root)
            root.parent.mkdir(parents=True, exist_ok=True)
            parent = stages.get(image)
            base = parent.base if parent else base_root(image, workdir / "base")
            source = parent.root if parent else base
            subprocess.run(["cp", "-ax", str(source), str(root)], check=True)  # not /proc, /dev
            mount_system(root)
            stage = Stage(name, root, base)
            stages[name] = stage
            step(f"stage {name}: FROM {image}")
            continue
        if stage is None:
            raise CheckFailed(f"line {item['startline'] + 1}: {instruction} before FROM")
        if instruction == "RUN":
            step(f"RUN {value[:70]}")
            argv = chroot_command(stage.root, stage.user, stage.workdir, ["/bin/sh", "-c", value])
            env = {**stage.env, **build_network_env(stage.root)}
            result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            (stage.root / HOST_CA.lstrip("/")).unlink(missing_ok=True)
            if result.returncode != 0:
                print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
                raise CheckFailed(f"RUN failed with exit code {result.returncode}")
        elif instruction == "COPY":
            words = shlex.split(value)
            flags = [word for word in words if word.startswith("--")]
            if unknown := [f for f in flags if not f.startswith(KNOWN_COPY_FLAGS)]:
                raise CheckFailed(f"COPY {' '.join(unknown)} is not replayed by this check")
            paths = [word for word in words if not word.startswith("--")]
            *sources, dest_text = paths
            dest_path = dest_text if dest_text.startswith("/") else f"{stage.workdir}/{dest_text}"
            dest = stage.root / dest_path.lstrip("/")
            origin = next(
                (flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None
            )
            step(f"COPY {value}")
            for source_text in sources:
                if origin is not None:
                    copy_tree_preserving(stages[origin].root / source_text.lstrip("/"), dest)
                else:
                    copy_into(ROOT / source_text, dest, context)
        elif instruction == "WORKDIR":
            stage.workdir = value if value.startswith("/") else f"{stage.workdir}/{value}"
            (stage.root / stage.workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
        elif instruction == "ENV":
            words = shlex.split(value)
            if words and "=" not in words[0]:
                stage.env[words[0]] = " ".join(words[1:])
            else:
                stage.env.update(word.split("=", 1) for word in words)  # type: ignore[misc]
        elif instruction == "USER":
            stage.user = value
        elif instruction == "VOLUME":
            volumes = json.loads(value) if value.startswith("[") else value.split()
        elif instruction == "EXPOSE":
            ports = [port.split("/")[0] for port in value.split()]
        elif instruction == "STOPSIGNAL":
            stopsignal = value
        elif instruction == "CMD":
            cmd = json.loads(value) if value.startswith("[") else ["/bin/sh", "-c", value]
        elif instruction != "LABEL":
            raise CheckFailed(f"line {item['startline'] + 1}: {instruction} is not replayed")
    if stage is None:
        raise CheckFailed("no FROM in the Dockerfile")
    return Image(
        stage.root,
        stage.base,
        stage.env,
        stage.workdir,
        stage.user,
        volumes,
        ports,
        stopsignal,
        cmd,
    )


# -- a fake Telegram Bot API -------------------------------------------------------------


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
    """`docker run` of the image: its user, workdir, env (plus extra) and the volume."""

    started: ClassVar[list[subprocess.Popen[str]]] = []  # every bot process, killed at the end

    def __init__(self, image: Image, volume: Path, env: dict[str, str]) -> None:
        self.image = image
        self.volume = volume
        self.env = {**image.env, **env}

    def command(self, argv: list[str]) -> list[str]:
        return chroot_command(self.image.root, self.image.user, self.image.workdir, argv)

    def start(self, **kwargs: Any) -> subprocess.Popen[str]:
        process = subprocess.Popen(self.command(self.image.cmd), env=self.env, text=True, **kwargs)
        Container.started.append(process)
        return process

    @classmethod
    def kill_all(cls) -> None:
        """No bot outlives the check (holding the port, writing into a root being deleted)."""
        for process in cls.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def stop(self, process: subprocess.Popen[str], grace: float = 40.0) -> int:
        started = time.monotonic()
        process.send_signal(getattr(signal, self.image.stopsignal))
        try:
            code = process.wait(timeout=grace)
        except subprocess.TimeoutExpired as error:
            process.kill()
            raise CheckFailed(
                f"did not stop within {grace:.0f} s of {self.image.stopsignal}"
            ) from error
        print(f"    stopped in {time.monotonic() - started:.1f} s", flush=True)
        return code


def mount_volume(image: Image, volume: Path) -> None:
    """A fresh named volume starts as a copy of the image's directory, owner included."""
    target = image.root / image.volumes[0].lstrip("/")
    stat = target.stat()
    os.chown(volume, stat.st_uid, stat.st_gid)
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


def compose_healthcheck() -> str:
    """The healthcheck command from compose.yaml (its flow list is JSON; `$$` is `$`)."""
    text = (ROOT / "compose.yaml").read_text()
    match = re.search(r"^\s*test:\s*(\[.*\])\s*$", text, re.MULTILINE)
    if match is None:
        raise CheckFailed("compose.yaml has no healthcheck test")
    kind, command = json.loads(match.group(1))
    if kind != "CMD-SHELL":
        raise CheckFailed(f"unexpected healthcheck form {kind}")
    return str(command).replace("$$", "$")


def tree_size(root: Path) -> int:
    du = subprocess.run(["du", "-sbx", str(root)], capture_output=True, text=True, check=True)
    return int(du.stdout.split()[0])


def logged_questions(volume: Path) -> int:
    uri = f"file:{volume / 'bilimbot.sqlite3'}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM questions_log").fetchone()[0])
    finally:
        connection.close()


def check(image: Image, volume: Path) -> None:
    step("image")
    uid = int(
        subprocess.run(
            [CHROOT, str(image.root), "id", "-u", image.user],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    expect(uid != 0, f"runs as a non-root user ({image.user}, uid {uid})")
    expect(image.volumes == ["/data"], "the database directory /data is a volume")
    expect(image.env.get("BILIMBOT_DB", "").startswith("/data/"), "BILIMBOT_DB is on the volume")
    expect(f"{PORT}" in image.ports, f"port {PORT} is exposed for webhook mode")
    total, bot = tree_size(image.root), tree_size(image.root / "opt/bilimbot")
    print(
        f"    size: {total / 1e6:.0f} MB in all (a debootstrap root, larger than Debian's slim"
        f" image), {bot / 1e6:.0f} MB of it the bot's environment",
        flush=True,
    )
    mount_volume(image, volume)
    expect(
        (image.root / image.volumes[0].lstrip("/")).stat().st_uid == uid,
        "the volume belongs to the bot's user",
    )

    step("terminal mode (no token)")
    container = Container(image, volume, {})
    result = subprocess.run(
        container.command(image.cmd),
        env=container.env,
        input=QUESTION + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    expect(result.returncode == 0, f"exits 0 at end of input (stderr: {result.stderr[-300:]})")
    expect(ANSWER_MARK in result.stdout.lower(), "answers a question in Kazakh")
    expect((volume / "bilimbot.sqlite3").stat().st_uid == uid, "the database file is the bot's")

    telegram = FakeTelegram()
    try:
        step("polling mode")
        telegram.updates = [text_update(1, QUESTION)]
        env = {"BOT_TOKEN": TOKEN, "BOT_API_URL": telegram.url, "BILIMBOT_LOG_FORMAT": "json"}
        polling = Container(image, volume, env)
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
        webhook = Container(image, volume, hook_env)
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
        health_command = compose_healthcheck()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/var/cache/bilimbot-image"))
    parser.add_argument("--keep", action="store_true", help="keep the built root afterwards")
    args = parser.parse_args()
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        print("needs root and debootstrap (apt-get install debootstrap)", file=sys.stderr)
        return 2
    namespace = os.readlink("/proc/self/ns/mnt")
    parent_namespace = os.environ.get("BILIMBOT_CHECK_IMAGE_PARENT_NS")
    if parent_namespace is None:
        # Mounts made below stay private to this run and vanish with it.
        os.environ["BILIMBOT_CHECK_IMAGE_PARENT_NS"] = namespace
        argv = ["unshare", "--mount", "--propagation", "private", sys.executable, *sys.argv]
        return subprocess.run(argv, check=False).returncode
    if namespace == parent_namespace:
        print("refusing to mount anything outside a private mount namespace", file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = args.workdir.stat()
    if info.st_uid != 0 or info.st_mode & 0o022:
        # Root chroots into what lies there: nobody else may have put it there.
        print(f"{args.workdir} must belong to root and be writable by root only", file=sys.stderr)
        return 2
    try:
        image = build(ROOT / "Dockerfile", args.workdir)
        with tempfile.TemporaryDirectory(prefix="bilimbot-volume-") as volume:
            check(image, Path(volume))
    except (CheckFailed, subprocess.SubprocessError, OSError, sqlite3.Error) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        Container.kill_all()
        if not args.keep:
            remove_tree(args.workdir / "stages")
    print("image check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
