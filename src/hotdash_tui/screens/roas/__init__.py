"""ROAS (key 6): the screen, its tiles and the selected tile's plot, and its messages."""
