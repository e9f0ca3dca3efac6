"""A real PostgreSQL for the tests: the Debian package's `initdb` and
`postgres`, on 127.0.0.1 and a free port, in a temporary data directory,
with password (SCRAM) authentication so that a wrong password is refused.

PostgreSQL refuses to run as root, and CI (.ci/run) runs as root: there the
server runs as an unprivileged user through `setpriv`. Its data directory
is made with `tempfile` under /tmp, not in pytest's tmp_path, because
pytest's folders are private to root and that user could not enter them."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

USER, PASSWORD, DATABASE = "warroom", "pg-test-secret", "warroom"
# Debian keeps the server's programs out of PATH, one folder per major version.
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
# Who runs the server when the tests run as root: the package's own user
# where it is installed, else nobody.
UNPRIVILEGED_USERS = ("postgres", "nobody")
# The session's server process by port: a test may stop it and start it
# again (halt, resume), and the fixture then stops the one running.
RUNNING: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str
    folder: Path

    def url(self, *, user: str | None = None, database: str | None = None) -> str:
        """Without the password: it is given apart, as Warroom does."""
        return (f"postgresql://{user or self.user}@{self.host}:{self.port}/"
                f"{database or self.database}")


def binaries() -> Path | None:
    """The folder holding initdb and postgres, newest major version first."""
    candidates = sorted(glob.glob(DEBIAN_BIN_GLOB),
                        key=lambda folder: _major(Path(folder).parent.name), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).resolve().parent))
    for folder in candidates:
        if all(os.access(Path(folder, name), os.X_OK) for name in ("initdb", "postgres")):
            return Path(folder)
    return None


def _major(version: str) -> int:
    return int(version) if version.isdigit() else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that drops root, and the user it drops to."""
    if os.geteuid() != 0:
        return [], None
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise RuntimeError("running as root and setpriv (util-linux) is missing: "
                           "PostgreSQL will not run as root")
    for name in UNPRIVILEGED_USERS:
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                "--clear-groups", "--"], user
    raise RuntimeError(f"running as root and none of {UNPRIVILEGED_USERS} exists")


def start(bin_dir: Path, *, durable: bool = False
          ) -> tuple[PostgresServer, subprocess.Popen[bytes]]:
    """A server on a free port; `durable` (benchmarks) keeps PostgreSQL's
    own fsync and synchronous commit, which the tests do without."""
    prefix, user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
    (folder / "password").write_text(PASSWORD + "\n")
    if user is not None:
        for path in (folder, folder / "password"):
            os.chown(path, user.pw_uid, user.pw_gid)
    data = folder / "data"
    # HOME and the locale of root's session mean nothing to the server's user.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": str(folder)}
    subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--no-locale",
         "-E", "UTF8", "--auth=scram-sha-256", f"--pwfile={folder / 'password'}", "--no-sync"],
        check=True, capture_output=True, cwd=folder, env=env)
    port = free_port()
    server = PostgresServer(host="127.0.0.1", port=port, user=USER, password=PASSWORD,
                            database="postgres", folder=folder)
    process = _launch(bin_dir, server, durable=durable)
    _create_database(server)
    return PostgresServer(host=server.host, port=port, user=USER, password=PASSWORD,
                          database=DATABASE, folder=folder), process


def _launch(bin_dir: Path, server: PostgresServer, *, durable: bool
            ) -> subprocess.Popen[bytes]:
    """The server on `server`'s folder and port, accepting connections."""
    prefix, user = _run_as()
    folder = server.folder
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": str(folder)}
    log_path = folder / "postgres.log"
    log = log_path.open("ab")
    if user is not None:
        os.chown(log_path, user.pw_uid, user.pw_gid)
    process = subprocess.Popen(
        [*prefix, str(bin_dir / "postgres"), "-D", str(folder / "data"), "-p", str(server.port),
         "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={folder}",
         # A test server: nothing it holds must survive a power cut.
         *([] if durable else ["-c", "fsync=off", "-c", "synchronous_commit=off",
                               "-c", "full_page_writes=off"])],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=env)
    _wait_ready(process, server, log_path)
    return process


def restart(bin_dir: Path, server: PostgresServer, process: subprocess.Popen[bytes], *,
            down_seconds: float = 0) -> subprocess.Popen[bytes]:
    """Stop the server (fast shutdown: every client's session ends), keep it
    down a moment, and start it again on the same data and port."""
    _shut_down(process)
    time.sleep(down_seconds)
    return _launch(bin_dir, server, durable=False)


def halt(server: PostgresServer) -> None:
    """Stop the session's server (fast shutdown: every client's session
    ends) and leave it down: `resume` starts it again."""
    _shut_down(RUNNING[server.port])


def resume(server: PostgresServer) -> None:
    """The halted server started again on the same data and port."""
    bin_dir = binaries()
    assert bin_dir is not None
    RUNNING[server.port] = _launch(bin_dir, server, durable=False)


def _wait_ready(process: subprocess.Popen[bytes], server: PostgresServer, log: Path,
                seconds: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"postgres exited: {log.read_text()}")
        try:
            with socket.create_connection((server.host, server.port), timeout=1):
                pass
            _connect(server).close()
            return
        except OSError:
            pass
        except psycopg.OperationalError as error:
            if "starting up" not in str(error):
                raise
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"postgres did not accept connections in {seconds:g} s")
        time.sleep(0.1)


def _connect(server: PostgresServer, database: str | None = None
             ) -> psycopg.Connection[tuple[Any, ...]]:
    import psycopg

    return psycopg.connect(host=server.host, port=server.port, user=server.user,
                           password=server.password, dbname=database or server.database,
                           autocommit=True, connect_timeout=5)


def _create_database(server: PostgresServer) -> None:
    with _connect(server) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")


def fresh_database(server: PostgresServer, name: str, template: str = ""
                   ) -> PostgresServer:
    """A database of its own on the same server, for one test: empty, or a
    copy of the database `template`."""
    with _connect(server, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    return PostgresServer(host=server.host, port=server.port, user=server.user,
                          password=server.password, database=name, folder=server.folder)


def _shut_down(process: subprocess.Popen[bytes]) -> None:
    # SIGINT is PostgreSQL's fast shutdown: SIGTERM would wait for clients.
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def stop(server: PostgresServer, process: subprocess.Popen[bytes]) -> None:
    _shut_down(process)
    shutil.rmtree(server.folder, ignore_errors=True)
