"""``hotdash migrate`` and ``hotdash seed``: what they print and when they refuse."""

from __future__ import annotations

import typer

from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import open_database
from hotdash_tui.db.migrate import (
    MigrationState,
    apply_migrations,
    load_migration_files,
    migration_statuses,
)
from hotdash_tui.gc_tuning import imports_done

EXIT_DRIFT = 1


def _describe_target(settings: Settings) -> str:
    return "the embedded database" if settings.database.is_embedded else "the database"


def run_migrate(settings: Settings, *, status: bool, dry_run: bool) -> None:
    files = load_migration_files()
    database = open_database(settings, prepare=False, check_schema=False, interactive=False)
    imports_done()
    try:
        if status or dry_run:
            statuses = migration_statuses(database.engine, files)
            if status:
                for entry in statuses:
                    typer.echo(f"{entry.version}  {entry.state.value:<16}  {entry.name}")
            if dry_run:
                pending = {s.version for s in statuses if s.state is MigrationState.PENDING}
                drifted = [s.version for s in statuses if s.state is MigrationState.DRIFTED]
                would_run = [f for f in files if f.version in pending]
                if drifted:
                    typer.echo(f"Drift in {', '.join(drifted)}: a run would stop before applying.")
                elif not would_run:
                    typer.echo("Nothing to apply: the schema is up to date.")
                for migration in would_run:
                    typer.echo(
                        f"Would apply {migration.path.name} "
                        f"({len(migration.statements)} statements)"
                    )
            if any(s.state is MigrationState.DRIFTED for s in statuses):
                # A monitoring script asks --status whether all is well: drift is not.
                raise typer.Exit(EXIT_DRIFT)
            return
        run = apply_migrations(database.engine, files)
        where = _describe_target(settings)
        if not run.applied:
            latest = files[-1].version if files else "none"
            typer.echo(f"Nothing to apply: {where} is at version {latest}; nothing was changed.")
            return
        for migration in run.applied:
            typer.echo(f"Applied {migration.path.name} ({len(migration.statements)} statements)")
        typer.echo(f"{len(run.applied)} migration(s) applied to {where}.")
    finally:
        database.close()


def run_seed(settings: Settings, *, rows: int | None, seed_value: int) -> None:
    from hotdash_tui.demo.seed import seed_demo_data

    database = open_database(settings, prepare=False, check_schema=True, interactive=False)
    imports_done()
    try:
        report = seed_demo_data(database.engine, rows=rows, seed=seed_value)
    finally:
        database.close()
    total = sum(report.rows_by_table.values())
    typer.echo(
        f"Loaded {total:,} demo rows into {len(report.rows_by_table)} tables "
        f"in {report.seconds:.1f} s (seed {seed_value})."
    )
