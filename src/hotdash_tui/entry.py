"""The ``hotdash`` console script: the process title is cleaned before anything else loads.

Importing the command line (typer, and with it the database layer for some commands) takes
a large part of a second; a password given in ``--dsn`` stood in ``ps`` for all of that time.
Only the standard library and :mod:`hotdash_tui.redaction` load before the title is rewritten.
"""

from __future__ import annotations


def main() -> None:
    import gc

    gc.disable()  # until the imports are done: gc_tuning.imports_done says why
    from hotdash_tui.proctitle import hide_secrets_in_title

    password_given = hide_secrets_in_title()
    from hotdash_tui.cli.main import main as run_command

    run_command(password_on_command_line=password_given)
