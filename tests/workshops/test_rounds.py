"""Timed rounds beside the agenda timer: a preset or own minutes, one at a time, the agenda
timer untouched; what a session offers depends on its method; refusals change nothing. And the
spotlight of the big screen, which the facilitator sets beside them."""

from __future__ import annotations

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.support import api
from tests.support.factories import make_workshop
from wijktafel.core.errors import Conflict, Invalid, NotAllowed
from wijktafel.workshops import selectors, services
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor


def _state(workshop) -> tuple:
    workshop = Workshop.objects.get(pk=workshop.pk)
    return (
        selectors.round_payload(workshop),
        selectors.timer_payload(workshop),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def _ends_in(workshop) -> dt.timedelta:
    ends_at = Workshop.objects.get(pk=workshop.pk).round_ends_at
    return ends_at - timezone.now()


def test_a_preset_round_counts_down_beside_the_running_agenda_timer(workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    timer_before = selectors.timer_payload(Workshop.objects.get(pk=workshop.pk))

    result = services.round_start(workshop_id=workshop.pk, actor=fac_actor, preset="pitch")

    assert result.event.kind == "round.changed"
    assert (result.event.payload["title"], result.event.payload["minutes"]) == ("Pitch", 2)
    assert dt.timedelta(seconds=110) < _ends_in(workshop) <= dt.timedelta(minutes=2)
    assert selectors.timer_payload(Workshop.objects.get(pk=workshop.pk)) == timer_before


def test_own_minutes_and_name_and_a_new_round_replaces_the_running_one(workshop, fac_actor):
    services.round_start(workshop_id=workshop.pk, actor=fac_actor, preset="silent")
    result = services.round_start(
        workshop_id=workshop.pk, actor=fac_actor, preset="silent", minutes=3, title="Stil lezen"
    )
    assert (result.event.payload["title"], result.event.payload["minutes"]) == ("Stil lezen", 3)
    custom = services.round_start(workshop_id=workshop.pk, actor=fac_actor, minutes=1)
    assert custom.event.payload["minutes"] == 1 and custom.event.payload["title"]


def test_done_stops_the_round_and_leaves_the_timer(workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    services.round_start(workshop_id=workshop.pk, actor=fac_actor, preset="duos")
    timer_before = selectors.timer_payload(Workshop.objects.get(pk=workshop.pk))

    result = services.round_stop(workshop_id=workshop.pk, actor=fac_actor)

    assert result.event.payload == {"title": "", "minutes": None, "ends_at": None}
    assert selectors.timer_payload(Workshop.objects.get(pk=workshop.pk)) == timer_before


def test_the_presets_are_the_engines_and_the_sessions_methods(facilitator):
    appraisal_session = make_workshop(facilitator, template_key="afwegen-1")
    plain = make_workshop(facilitator, template_key="samenwerken")
    keys = [p["key"] for p in selectors.round_presets_payload(appraisal_session)]
    assert keys == ["silent", "duos", "opening", "writing", "pitch"]
    assert [p["key"] for p in selectors.round_presets_payload(plain)] == ["silent", "duos"]
    before = _state(plain)
    with pytest.raises(Conflict) as refused:  # the appraisal's pitch is not a preset here
        services.round_start(workshop_id=plain.pk, actor=Actor(user=facilitator), preset="pitch")
    assert refused.value.field == "preset" and _state(plain) == before


def test_another_methods_preset_is_a_conflict_over_the_api(client, facilitator):
    """The document offers the presets of every method; a plain session has only the engine's."""
    plain = make_workshop(facilitator, template_key="samenwerken")
    client.force_login(facilitator)
    before = _state(plain)

    response = api.call(client, "POST", f"/workshops/{plain.pk}/round", {"preset": "pitch"})

    assert response.status_code == 409, response.content
    assert response.json() == {
        "code": "conflict",
        "message": "Deze ronde hoort niet bij deze sessie. Kies een ronde uit de lijst.",
        "field": "preset",
    }
    assert _state(plain) == before
    unknown = api.call(client, "POST", f"/workshops/{plain.pk}/round", {"preset": "koffie"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "preset"
    assert _state(plain) == before


@pytest.mark.django_db(transaction=True)
async def test_another_methods_preset_is_rejected_as_a_conflict_over_the_socket(
    sockets, facilitator
):
    plain = await database_sync_to_async(make_workshop)(facilitator, template_key="samenwerken")
    console = await sockets(plain, user=facilitator)
    before = await database_sync_to_async(_state)(plain)

    reply = await console.op("round.start", {"preset": "opening"})

    assert reply["type"] == "rejected" and reply["code"] == "conflict", reply
    assert reply["field"] == "preset"
    assert reply["message"] == "Deze ronde hoort niet bij deze sessie. Kies een ronde uit de lijst."
    assert await database_sync_to_async(_state)(plain) == before
    assert await console.nothing()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 61}, "minutes"),
        ({"minutes": True}, "minutes"),
        ({}, "minutes"),
        ({"preset": "koffie"}, "preset"),
        ({"minutes": 2, "title": "   "}, None),  # an empty name takes the default: accepted
        ({"minutes": 2, "title": "\u3164\u200b"}, None),  # as does one that shows nothing
    ],
)
def test_a_bad_round_is_refused_and_changes_nothing(workshop, fac_actor, kwargs, field):
    before = _state(workshop)
    if field is None:
        services.round_start(workshop_id=workshop.pk, actor=fac_actor, **kwargs)
        assert _state(workshop) != before
        return
    with pytest.raises(Invalid) as refused:
        services.round_start(workshop_id=workshop.pk, actor=fac_actor, **kwargs)
    assert refused.value.field == field and refused.value.message
    assert _state(workshop) == before


def test_stopping_when_no_round_runs_is_a_conflict_and_changes_nothing(workshop, fac_actor):
    before = _state(workshop)
    with pytest.raises(Conflict):
        services.round_stop(workshop_id=workshop.pk, actor=fac_actor)
    assert _state(workshop) == before


def test_a_participant_cannot_start_or_stop_a_round(workshop, fac_actor, ans):
    services.round_start(workshop_id=workshop.pk, actor=fac_actor, preset="silent")
    before = _state(workshop)
    phone = Actor(participant=ans.participant)
    for call in (
        lambda: services.round_start(workshop_id=workshop.pk, actor=phone, preset="duos"),
        lambda: services.round_stop(workshop_id=workshop.pk, actor=phone),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert _state(workshop) == before


# --- The spotlight of the big screen ---------------------------------------------------------------


def _spotlight(workshop) -> tuple:
    workshop = Workshop.objects.get(pk=workshop.pk)
    return (
        selectors.spotlight_payload(workshop),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def test_the_spotlight_shows_one_thing_and_is_turned_off_again(workshop, fac_actor):
    assert selectors.workshop_snapshot(workshop)["spotlight"] == {"target": None}
    for target in ("postit:12", "group:3", "part:ranking-4"):
        result = services.spotlight_set(workshop_id=workshop.pk, actor=fac_actor, target=target)
        assert result.event.kind == "spotlight.changed"
        assert result.event.payload == {"target": target}
        snapshot = selectors.workshop_snapshot(Workshop.objects.get(pk=workshop.pk))
        assert snapshot["spotlight"] == {"target": target}
    for off in (None, ""):
        services.spotlight_set(workshop_id=workshop.pk, actor=fac_actor, target="part:tally")
        result = services.spotlight_set(workshop_id=workshop.pk, actor=fac_actor, target=off)
        assert result.event.payload == {"target": None}


@pytest.mark.parametrize(
    "target",
    [
        "wall",
        "postit:",
        "postit:0",
        "postit:-1",
        "postit:1x",
        "part:",
        "part:Tally",
        "part:a b",
        "group:3;drop",
        "part:" + "x" * 41,
        12,
        True,
        ["part:tally"],
        "<script>",
    ],
)
def test_a_bad_spotlight_target_is_refused_and_changes_nothing(workshop, fac_actor, target):
    services.spotlight_set(workshop_id=workshop.pk, actor=fac_actor, target="part:tally")
    before = _spotlight(workshop)
    with pytest.raises(Invalid) as refused:
        services.spotlight_set(workshop_id=workshop.pk, actor=fac_actor, target=target)
    assert refused.value.field == "target" and refused.value.message
    assert _spotlight(workshop) == before


def test_only_the_facilitator_sets_the_spotlight(workshop, fac_actor, ans):
    before = _spotlight(workshop)
    with pytest.raises(NotAllowed):
        services.spotlight_set(
            workshop_id=workshop.pk, actor=Actor(participant=ans.participant), target="part:tally"
        )
    assert _spotlight(workshop) == before
