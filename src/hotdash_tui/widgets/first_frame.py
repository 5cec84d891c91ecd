"""A mixin for widgets made with their content and sized by their container: drawn once by
the first frame that shows them, not again by a second one some 20-40 ms later.

Profiled on the board's and the ROAS screen's first openings at a million rows, two of
Textual's requests each brought a second frame, because they are handled after the frame
being drawn when a screen has just mounted many widgets:

- A widget's virtual size is set at each layout and, when it changed (as it always does at
  the first), another layout of the screen is asked for. A widget whose size does not come
  from its content, and which never scrolls or always shows its scrollbars, needs no layout
  for it: a scrolling one has its scrollbars updated by the same call.
- A widget changed before it is mounted (a border title, a class) asks to be painted once it
  is. Its first layout paints it anyway.

Both answers override private names of Textual's Widget, listed with what they buy in
:mod:`hotdash_tui.library_internals`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Size

if TYPE_CHECKING:
    from textual.widget import Widget

    _Widget = Widget  # what the mixin's methods extend, for the type checker
else:
    _Widget = object  # at run time a plain mixin: Textual styles the widget by its widget base


class FirstFrameOnly(_Widget):
    """Put before the widget base of a widget whose size never comes from its content (no
    ``auto`` width or height: a grid of ``height: auto`` made so kept the height of its
    first layout) and which never scrolls or always shows its scrollbars (``overflow:
    scroll``: one that appears later changes the layout). Used by the ROAS tiles, their
    grid and scroller, the plot, and the board's columns and their sideways scroller.

    Not a Widget itself: Textual follows a widget's first DOMNode base for its CSS type
    names and default CSS, so the widget is styled exactly as its widget base is."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def _on_mount(self, event: events.Mount) -> None:
        super()._on_mount(event)
        self._repaint_required = False  # the layout that places it paints it
