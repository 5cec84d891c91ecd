"""Where the embedded server keeps its data, and the line of its log that says what failed."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    return _default_data_dir(os.geteuid())


def _default_data_dir(euid: int) -> Path:
    if override := os.environ.get("HOTDASH_DATA_DIR"):
        return Path(override).expanduser()
    if euid == 0 and not os.environ.get("XDG_DATA_HOME"):
        # root's home is private (mode 700) and postgres refuses to run as root, so the server
        # account could not reach ~/.local/share; /var/lib is the system place for service data.
        return Path("/var/lib/hotdash/postgres")
    import platformdirs

    return platformdirs.user_data_path("hotdash") / "postgres"


def log_detail(text: str) -> str:
    """The most telling line of a failure's output: the last FATAL/PANIC/error, else the last."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        for level in ("FATAL:", "PANIC:", "ERROR:", "error:"):
            if level in line:
                return line[line.index(level) :][:200]
    return lines[-1][:200] if lines else "no error message"
