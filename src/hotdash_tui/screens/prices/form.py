"""The price form (``e`` on the prices screen): one field, checked before anything is written.

A bad price gets its reason beside the field and nothing is written. A valid price under the
listing's margin floor takes a second step: the field locks and the form asks for ``y``
(save anyway) or ``n`` (back to the field). The save runs in a thread worker; the database
checks the same rule again on the locked row, and a price changed meanwhile comes back as a
notice naming who changed it, after which the form closes and the screen reads it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.prices.form import PriceCheck, check_price, money
from hotdash_tui.db.prices.read import PriceRow
from hotdash_tui.db.prices.write import (
    NeedsConfirmation,
    PriceLostRace,
    PriceRefused,
    PriceSaved,
    SaveOutcome,
    save_price,
)
from hotdash_tui.screens.prices.rows import floor_text
from hotdash_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hotdash_tui.app import HotdashApp


def margins_line(check: PriceCheck, currency: str) -> str:
    m = check.margins
    if m is None:
        return f"At {money(check.price, currency)}: no landed cost, so no margins."
    return (
        f"At {money(check.price, currency)}: gross {money(m.gross_margin, currency)}"
        f" ({m.gross_margin_pct}%) · net {money(m.net_margin, currency)} ({m.net_margin_pct}%)"
    )


def facts(row: PriceRow) -> list[str]:
    cur = row.currency
    sale = ""
    if row.sale_price is not None:
        sale = f" · on sale at {money(row.sale_price, cur)} (margins are of it)"
    landed = money(row.landed_cost, cur) + (" (BOM estimate)" if row.landed_from_bom else "")
    fba = f" + FBA {money(row.fba_fee, cur)}" if row.fba_fee is not None else ""
    low = money(row.min_price, cur) if row.min_price is not None else "none"
    high = money(row.max_price, cur) if row.max_price is not None else "none"
    return [
        f"{row.sku} · {row.asin} · {row.title}",
        f"Now {money(row.price, cur)}{sale}",
        f"Landed {landed} · referral {money(row.referral_fee, cur)}{fba}",
        f"Min {low} · max {high} · margin floor {floor_text(row.margin_floor_pct)}",
    ]


class PriceFormScreen(ModalScreen[PriceSaved | None]):
    """Edits the price of ``row``; dismissed with what was saved, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Save below floor", id="price_form.confirm"),
        Binding("n", "back", "Back", id="price_form.back"),
        Binding("escape", "cancel", "Cancel", id="price_form.cancel"),
    ]

    class Done(Message):
        """The save worker's outcome, or why there is none."""

        def __init__(self, outcome: SaveOutcome | None, error: str) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error

    def __init__(self, row: PriceRow) -> None:
        super().__init__()
        self.row = row
        self.pending: PriceCheck | None = None  # awaiting y / n
        self.saving = False

    @property
    def hotdash(self) -> HotdashApp:
        return cast("HotdashApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="price-form", can_focus=False):
            yield Static("Edit price", classes="form-title")
            for line in facts(self.row):
                yield Static(line, classes="form-fact")
            with Horizontal(classes="form-row"):
                yield Label(f"Price {self.row.currency}", classes="form-label")
                yield Input(str(self.row.price), compact=True, id="field-price")
            yield Static("", id="error-price", classes="form-error")
            yield Static("", id="price-preview", classes="form-preview")
            yield Static("", id="price-confirm", classes="form-confirm")
            yield Static("enter saves · esc cancels", id="price-hint", classes="form-hint")
        yield KeyBar()

    @property
    def field(self) -> Input:
        return self.query_one("#field-price", Input)

    def on_mount(self) -> None:
        self.field.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"confirm", "back"}:
            return self.pending is not None  # only while the form asks y / n
        return True

    def show_error(self, reason: str) -> None:
        line = self.query_one("#error-price", Static)
        line.update(reason)
        line.set_class(bool(reason), "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        # The margins a valid price would give, or (before enter) why it will be refused; a
        # refusal of enter shown beside the field is about a value no longer there.
        self.show_error("")
        result = check_price(event.value, self.row.context)
        if isinstance(result, PriceCheck):
            preview = margins_line(result, self.row.currency)
        else:
            preview = f"✗ {result}" if event.value.strip() else ""
        self.query_one("#price-preview", Static).update(preview)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.saving or self.pending is not None:
            return
        result = check_price(event.value, self.row.context)
        if isinstance(result, str):
            self.show_error(result)
            self.query_one("#price-preview", Static).update("")  # said once, beside the field
            return
        if result.price == self.row.price:
            self.show_error(f"{money(result.price, self.row.currency)} is the price already.")
            return
        self.show_error("")
        if result.below_floor:
            self._ask(result)
            return
        self._save(confirmed=False)

    def _ask(self, check: PriceCheck) -> None:
        """The second step: lock the field and ask for y / n."""
        self.pending = check
        net = check.margins.net_margin_pct if check.margins else None
        self.query_one("#price-confirm", Static).update(
            f"▼ Net margin {net}% is under the floor {floor_text(self.row.margin_floor_pct)}."
            " y saves anyway · n goes back"
        )
        self.field.disabled = True
        self.refresh_bindings()

    def action_back(self) -> None:
        self.pending = None
        self.query_one("#price-confirm", Static).update("")
        self.field.disabled = False
        self.field.focus()
        self.refresh_bindings()

    def action_confirm(self) -> None:
        if self.pending is not None and not self.saving:
            self._save(confirmed=True)

    def action_cancel(self) -> None:
        if self.pending is not None:
            self.action_back()  # esc in the second step goes back, as n does
            return
        self.dismiss(None)

    def _save(self, *, confirmed: bool) -> None:
        self.saving = True
        self.save(self.field.value, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="price-form")
    def save(self, raw: str, confirmed: bool) -> None:
        app = self.hotdash
        try:
            outcome = save_price(
                app.database.engine,
                self.row.listing_id,
                self.row.price,
                raw,
                app.database.settings.identity,
                confirmed_below_floor=confirmed,
            )
        except Exception as exc:
            self.post_message(self.Done(None, describe_error(exc)))
        else:
            self.post_message(self.Done(outcome, ""))

    def on_price_form_screen_done(self, message: Done) -> None:
        self.saving = False
        outcome = message.outcome
        if outcome is None:
            self.action_back()
            self.show_error(message.error)
        elif isinstance(outcome, PriceRefused):
            self.action_back()
            self.show_error(outcome.reason)
        elif isinstance(outcome, NeedsConfirmation):
            self._ask(outcome.check)  # the row changed meanwhile and the price is now under it
        elif isinstance(outcome, PriceLostRace):
            now = self.hotdash.clock()
            self.app.notify(outcome.sentence(now), title="Not saved", severity="warning", timeout=8)
            self.dismiss(None)
        else:
            self.dismiss(outcome)
