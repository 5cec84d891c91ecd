"""A base for widgets that never scroll: their virtual size asks for no layout.

Textual sets a widget's virtual size at each layout and, when it changed (as it always does
at a widget's first layout), asks for another layout of the screen. That request is handled
after the frame being drawn, so a screen's first opening drew a second frame some 20-40 ms
later (profiled on the board and ROAS screens at a million rows). A widget that never
scrolls has no use for its virtual size beyond recording it, which is all that is done here.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


class NeverScrolls(Widget):
    """Put first among the bases of a widget whose content is never scrolled and whose size
    never comes from its content (no ``auto`` width or height): a grid of ``height: auto``
    made so kept the height of its first layout."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)
