"""The task board (key 2): the screen, its kanban columns, the task form, and its messages."""
