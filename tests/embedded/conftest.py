"""Fixtures for the embedded server tests: short private folders, user processes, cleanup.

Every test runs real Postgres servers in its own folder under /tmp (short, so the socket fits
in the data dir) and stops whatever it started, so a failing test leaks nothing.
"""

from __future__ import annotations

import select
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hotdash_tui.embedded.server import EmbeddedServer

# A hotdash-like user of the server: acquire, say "ready", then wait until stdin closes (a
# normal exit) or a signal arrives. SIGHUP is reset to its default first, so the test means
# the same whether or not pytest itself runs under nohup.
USER_SCRIPT = """
import signal, sys
from pathlib import Path
signal.signal(signal.SIGHUP, signal.SIG_DFL)
exec(sys.argv[2])
from hotdash_tui.embedded.server import EmbeddedServer
EmbeddedServer(Path(sys.argv[1])).acquire()
print("ready", flush=True)
sys.stdin.readline()
"""

SpawnUser = Callable[..., "subprocess.Popen[str]"]
MakeServer = Callable[..., EmbeddedServer]


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="hd", dir="/tmp"))
    # As root the server runs as an unprivileged account, which must be able to enter this
    # folder; mkdtemp makes it 0700. This is the test's own folder, not one hotdash touches.
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def make_server(workdir: Path) -> Iterator[MakeServer]:
    """EmbeddedServer factory for data dirs under `workdir`; stops each one afterwards."""
    made: list[EmbeddedServer] = []

    def make(relative: str = "data") -> EmbeddedServer:
        server = EmbeddedServer(workdir / relative)
        made.append(server)
        return server

    yield make
    for server in made:
        server.release()
        server.stop()
        socket_dir = server._socket_dir()
        if socket_dir != server.pgdata:
            shutil.rmtree(socket_dir, ignore_errors=True)


@pytest.fixture
def server(make_server: MakeServer) -> EmbeddedServer:
    return make_server()


@pytest.fixture(autouse=True)
def _restore_signal_handlers() -> Iterator[None]:
    # acquire() in the pytest process installs SIGHUP/SIGTERM handlers; give pytest its own back.
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGHUP, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.fixture
def spawn_user() -> Iterator[SpawnUser]:
    """Start a user process and return it once it holds the server."""
    children: list[subprocess.Popen[str]] = []

    def spawn(data_dir: Path, prelude: str = "") -> subprocess.Popen[str]:
        """`prelude` runs before hotdash is imported, e.g. to install the app's own handlers."""
        child = subprocess.Popen(
            [sys.executable, "-c", USER_SCRIPT, str(data_dir), prelude],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        assert child.stdout is not None
        readable, _, _ = select.select([child.stdout], [], [], 60)
        line = child.stdout.readline() if readable else ""
        if line.strip() != "ready":
            child.kill()
            _, err = child.communicate()
            pytest.fail(f"user process did not acquire the server: {err}")
        return child

    yield spawn
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()
