"""The shell's small contracts (issue 19, first part): a reader that closes the pipe early is
no error, a cut JSON or CSV says so on stderr, --version, and an --as that could forge a line."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.cli.conftest import run


def test_a_reader_that_closes_the_pipe_early_is_exit_0_without_a_traceback(
    live_url: str,
) -> None:
    # Every pipeline run as JSON is far more than a pipe holds, so the writes meet EPIPE.
    process = subprocess.Popen(
        [sys.executable, "-m", "hotdash_tui", "table", "pipeline_runs", "--all",
         "--format", "json", "--dsn", live_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"[")
    process.stdout.close()  # as `| head -c 100` does
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert errors == ""


def test_a_cut_json_output_says_so_on_stderr_and_stays_valid(live_url: str) -> None:
    result = run("approvals", "--limit", "3", "--format", "json", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3
    every = run("approvals", "--all", "--format", "json", "--dsn", live_url)
    assert result.stderr == (
        f"{len(json.loads(every.stdout)) - 3} more approvals match than the 3 shown; add --all "
        "for every one, raise --limit, or narrow the filter.\n"
    )


def test_version_prints_the_installed_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"hotdash {version('hotdash-tui')}\n")


@pytest.mark.parametrize(
    ("args", "env", "where"),
    [
        (("--as", "bob\ntasks:1 approved"), {}, "--as"),
        ((), {"HOTDASH_USER": "bob\x1b[2Jeve"}, "HOTDASH_USER"),  # an escape sequence
    ],
)
def test_an_identity_with_a_control_character_is_refused(
    live_url: str, args: tuple[str, ...], env: dict[str, str], where: str
) -> None:
    result = run(*args, "approvals", "--dsn", live_url, env=env)
    assert result.exit_code == 2
    assert result.stderr == (
        f"hotdash: {where} holds a control character (such as a newline); give a plain name.\n"
    )
