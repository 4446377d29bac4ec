"""Event kinds of Samenwerken in de wijk (docs/realtime.md), logged and broadcast by ``apply_op``.

Events go to every socket of the session, so none carries personal data: a contact event says who
filled in the form (ids), and the pages ask for a new snapshot, which holds the details of only
those who agreed to share them; a reflection event says who answered, never what."""

NOTE_ADDED = "flap_note.added"
NOTE_UPDATED = "flap_note.updated"
NOTE_REMOVED = "flap_note.removed"
CONTACTS_CHANGED = "contacts.changed"
REFLECTION_CHANGED = "reflection.changed"
MEETING_CHANGED = "meeting.changed"  # follow-up, closing, whose actions the big screen shows

EVENT_KINDS = (
    NOTE_ADDED,
    NOTE_UPDATED,
    NOTE_REMOVED,
    CONTACTS_CHANGED,
    REFLECTION_CHANGED,
    MEETING_CHANGED,
)
