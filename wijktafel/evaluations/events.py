"""Event kinds of the PMI evaluation (docs/realtime.md), logged and broadcast by ``apply_op``."""

PMI_CHANGED = "pmi.changed"  # the whole board: opened, closed, anonymous, dots started
PMI_ENTRY_ADDED = "pmi.entry_added"
PMI_ENTRY_REMOVED = "pmi.entry_removed"

EVENT_KINDS = (PMI_CHANGED, PMI_ENTRY_ADDED, PMI_ENTRY_REMOVED)
