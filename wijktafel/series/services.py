"""Series, the people who come back to them, and personal links.

A workshop in a series records, for every participant who joins it, which *person* of the
series that is (``Attendance``). A person is recognised again on the device they joined on
(``device.py``) or through a personal link; they then join the next session as themselves,
without typing their name again. The facilitator sees who came to which session, can merge two
records of one person, make and revoke links, and make every device forget a person.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops import codes
from wijktafel.workshops import rules as workshop_rules
from wijktafel.workshops.models import Participant, Workshop

from . import rules
from .models import Attendance, Person, PersonalLink, Series, SeriesSession

LINK_SALT = "wijktafel.series.personal-link"
LINK_DAYS_DEFAULT = 30
LINK_DAYS_MAX = 180
MAX_SESSIONS = 20
TITLE_MAX = 200


# --- series and their sessions ------------------------------------------------------------


def series_create(*, user, title: object, method: str = "") -> Series:
    if not workshop_rules.can_create_workshops(user):
        raise NotAllowed(_("Only facilitators of an organisation can start a series."))
    title = clean_text(title, max_length=TITLE_MAX, field="title", label=_("Title"))
    return Series.objects.create(
        organisation_id=user.organisation_id, title=title, method=method, created_by=user
    )


def get_series(*, user, series_id: object) -> Series:
    """The series for a user who may manage it; for anyone else it does not exist."""
    try:
        series = Series.objects.get(pk=int(series_id))  # type: ignore[arg-type]
    except (Series.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This series does not exist.")) from None
    if not rules.can_manage(user, series):
        raise NotFound(_("This series does not exist."))
    return series


def place_session(*, series: Series, workshop: Workshop, position: int) -> SeriesSession:
    """Put ``workshop`` at ``position`` of ``series`` (a workshop already there moves out).

    For the series' owner (a method) that already checked who asks: the workshop must be of the
    series' organisation and not be part of another series."""
    if workshop.organisation_id != series.organisation_id:
        raise NotFound(_("This session does not exist."), field="workshop_id")
    if not 1 <= position <= MAX_SESSIONS:
        raise Invalid(_("A series has at most %(n)d sessions.") % {"n": MAX_SESSIONS})
    with transaction.atomic():
        entry = SeriesSession.objects.select_for_update().filter(workshop=workshop).first()
        if entry is not None and entry.series_id != series.pk:
            raise Conflict(
                _("This session already belongs to another series."), field="workshop_id"
            )
        SeriesSession.objects.filter(series=series, position=position).exclude(
            workshop=workshop
        ).delete()
        if entry is None:
            entry = SeriesSession.objects.create(
                series=series, workshop=workshop, position=position
            )
        else:
            entry.position = position
            entry.save(update_fields=["position"])
        for participant in workshop.participants.filter(attendance__isnull=True):
            attend(participant)  # who joined before the session was placed: new people
        return entry


def series_add_session(*, user, series_id: object, workshop_id: object) -> SeriesSession:
    """Add one of the organisation's sessions at the end of a series."""
    series = get_series(user=user, series_id=series_id)
    try:
        workshop = Workshop.objects.get(pk=int(workshop_id))  # type: ignore[arg-type]
    except (Workshop.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This session does not exist."), field="workshop_id") from None
    if not workshop_rules.can_facilitate(user, workshop):
        raise NotFound(_("This session does not exist."), field="workshop_id")
    last = series.entries.order_by("-position").first()
    position = (last.position + 1) if last else 1
    if position > MAX_SESSIONS:  # the series as it is has no place left: 409, at the series
        raise Conflict(
            _("This series is full: a series has at most %(n)d sessions.") % {"n": MAX_SESSIONS},
            field="series_id",
        )
    return place_session(series=series, workshop=workshop, position=position)


def series_of(workshop_id: int) -> Series | None:
    entry = SeriesSession.objects.filter(workshop_id=workshop_id).select_related("series").first()
    return entry.series if entry else None


def previous_session(workshop_id: int) -> Workshop | None:
    """The session before this one in its series, or None."""
    entry = SeriesSession.objects.filter(workshop_id=workshop_id).first()
    if entry is None:
        return None
    before = (
        SeriesSession.objects.filter(series_id=entry.series_id, position__lt=entry.position)
        .order_by("-position")
        .select_related("workshop")
        .first()
    )
    return before.workshop if before else None


def carry_groups_over(*, user, workshop_id: object) -> int:
    """The groups of the previous session of the series again in this one (breakouts, duos,
    trios), with the people who came back; returns how many kinds were carried over."""
    from wijktafel.groups.models import Group
    from wijktafel.groups.services import copy_groups
    from wijktafel.workshops.services import Actor

    try:
        workshop = Workshop.objects.get(pk=int(workshop_id))  # type: ignore[arg-type]
    except (Workshop.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This session does not exist.")) from None
    if not workshop_rules.can_facilitate(user, workshop):
        raise NotFound(_("This session does not exist."))
    source = previous_session(workshop.pk)
    if source is None or not Group.objects.filter(workshop=source).exists():
        raise Conflict(_("The previous session of the series has no groups to take over."))
    came_back = participant_map(source.pk, workshop.pk)
    if not came_back:
        raise Conflict(_("Nobody of the previous session has joined this session yet."))
    return len(
        copy_groups(
            source_workshop_id=source.pk,
            target_workshop_id=workshop.pk,
            participant_map=came_back,
            actor=Actor(user=user),
        )
    )


# --- people --------------------------------------------------------------------------------


def resolve(person: Person | None) -> Person | None:
    """The record a merged person forwards to (merges may chain)."""
    seen = set()
    while person is not None and person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.filter(pk=person.merged_into_id).first()
    return person


def attend(participant: Participant, person: Person | None = None) -> Person | None:
    """Record who a participant who just joined is, when their workshop is part of a series:
    ``person`` when they were recognised, else a new person of the series. Call it inside the
    join's transaction. None when the workshop is in no series."""
    entry = SeriesSession.objects.filter(workshop_id=participant.workshop_id).first()
    if entry is None:
        return None
    if person is not None:
        person = resolve(person)
        if person is None or person.series_id != entry.series_id:
            raise NotAllowed(_("We do not know you in this series. Join with your name."))
        if Attendance.objects.filter(
            person=person,
            workshop_id=participant.workshop_id,
            participant__removed_at__isnull=True,
        ).exists():
            raise Conflict(_("You already take part in this session."))
        Attendance.objects.filter(person=person, workshop_id=participant.workshop_id).delete()
    else:
        person = Person.objects.create(
            series_id=entry.series_id,
            display_name=participant.display_name,
            organisation_name=participant.organisation_name,
            kind=participant.kind,
        )
    Attendance.objects.create(
        person=person, participant=participant, workshop_id=participant.workshop_id
    )
    return person


def person_of(participant: Participant) -> Person | None:
    attendance = Attendance.objects.filter(participant=participant).select_related("person").first()
    return resolve(attendance.person) if attendance else None


def joinable_sessions(person: Person) -> list[Workshop]:
    """The sessions of the person's series they may join now and did not join yet."""
    taken = set(
        Attendance.objects.filter(person=person, participant__removed_at__isnull=True).values_list(
            "workshop_id", flat=True
        )
    )
    return [
        entry.workshop
        for entry in person.series.entries.select_related("workshop").order_by("position")
        if entry.workshop.status != Workshop.Status.ENDED
        and entry.workshop.joining_open
        and entry.workshop_id not in taken
    ]


def participant_map(source_workshop_id: int, target_workshop_id: int) -> dict[int, int]:
    """Participant ids of the source session -> of the target session, for each person who
    came to both (as active participants)."""
    target = {
        a.person_id: a.participant_id
        for a in Attendance.objects.filter(
            workshop_id=target_workshop_id, participant__removed_at__isnull=True
        )
    }
    return {
        a.participant_id: target[a.person_id]
        for a in Attendance.objects.filter(
            workshop_id=source_workshop_id, participant__removed_at__isnull=True
        )
        if a.person_id in target
    }


def attendance_table(series: Series) -> dict:
    """Who came to which session: the sessions in order, and per person (merged records
    left out) a mark per session."""
    entries = list(series.entries.select_related("workshop").order_by("position"))
    came: dict[int, set[int]] = {}
    for a in Attendance.objects.filter(person__series=series, participant__removed_at__isnull=True):
        came.setdefault(a.person_id, set()).add(a.workshop_id)
    rows = []
    for person in series.persons.filter(merged_into__isnull=True):
        rows.append(
            {
                "person": person,
                "marks": [e.workshop_id in came.get(person.pk, set()) for e in entries],
                "count": len(came.get(person.pk, set())),
            }
        )
    return {"sessions": [e.workshop for e in entries], "rows": rows}


def _person(series: Series, person_id: object, field: str = "person_id") -> Person:
    try:
        return series.persons.get(pk=int(person_id), merged_into__isnull=True)  # type: ignore[arg-type]
    except (Person.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This person is not in the series."), field=field) from None


def persons_merge(*, user, series_id: object, keep_id: object, merge_id: object) -> Person:
    """Merge two records of one person: the sessions of ``merge`` become ``keep``'s, and
    ``merge``'s links and devices bring them back as ``keep`` from now on."""
    series = get_series(user=user, series_id=series_id)
    with transaction.atomic():
        keep = _person(series, keep_id, "keep_id")
        merge = _person(series, merge_id, "merge_id")
        if keep.pk == merge.pk:  # one stored person, as a post-it merged into itself: 409
            raise Conflict(_("Choose two different people."), field="merge_id")
        both = set(
            Attendance.objects.filter(person=keep).values_list("workshop_id", flat=True)
        ) & set(Attendance.objects.filter(person=merge).values_list("workshop_id", flat=True))
        if both:
            title = Workshop.objects.get(pk=min(both)).title
            raise Conflict(
                _(
                    "Both took part in “%(session)s”, as two people. Remove one of them from "
                    "that session first."
                )
                % {"session": title},
                field="merge_id",
            )
        Attendance.objects.filter(person=merge).update(person=keep)
        PersonalLink.objects.filter(person=merge).update(person=keep)
        merge.merged_into = keep
        merge.save(update_fields=["merged_into"])
    return keep


def forget_devices(*, user, series_id: object, person_id: object) -> Person:
    """Every device that recognised this person stops doing so (a lost or shared phone)."""
    series = get_series(user=user, series_id=series_id)
    person = _person(series, person_id)
    person.device_epoch += 1
    person.save(update_fields=["device_epoch"])
    return person


# --- personal links ------------------------------------------------------------------------


def link_create(
    *,
    user,
    series_id: object,
    person_id: object,
    purpose: object = PersonalLink.Purpose.RETURN,
    days: object = LINK_DAYS_DEFAULT,
) -> tuple[PersonalLink, str]:
    """A new personal link and its token (shown once: only a digest is kept)."""
    series = get_series(user=user, series_id=series_id)
    person = _person(series, person_id)
    if purpose not in PersonalLink.Purpose.values:
        raise Invalid(_("Choose what the link is for."), field="purpose")
    try:
        days = int(days)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= LINK_DAYS_MAX:
        raise Invalid(
            _("A link works between 1 and %(max)d days.") % {"max": LINK_DAYS_MAX}, field="days"
        )
    nonce = secrets.token_urlsafe(18)
    link = PersonalLink.objects.create(
        person=person,
        purpose=purpose,
        nonce_digest=codes.digest("personal-link", nonce),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=user,
    )
    return link, signing.dumps([link.pk, nonce], salt=LINK_SALT, compress=False)


def link_revoke(*, user, series_id: object, link_id: object) -> PersonalLink:
    series = get_series(user=user, series_id=series_id)
    try:
        link = PersonalLink.objects.get(pk=int(link_id), person__series=series)  # type: ignore[arg-type]
    except (PersonalLink.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This link does not exist.")) from None
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def link_open(token: object) -> tuple[PersonalLink, Person]:
    """The link and the person a token from a personal link brings back; a refusal that says
    what to do when it was changed, expired or revoked."""
    unknown = NotFound(_("This link does not work. Ask the organiser for a new one."))
    if not isinstance(token, str) or len(token) > 200:
        raise unknown
    try:
        link_id, nonce = signing.loads(token, salt=LINK_SALT)
        link = PersonalLink.objects.select_related("person").get(pk=int(link_id))
    except (signing.BadSignature, ValueError, TypeError, PersonalLink.DoesNotExist):
        raise unknown from None
    if not isinstance(nonce, str) or codes.digest("personal-link", nonce) != link.nonce_digest:
        raise unknown
    if link.revoked_at is not None:
        raise NotAllowed(_("This link was withdrawn. Ask the organiser for a new one."))
    if link.expires_at <= timezone.now():
        raise NotAllowed(_("This link has expired. Ask the organiser for a new one."))
    person = resolve(link.person)
    if person is None:
        raise unknown
    PersonalLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link, person
