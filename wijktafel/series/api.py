"""API of series: the facilitator's overview of sessions and people, personal links, merging.
For accounts of the series' organisation only; for anyone else a series does not exist."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Router, Schema, Status

from wijktafel.workshops.api import ERRORS
from wijktafel.workshops.api_auth import ACCOUNT_AUTH, account
from wijktafel.workshops.ops import Chars, Id, IntRange, OneOf

from . import selectors, services
from .models import PersonalLink, Series

router = Router(tags=["series"])


class SeriesSessionOut(Schema):
    position: int
    workshop_id: int
    title: str
    status: str


class PersonOut(Schema):
    id: int
    display_name: str
    organisation_name: str
    kind: str
    sessions: list[int] = Field(description="Ids of the sessions this person came to")


class SeriesOut(Schema):
    id: int
    title: str
    method: str
    sessions: list[SeriesSessionOut]
    people: list[PersonOut]


class SeriesBriefOut(Schema):
    id: int
    title: str
    method: str


class SeriesIn(Schema):
    title: Chars(services.TITLE_MAX)


class SessionIn(Schema):
    workshop_id: Id


class LinkIn(Schema):
    person_id: Id
    purpose: OneOf(PersonalLink.Purpose.values) = Field(
        "return", description="return, answers or update"
    )
    days: IntRange(1, services.LINK_DAYS_MAX) = Field(
        services.LINK_DAYS_DEFAULT, description="How long the link works (1-180)"
    )


class LinkOut(Schema):
    id: int
    person_id: int
    purpose: str
    expires_at: str
    revoked: bool
    url: str | None = Field(None, description="Only in the answer that made the link")


class MergeIn(Schema):
    keep_id: Id
    merge_id: Id = Field(description="Another person than keep_id.")


def _link_out(link, url=None) -> dict:
    return {
        "id": link.pk,
        "person_id": link.person_id,
        "purpose": link.purpose,
        "expires_at": link.expires_at.isoformat(),
        "revoked": link.revoked_at is not None,
        "url": url,
    }


@router.get(
    "/series",
    response={200: list[SeriesBriefOut], **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="The series of one's organisation",
)
def list_series(request):
    user = account(request)
    rows = Series.objects.filter(organisation_id=user.organisation_id)
    return [{"id": s.pk, "title": s.title, "method": s.method} for s in rows[:500]]


@router.post(
    "/series",
    response={201: SeriesOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Start a series in one's organisation",
)
def create_series(request, payload: SeriesIn):
    series = services.series_create(user=account(request), title=payload.title)
    return Status(201, selectors.series_out(series))


@router.get(
    "/series/{int:series_id}",
    response={200: SeriesOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="A series: its sessions in order and who came to which",
)
def get_series(request, series_id: int):
    return selectors.series_out(services.get_series(user=account(request), series_id=series_id))


@router.post(
    "/series/{int:series_id}/sessions",
    response={200: SeriesOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Add a session of one's organisation at the end of the series",
)
def add_session(request, series_id: int, payload: SessionIn):
    user = account(request)
    services.series_add_session(user=user, series_id=series_id, workshop_id=payload.workshop_id)
    return selectors.series_out(services.get_series(user=user, series_id=series_id))


@router.post(
    "/series/{int:series_id}/links",
    response={201: LinkOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="A personal link for a person of the series (its URL is given only here)",
)
def create_link(request, series_id: int, payload: LinkIn):
    link, token = services.link_create(
        user=account(request),
        series_id=series_id,
        person_id=payload.person_id,
        purpose=payload.purpose,
        days=payload.days,
    )
    url = request.build_absolute_uri(reverse("series:link", args=[token]))
    return Status(201, _link_out(link, url))


@router.post(
    "/series/{int:series_id}/links/{int:link_id}/revoke",
    response={200: LinkOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Withdraw a personal link: it stops working at once",
)
def revoke_link(request, series_id: int, link_id: int):
    link = services.link_revoke(user=account(request), series_id=series_id, link_id=link_id)
    return _link_out(link)


@router.post(
    "/series/{int:series_id}/merge",
    response={200: SeriesOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Merge two records of one person (the sessions of merge_id become keep_id's)",
)
def merge_people(request, series_id: int, payload: MergeIn):
    user = account(request)
    services.persons_merge(
        user=user, series_id=series_id, keep_id=payload.keep_id, merge_id=payload.merge_id
    )
    return selectors.series_out(services.get_series(user=user, series_id=series_id))


@router.post(
    "/series/{int:series_id}/people/{int:person_id}/forget-devices",
    response={200: PersonOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Every device that recognised this person stops doing so",
)
def forget_devices(request, series_id: int, person_id: int):
    person = services.forget_devices(
        user=account(request), series_id=series_id, person_id=person_id
    )
    out = selectors.person_out(person)
    return {**out, "sessions": list(person.attendances.values_list("workshop_id", flat=True))}
