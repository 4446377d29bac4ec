"""Who is calling the JSON API, and may they touch this workshop.

Two kinds of callers, as on the pages:

* facilitators: the Django session of a logged-in account (cookie), with Django's CSRF
  check on every unsafe method, because a browser sends the cookie by itself;
* participants: ``Authorization: Bearer <token>`` with the device token from joining, or the
  cookie session that joined through the pages (key ``wijktafel_participants``, CSRF checked
  like above). A token belongs to ONE workshop: it is only ever resolved for the workshop id
  in the path, so the token of workshop B never works for workshop A.

Refusals, the same for every endpoint (also in the OpenAPI description, config/api.py):

* 401 ``unauthenticated`` — no valid credentials for this request (no session, an unknown,
  removed or other workshop's token);
* 404 ``not_found`` — the workshop does not exist, or it is not yours (a facilitator of
  another organisation): we never say that it exists;
* 403 ``forbidden`` — a member of this workshop asks for something only its facilitator may
  do, or the CSRF check of a cookie session failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from wijktafel.core.errors import NotAllowed, NotFound

from . import rules
from .identity import participant_for
from .models import Participant, Workshop
from .ops import MAX_ID
from .services import Actor, participant_from_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


@dataclass(frozen=True)
class Caller:
    """The authenticated caller: an account (``user``) or a participant of one workshop."""

    user: object | None = None
    participant: Participant | None = None

    @property
    def actor(self) -> Actor:
        if self.participant is not None:
            return Actor(participant=self.participant)
        return Actor(user=self.user)

    @property
    def is_participant(self) -> bool:
        return self.participant is not None


def path_workshop_id(request) -> int | None:
    """The ``workshop_id`` of the URL being served, or None for routes without one or with an
    id no row can have (2**63 or more: SQLite cannot even compare it, issue 12)."""
    match = getattr(request, "resolver_match", None)
    value = match.kwargs.get("workshop_id") if match is not None else None
    try:
        number = int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


def _csrf_failed(request) -> bool:
    """Django's own CSRF check (token, origin, referer) for an unsafe request."""
    if request.method in SAFE_METHODS:
        return False
    middleware = CsrfViewMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    request.csrf_processing_done = False
    middleware.process_request(request)
    return middleware.process_view(request, lambda r: None, (), {}) is not None


class SessionAuth(APIKeyCookie):
    """The browser session: a logged-in account, or a participant who joined through the pages."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "Django session cookie. Facilitators log in on the site; participants who joined "
        "through the site are recognised too. Unsafe methods need the CSRF token in the "
        "X-CSRFToken header."
    )

    def __init__(self) -> None:
        super().__init__(
            csrf=False
        )  # checked below, only when the cookie actually identifies someone

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        caller = self._caller(request)
        if caller is not None and _csrf_failed(request):
            raise NotAllowed(
                _("The security check of this request failed. Reload the page and try again.")
            )
        return caller

    @staticmethod
    def _caller(request) -> Caller | None:
        user = getattr(request, "user", None)
        user = user if user is not None and user.is_authenticated and user.is_active else None
        workshop_id = path_workshop_id(request)
        participant = None
        if workshop_id is not None and hasattr(request, "session"):
            participant = participant_for(request.session, workshop_id)
        if user is not None and participant is not None:
            # The same browser is both: the account wins where it may facilitate.
            if rules.can_facilitate(user, participant.workshop):
                return Caller(user=user)
            return Caller(participant=participant)
        if user is not None:
            return Caller(user=user)
        if participant is not None:
            return Caller(participant=participant)
        return None


class ParticipantToken(HttpBearer):
    """``Authorization: Bearer <token>``: the device token a participant got when joining."""

    openapi_bearerFormat = "participant token"
    openapi_description = (
        "The token returned by POST /join. It is valid for that one workshop only, and stops "
        "working when the participant is removed."
    )

    def authenticate(self, request, token):
        workshop_id = path_workshop_id(request)
        if workshop_id is None:
            return None
        participant = participant_from_token(workshop_id=workshop_id, token=token)
        return Caller(participant=participant) if participant is not None else None


session_auth = SessionAuth()
participant_token = ParticipantToken()
#: Endpoints of one workshop: its facilitators and its participants.
MEMBER_AUTH = [participant_token, session_auth]
#: Endpoints without a workshop in the path: logged-in accounts only.
ACCOUNT_AUTH = [session_auth]


def account(request):
    """The logged-in account of a request that passed ACCOUNT_AUTH."""
    caller: Caller = request.auth
    if caller.is_participant or caller.user is None:
        raise NotAllowed(_("Log in as a facilitator to do this."))
    return caller.user


def _not_found() -> NotFound:
    return NotFound(_("This session does not exist."))


def member_workshop(request, workshop_id: int) -> Workshop:
    """The workshop if the caller is its facilitator or one of its participants; 404 otherwise."""
    caller: Caller = request.auth
    workshop = Workshop.objects.select_related("organisation").filter(pk=workshop_id).first()
    if workshop is None:
        raise _not_found()
    if caller.is_participant:
        if not rules.is_member(caller.participant, workshop):
            raise _not_found()
    elif not rules.can_facilitate(caller.user, workshop):
        raise _not_found()
    return workshop


def facilitated_workshop(request, workshop_id: int) -> Workshop:
    """The workshop if the caller may facilitate it; 403 for its participants, 404 for others."""
    workshop = member_workshop(request, workshop_id)
    if request.auth.is_participant:
        raise NotAllowed(_("Only the facilitator of this session may do this."))
    return workshop


def is_facilitator(request, workshop: Workshop) -> bool:
    caller: Caller = request.auth
    return not caller.is_participant and rules.can_facilitate(caller.user, workshop)
