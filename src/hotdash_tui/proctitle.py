"""Keeps passwords given on the command line out of ``ps``.

``hotdash --dsn postgresql://me:secret@db/shop`` would otherwise show the password to every
user of the machine for as long as the dashboard runs (``/proc/<pid>/cmdline`` is world
readable). The process title is rewritten with the same redaction the error messages use;
without a password in the arguments the title is left alone.
"""

from __future__ import annotations

import shlex
import sys

from hotdash_tui.redaction import redact


def redacted_arguments(argv: list[str]) -> list[str]:
    """``argv`` with each password (URL or key=value form) replaced by ***."""
    return [redact(argument) for argument in argv]


def hide_secrets_in_title(argv: list[str] | None = None) -> bool:
    """Rewrites the process title when an argument holds a password; True when it did."""
    arguments = list(sys.argv if argv is None else argv)
    cleaned = redacted_arguments(arguments)
    if cleaned == arguments:
        return False
    import setproctitle

    setproctitle.setproctitle(shlex.join(cleaned))
    return True
