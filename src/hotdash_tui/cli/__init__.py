"""The ``hotdash`` command line: the typer app (``main``) and its command groups. Imports
stay lazy, so that ``--help`` and the quick checks load only what they use."""
