"""How ``hotdash`` reads its command line, beyond typer's defaults:

- a usage error is one sentence on stderr and exit 2 (``hotdash: no such option: --limt
  (hotdash alerts --help lists the options).``), not click's usage, hint and error lines;
- a check's write verbs read as the user says them: ``hotdash alerts dismiss ID...`` runs the
  hidden command ``alerts dismiss``, while ``hotdash alerts`` alone (or with filter words)
  stays the check.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

EXIT_USAGE = 2

# What a user types after an option, where its name alone does not say it.
OPTION_METAVARS = {
    "--dsn": "URL",
    "--as": "NAME",
    "--limit": "N",
    "--days": "N",
    "--rows": "N",
    "--seed": "N",
    "--since": "30m|24h|7d",
    "--reason": "TEXT",
    "--what": "TEXT",
    "--where": "FILTER",
    "--order": "COLUMN",
    "--view": "NAME",
    "--to": "STAGE",
}


def name_metavars(params: list[Any]) -> None:
    for param in params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        choices = getattr(param.type, "choices", None)
        if param.param_type_name == "argument":
            name = (param.name or "value").upper()
            if param.nargs != 1:  # ids -> ID..., words -> WORD...
                name = name.removesuffix("S") + "..."
            param.metavar = name
        elif choices:
            param.metavar = "|".join(str(getattr(c, "value", c)) for c in choices)
        else:
            option = max(param.opts, key=len)
            param.metavar = OPTION_METAVARS.get(option, option.lstrip("-").upper())


class HotdashCommand(TyperCommand):
    """A command whose help reads as a user types it: ``--dsn URL``, ``--limit N``,
    ``[WORD]...`` and ``ID...``, not typer's ``<str>``, ``<int range>`` or ``{ids}``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_metavars(self.params)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.make_metavar(ctx)
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class HotdashGroup(TyperGroup):
    """The ``hotdash`` command line: see the module's docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_metavars(self.params)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        if len(args) >= 2:
            name = f"{args[0]} {args[1]}"
            command = self.commands.get(name)
            if command is not None:
                return name, command, args[2:]
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        main = super().main
        if not standalone_mode:
            return main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort as exc:  # ctrl+c or end of input at a prompt
            sys.exit(130 if isinstance(exc.__context__, KeyboardInterrupt) else 1)
        except typer.TyperException as exc:  # a usage error, as click raises it
            usage_error(exc)
        sys.exit(code if isinstance(code, int) else 0)


def usage_error(exc: typer.TyperException) -> NoReturn:
    """One sentence on stderr: what is wrong, and a suggestion or the help to read."""
    format_message = getattr(exc, "format_message", None)
    message = str(format_message() if callable(format_message) else exc).strip().rstrip(".")
    message = message[:1].lower() + message[1:]
    found = re.search(r" \(Possible options: (.+)\)$", message)
    if found:  # click's own suggestion, reworded to end the sentence
        options = found[1].split(", ")
        message = message[: found.start()] + "; did you mean " + " or ".join(options) + "?"
    elif ". Did you mean " in message:
        message = message.replace(". Did you mean ", "; did you mean ")
    else:
        context = getattr(exc, "ctx", None)
        path = getattr(context, "command_path", None) or "hotdash"
        message += f"; {path} --help lists what it takes."
    typer.echo(f"hotdash: {message}", err=True)
    sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
