"""A real PgBouncer in transaction mode in front of the test server (issue 15).

Started once per test process on a free port (never 6543: a pooler must be recognised by
what it does, not where it listens), stopped at the end. As root, PgBouncer refuses to run
as root; it switches to ``nobody`` like the embedded server.
"""

from __future__ import annotations

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

import psycopg
import psycopg.conninfo

# Roles the tests log in as (besides the test server's superuser): PgBouncer in trust mode
# still wants each user name listed in its auth file.
TEST_LOGINS = ("hd_reader", "hd_reviewer", "hd_member")
POOL_SIZE = 3  # small, so that clients really share server sessions
START_SECONDS = 10.0


def pgbouncer_binary() -> str | None:
    found = shutil.which("pgbouncer")
    if found:
        return found
    return "/usr/sbin/pgbouncer" if os.access("/usr/sbin/pgbouncer", os.X_OK) else None


def free_port() -> int:
    for _ in range(10):  # the kernel hands out 6543 once in tens of thousands
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port != 6543:
            return port
    raise RuntimeError("no free port other than 6543")


@dataclass
class PgBouncer:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    def url(self, direct_url: str) -> str:
        """The same database and user as ``direct_url``, through the pooler."""
        return psycopg.conninfo.make_conninfo(direct_url, host="127.0.0.1", port=str(self.port))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "safe shutdown"
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_pgbouncer(binary: str, admin_url: str) -> PgBouncer:
    parts = psycopg.conninfo.conninfo_to_dict(admin_url)
    host, port = str(parts.get("host", "")), str(parts.get("port", "5432"))
    superuser = str(parts.get("user", "postgres"))
    folder = Path(tempfile.mkdtemp(prefix="hdpgb", dir="/tmp"))
    listen = free_port()
    users = "".join(f'"{name}" ""\n' for name in (superuser, *TEST_LOGINS))
    (folder / "users.txt").write_text(users)
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={host} port={port}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {listen}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {folder / 'users.txt'}\n"
        "pool_mode = transaction\n"
        f"default_pool_size = {POOL_SIZE}\n"
        "max_client_conn = 200\n"
        f"logfile = {folder / 'pgbouncer.log'}\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    command = [binary]
    if os.geteuid() == 0:
        account = pwd.getpwnam("nobody")
        os.chown(folder, account.pw_uid, account.pw_gid)
        command += ["-u", "nobody"]
    for path in folder.iterdir():
        path.chmod(0o644)
    process = subprocess.Popen(
        [*command, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    bouncer = PgBouncer(folder, listen, process)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with socket.create_connection(("127.0.0.1", listen), timeout=0.5):
                return bouncer
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = folder / "pgbouncer.log"
                said = log.read_text() if log.exists() else ""
                bouncer.stop()
                raise RuntimeError(f"pgbouncer did not start: {said[-500:]}") from None
            time.sleep(0.05)
