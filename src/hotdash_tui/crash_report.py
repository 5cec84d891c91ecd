"""An unexpected failure of the dashboard: one sentence on the terminal, the traceback in a file.

Textual prints an unhandled exception's traceback (with local variables) to its
``error_console`` when the App exits, and ``App.run()`` then returns as if all went well. The
App gives Textual a console that records instead; the command writes what it recorded, with
passwords removed, to a log file and says where, and exits non-zero.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from hotdash_tui.redaction import redact

LOG_DIR_VARIABLE = "HOTDASH_LOG_DIR"


def recording_console() -> Console:
    """A console for ``App.error_console``: it keeps what Textual prints, plain and wide."""
    return Console(
        file=io.StringIO(),
        width=120,
        color_system=None,
        markup=False,
        highlight=False,
        force_terminal=False,
    )


def recorded_text(console: Console) -> str:
    stream = console.file
    return stream.getvalue() if isinstance(stream, io.StringIO) else ""


def log_dir() -> Path:
    """``HOTDASH_LOG_DIR``, else the XDG state folder (``~/.local/state/hotdash/log``)."""
    configured = os.environ.get(LOG_DIR_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    import platformdirs

    return platformdirs.user_log_path("hotdash")


def write_crash_log(text: str, secrets: tuple[str | None, ...] = ()) -> Path:
    """Writes ``text`` with every password blanked to a new file, readable by its owner only."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"crash-{stamp}.log"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as log:
        log.write(redact(text, *secrets))
    return path
