"""HotDash TUI: a keyboard-driven terminal dashboard over the shared HotDash Postgres database."""

from __future__ import annotations

__version__ = "0.1.0"
