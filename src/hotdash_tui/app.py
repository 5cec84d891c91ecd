"""The HotDash App: screens by number, global keys, the header's facts."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

from hotdash_tui.crash_report import recorded_text, recording_console
from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.db.engine import password_of
from hotdash_tui.db.errors import describe_error
from hotdash_tui.gc_tuning import TICK_SECONDS, IdleCollector
from hotdash_tui.live_link import listen_loop, probe_loop
from hotdash_tui.messages import (
    ConnectionStateChanged,
    DatabaseBack,
    DatabaseLost,
    DataChanged,
    Listening,
)
from hotdash_tui.preferences import PreferencesApp
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.help import HelpScreen, keys_table
from hotdash_tui.screens.lazy import LAZY_SCREENS, bindings_of, lazy_screen_classes, screen_from
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from hotdash_tui.user_config import UserConfig
from hotdash_tui.widgets.header_line import HeaderLine

Clock = Callable[[], datetime]
POLL_SECONDS = 5.0  # behind a transaction pooler, where no notification can arrive
POLLING_STATE = f"live: polling every {POLL_SECONDS:g} s, behind a transaction pooler"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def binding_ids() -> set[str]:
    """The id of every key binding of the App and its screens (their modules imported)."""
    return bindings_of([HotdashApp, OverviewScreen, HelpScreen, *lazy_screen_classes()])


class HotdashApp(PreferencesApp):
    """The dashboard. Build it with an open database; tests pass a fixed clock."""

    TITLE = "HotDash"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "overview": OverviewScreen,
        **{mode: screen_from(module, name) for mode, (module, name) in LAZY_SCREENS.items()},
    }
    DEFAULT_MODE = "overview"
    # 1 to 9 stay out of the footer (the overview's tile titles and ? show them), so that
    # each screen's own keys, ? and q fit at 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "switch_mode('overview')", "Overview", id="go.overview"),
        Binding("1", "switch_mode('approvals')", "Approvals", show=False, id="go.approvals"),
        Binding("2", "switch_mode('board')", "Board", show=False, id="go.board"),
        Binding("3", "switch_mode('alerts')", "Alerts", show=False, id="go.alerts"),
        Binding("4", "switch_mode('prices')", "Prices", show=False, id="go.prices"),
        Binding("5", "switch_mode('runs')", "Runs", show=False, id="go.runs"),
        Binding("6", "switch_mode('roas')", "ROAS", show=False, id="go.roas"),
        Binding("7", "switch_mode('tables')", "Tables", show=False, id="go.tables"),
        Binding("8", "switch_mode('stock')", "Stock", show=False, id="go.stock"),
        Binding("9", "switch_mode('logs')", "Errors", show=False, id="go.logs"),
        Binding("ctrl+r", "refresh_screen", "Refresh", show=False, id="app.refresh"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # Before any screen's esc (clear the filter): the keys panel of ctrl+p goes first.
        Binding(
            "escape",
            "hide_keys",
            "Hide the keys panel",
            show=False,
            priority=True,
            id="app.hide_keys",
        ),
    ]

    def __init__(
        self,
        database: OpenDatabase,
        *,
        clock: Clock = _utc_now,
        live: bool = True,
        config: UserConfig | None = None,
    ) -> None:
        """``live=False`` leaves out listening and polling (tests that race a second
        session against a key press want no reload in between). ``config``: the user's
        config file (theme, keymap, saved views); without it nothing is remembered."""
        super().__init__(config)
        # Textual prints an unhandled exception here as the App exits; the command that ran
        # the App writes it to a log file and says one sentence (crash_report.py).
        self.error_console = recording_console()
        self.database = database
        self.clock = clock
        self.live = live
        self.connection_state = "connecting"
        # LISTEN needs a session of its own, which a transaction pooler cannot give.
        self.polling = database.transaction_pooler
        self._secrets = (password_of(database.dsn),)
        self._stop_listening = threading.Event()
        self.listening = False  # a LISTEN session is open now
        self._too_small: TooSmallScreen | None = None
        self._probing = False  # one probe at a time, however many reads fail meanwhile
        self.collector = IdleCollector()  # garbage collected between keys, not during one
        self._warming_up = False

    @property
    def crash_text(self) -> str:
        """What Textual reported of an unexpected failure (empty when there was none)."""
        return recorded_text(self.error_console)

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """Passwords to blank out of anything this App shows or writes."""
        return self._secrets

    @property
    def header_marks(self) -> str:
        """Standing warnings for the header: what this session may do and what RLS does."""
        marks = []
        if self.database.settings.read_only:
            marks.append("read-only")
        elif not self.database.role_may_write:
            marks.append("read-only role")
        if self.database.bypasses_rls:
            marks.append("RLS bypassed")
        return ", ".join(marks)

    def fill_header(self, header: HeaderLine, screen_name: str) -> None:
        header.screen_name = screen_name
        header.database = self.database.target.label
        header.role = self.database.target.user
        header.identity = self.database.settings.identity
        header.marks = self.header_marks
        header.state = self.connection_state

    def _set_state(self, state: str) -> None:
        self.connection_state = state
        if self.screen_stack:  # none left while the App closes
            for header in self.screen.query(HeaderLine):
                header.state = state

    @property
    def _answering_state(self) -> str:
        return POLLING_STATE if self.polling else "connected"

    def on_connection_state_changed(self, message: ConnectionStateChanged) -> None:
        if message.ok:
            self._set_state(self._answering_state)
            return
        if self.connection_state == "reconnecting":
            return  # the header says so already; one notice per outage is enough
        self._set_state("database error")
        self.notify(message.detail, title="Database", severity="error", timeout=8)
        self._start_probe()  # a lost server turns this into "reconnecting"; a bad query not

    def warm_up_screens(self) -> None:
        """Imports the modules of :data:`LAZY_SCREENS` in a thread, once: each screen's
        first opening then builds its widgets only. Profiled at a million rows, the import
        was 11-33 ms of each first opening (a tenth to a sixth of it). Called once the
        overview's figures are painted, so that a start does not wait for it; a key pressed
        meanwhile waits at most for the module it needs (imports take a lock per module)."""
        if not self._warming_up:
            self._warming_up = True
            self._import_screens()

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _import_screens(self) -> None:
        # No gc.freeze here, unlike a screen's build: from this thread it could come after
        # the App has ended and thawed everything (IdleCollector.stop), and freeze a test
        # process's garbage for good. The first screen built freezes these modules.
        for module, _ in LAZY_SCREENS.values():
            importlib.import_module(module)
        if self.config.keys:
            self.call_from_thread(self.unknown_binding_ids, binding_ids())

    # Live updates and reconnecting ---------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_configured_theme()
        self.collector.start()
        self.set_interval(TICK_SECONDS, self.collector.tick)
        self._check_size(self.size.width, self.size.height)
        if not self.live:
            return
        if self.polling:
            self.set_interval(POLL_SECONDS, self._poll)
        else:
            self._listen()

    def _listen(self) -> None:
        # A thread of its own, not a worker: it runs as long as the App, and a worker that
        # never completes would hold one of the few executor threads the screens' reads share
        # (and never let workers.wait_for_complete() return).
        stop = self._stop_listening
        thread = threading.Thread(
            target=listen_loop,
            args=(self.database.dsn, self.post_message, stop.is_set, self._secrets),
            name="hotdash-listen",
            daemon=True,
        )
        thread.start()

    def on_unmount(self) -> None:
        self._stop_listening.set()  # the listener ends within a second and closes its session
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.note_input()
        await super().on_event(event)

    def _start_probe(self) -> None:
        if not self._probing:
            self._probing = True
            self._probe()

    @work(thread=True, exclusive=True, exit_on_error=False, group="probe")
    def _probe(self) -> None:
        worker = get_current_worker()
        probe_loop(
            self.database.engine,
            self.post_message,
            lambda: worker.is_cancelled or self._stop_listening.is_set(),
            self._secrets,
            revive=self._revive_embedded if self.database.server is not None else None,
        )

    def _revive_embedded(self) -> str:
        """Starts the embedded server this App uses again (it died: a crash, kill -9), or
        says in one sentence why not and what to run."""
        server = self.database.server
        if server is None:
            return ""
        try:
            server.start()
        except Exception as exc:
            return (
                f"The embedded server could not be started again ({describe_error(exc)}); "
                "run `hotdash db start`, or `hotdash db status` to see its folder and log."
            )
        return ""

    def _poll(self) -> None:
        if self.connection_state != "reconnecting":
            self._tell_screen(DataChanged(frozenset(), polled=True))

    def _tell_screen(self, message: DataChanged) -> None:
        # A dialog on top hides the screen; it reads everything again when it is shown.
        if self.screen_stack and isinstance(self.screen, HotdashScreen):
            self.screen.post_message(message)

    def on_data_changed(self, message: DataChanged) -> None:
        self._tell_screen(DataChanged(message.tables, polled=message.polled))

    def on_database_lost(self, message: DatabaseLost) -> None:
        if message.listener:
            self.listening = False
        if self.connection_state != "reconnecting":
            self._set_state("reconnecting")
            self.notify(
                f"{message.detail} Reconnecting…", title="Database", severity="warning", timeout=8
            )
        self._start_probe()

    def on_database_back(self, _message: DatabaseBack) -> None:
        self._probing = False
        if self.connection_state != "reconnecting":
            return  # the server was there all along: a query failed, not the connection
        self._set_state(self._answering_state)
        self.notify("The database answers again.", title="Database", timeout=4)
        self._tell_screen(DataChanged(frozenset(), polled=True))  # read what we missed

    def on_listening(self, message: Listening) -> None:
        self.listening = True
        if message.again:
            # Changes committed between the break and the new LISTEN were never sent to us.
            self._tell_screen(DataChanged(frozenset(), polled=True))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        global_keys = [
            b for b in self.BINDINGS if isinstance(b, Binding) and b.id != "app.hide_keys"
        ]
        screen = self.screen
        lines = screen.filter_help() if isinstance(screen, HotdashScreen) else None
        target, settings = self.database.target, self.database.settings
        connection = (
            f"Database {target.label} as role {target.user}; "
            f"decisions are recorded as {settings.identity}."
        )
        table = keys_table(screen, global_keys, self.config.keys, lines)
        self.push_screen(HelpScreen(table, connection))

    def action_refresh_screen(self) -> None:
        """ctrl+r on every screen: read what it shows again (r is reject on approvals)."""
        if isinstance(self.screen, HotdashScreen):
            self.screen.reload()

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        fits = width >= MIN_WIDTH and height >= MIN_HEIGHT
        if not fits and self._too_small is None:
            self._too_small = TooSmallScreen(width, height)
            self.push_screen(self._too_small)
        elif not fits and self._too_small is not None:
            self._too_small.show_size(width, height)
        elif fits and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None
