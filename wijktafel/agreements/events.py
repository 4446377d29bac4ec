"""Event kinds of the register of agreements and actions, documented in docs/realtime.md. They
are logged and broadcast by ``workshops.services.apply_op`` like every change of a session."""

AGREEMENT_CREATED = "agreement.created"
AGREEMENT_UPDATED = "agreement.updated"
AGREEMENT_DELETED = "agreement.deleted"
PROGRESS_ADDED = "agreement.progress_added"
DISTRIBUTED = "agreement.distributed"

EVENT_KINDS = (AGREEMENT_CREATED, AGREEMENT_UPDATED, AGREEMENT_DELETED, PROGRESS_ADDED, DISTRIBUTED)
