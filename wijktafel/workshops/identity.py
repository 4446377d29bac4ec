"""Which participant a browser session is, per workshop (the device token kept in the session)."""

from __future__ import annotations

from .models import Participant
from .services import participant_from_token

SESSION_KEY = "wijktafel_participants"
PENDING_KEY = "wijktafel_pending_join"


def _tokens(session) -> dict:
    tokens = session.get(SESSION_KEY)
    return tokens if isinstance(tokens, dict) else {}


def participant_for(session, workshop_id: int | str) -> Participant | None:
    """The active participant this session joined ``workshop_id`` as, or None."""
    token = _tokens(session).get(str(workshop_id))
    if token is None:
        return None
    try:
        workshop_pk = int(workshop_id)
    except (TypeError, ValueError):
        return None
    return participant_from_token(workshop_id=workshop_pk, token=token)


def remember_participant(session, workshop_id: int | str, token: str) -> None:
    """Keep the device token of ``workshop_id`` in the session, next to those of other workshops."""
    tokens = dict(_tokens(session))
    tokens[str(workshop_id)] = token
    session[SESSION_KEY] = tokens
