"""A password on the command line does not stay visible in ``ps`` (issue 5)."""

from __future__ import annotations

import subprocess
import sys

from hotdash_tui.proctitle import hide_secrets_in_title, redacted_arguments

SECRET = "s3cret-Pa55"

# Runs in a child whose real command line holds the password, then reads what ps would read.
CHILD = """
import sys
from pathlib import Path
from hotdash_tui.proctitle import hide_secrets_in_title
print(hide_secrets_in_title())
print(Path("/proc/self/cmdline").read_bytes().replace(b"\\0", b" ").decode())
"""


def test_passwords_in_urls_and_key_value_pairs_are_blanked() -> None:
    assert redacted_arguments(
        ["hotdash", "--dsn", f"postgresql://me:{SECRET}@db/shop", "--as", "alice"]
    ) == ["hotdash", "--dsn", "postgresql://me:***@db/shop", "--as", "alice"]
    assert redacted_arguments([f"--dsn=host=db password={SECRET} dbname=shop"]) == [
        "--dsn=host=db password=*** dbname=shop"
    ]


def test_a_command_line_without_a_password_keeps_its_title() -> None:
    assert not hide_secrets_in_title(["hotdash", "--dsn", "postgresql://me@db/shop"])


def test_the_process_title_no_longer_shows_the_password() -> None:
    dsn = f"postgresql://me:{SECRET}@db.example.com/shop"
    shown = subprocess.run(
        [sys.executable, "-c", CHILD, "--dsn", dsn],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.splitlines()[0] == "True"
    assert SECRET not in shown
    assert "postgresql://me:***@db.example.com/shop" in shown
