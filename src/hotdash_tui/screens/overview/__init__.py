"""The overview (key 0): the screen and what each of its eight tiles says."""
