"""The task board (key 2): column windows per kanban stage (:mod:`.read`), guarded moves,
creations and edits with an audit row (:mod:`.write`), and the task form's rules
(:mod:`.form`)."""
