"""Passwords out of text: error messages, tracebacks, process titles, logs.

Kept free of heavy imports: the process title is cleaned with it before anything else loads.
"""

from __future__ import annotations

import re

# A password can hide in a URL (user:secret@host) or in key=value conninfo. A URL's secret
# runs to the last @ of its word: a password may hold an @ itself.
_URL_PASSWORD = re.compile(r"(?P<head>[a-z+]+://[^:/@\s]*:)(?P<secret>\S*)(?P<tail>@)")
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|\S+)", re.I)


def redact(text: str, *secrets: str | None) -> str:
    """Remove passwords from text: URL and key=value forms, and any known secret."""
    text = _URL_PASSWORD.sub(r"\g<head>***\g<tail>", text)
    text = _KV_PASSWORD.sub(r"\g<head>***", text)
    for secret in secrets:
        if secret:
            # Only where it stands as a token of its own: a short password such as "x" must not
            # blank out the letter x in every path and word of the message.
            token = re.compile(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])")
            text = token.sub("***", text)
    return text


def url_password_pieces(conninfo: str) -> list[str]:
    """What a user meant as the password of a URL, to its last @, and its pieces between
    @ signs: libpq ends the password at the first @ and reads the rest as the host."""
    match = _URL_PASSWORD.search(conninfo)
    if match is None:
        return []
    secret = match["secret"]
    return [secret, *(piece for piece in secret.split("@") if len(piece) >= 4)]
