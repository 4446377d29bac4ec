import datetime as dt
import uuid

import pytest
from django.utils import timezone

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.workshops import services
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.selectors import agenda_plan
from wijktafel.workshops.services import Actor, agenda


def fresh(workshop):
    return Workshop.objects.get(pk=workshop.pk)


def test_start_runs_first_item_for_its_duration(workshop, fac_actor):
    before = timezone.now()
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    ws = fresh(workshop)
    first = ws.agenda_items.order_by("position").first()
    assert ws.current_item == first and ws.timer_state == "running" and ws.status == "live"
    remaining = (ws.item_ends_at - before).total_seconds()
    assert 15 * 60 - 1 <= remaining <= 15 * 60 + 1


def test_pause_freezes_and_resume_continues(workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="pause")
    ws = fresh(workshop)
    assert ws.timer_state == "paused" and 14 * 60_000 < ws.paused_remaining_ms <= 15 * 60_000
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="extend", minutes=2)
    assert fresh(workshop).paused_remaining_ms == ws.paused_remaining_ms + 120_000
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="resume")
    ws2 = fresh(workshop)
    assert ws2.timer_state == "running" and ws2.paused_remaining_ms is None
    left = (ws2.item_ends_at - timezone.now()).total_seconds() * 1000
    assert abs(left - (ws.paused_remaining_ms + 120_000)) < 2000


def test_next_moves_to_following_item_and_refuses_after_last(workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="next")
    items = list(fresh(workshop).agenda_items.order_by("position"))
    assert fresh(workshop).current_item == items[1]
    services.timer_control(
        workshop_id=workshop.pk, actor=fac_actor, action="goto", item_id=items[-1].pk
    )
    head = fresh(workshop).last_seq
    with pytest.raises(Conflict):
        services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="next")
    assert fresh(workshop).last_seq == head and fresh(workshop).current_item == items[-1]


def test_changing_running_items_duration_moves_the_countdown(workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    ends = fresh(workshop).item_ends_at
    item = fresh(workshop).current_item
    services.agenda_item_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        item_id=item.pk,
        fields={"duration_minutes": item.duration_minutes + 5},
    )
    assert fresh(workshop).item_ends_at - ends == dt.timedelta(minutes=5)


def test_participant_cannot_control_timer_or_agenda(workshop, ans):
    actor = Actor(participant=ans.participant)
    head = fresh(workshop).last_seq
    with pytest.raises(NotAllowed):
        services.timer_control(workshop_id=workshop.pk, actor=actor, action="start")
    with pytest.raises(NotAllowed):
        services.agenda_item_add(
            workshop_id=workshop.pk, actor=actor, fields={"title": "Extra", "duration_minutes": 5}
        )
    assert fresh(workshop).last_seq == head and fresh(workshop).timer_state == "idle"
    assert fresh(workshop).agenda_items.count() == 6


def test_other_organisations_facilitator_cannot_touch_agenda(workshop, other_facilitator):
    item = workshop.agenda_items.first()
    with pytest.raises(NotAllowed):
        services.agenda_item_remove(
            workshop_id=workshop.pk, actor=Actor(user=other_facilitator), item_id=item.pk
        )
    assert workshop.agenda_items.filter(pk=item.pk).exists()


def test_agenda_edits_are_logged_once_per_op_id(workshop, fac_actor):
    op = uuid.uuid4()
    first = services.agenda_item_add(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op,
        fields={"title": "Rondvraag", "duration_minutes": 10},
    )
    again = services.agenda_item_add(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op,
        fields={"title": "Rondvraag", "duration_minutes": 10},
    )
    assert again.created is False and again.seq == first.seq
    assert fresh(workshop).agenda_items.filter(title="Rondvraag").count() == 1
    assert first.event.kind == "agenda.changed"
    assert [i["title"] for i in first.event.payload["items"]][-1] == "Rondvraag"


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "", "duration_minutes": 5},
        {"title": "X", "duration_minutes": 0},
        {"title": "X", "duration_minutes": True},
        {"title": "X", "duration_minutes": "10"},
        {"title": "X", "duration_minutes": 5, "work_form": "dance"},
    ],
)
def test_bad_agenda_item_is_refused(workshop, fac_actor, fields):
    head = fresh(workshop).last_seq
    with pytest.raises(Invalid):
        services.agenda_item_add(workshop_id=workshop.pk, actor=fac_actor, fields=fields)
    assert fresh(workshop).last_seq == head and fresh(workshop).agenda_items.count() == 6


def test_an_agenda_holds_at_most_its_limit_of_items(workshop, fac_actor, monkeypatch):
    """The most a new order can name (the API document's maxItems of ``item_ids``)."""
    monkeypatch.setattr(agenda, "MAX_AGENDA_ITEMS", fresh(workshop).agenda_items.count())
    head = fresh(workshop).last_seq
    with pytest.raises(Conflict):
        services.agenda_item_add(
            workshop_id=workshop.pk,
            actor=fac_actor,
            fields={"title": "Nog een", "duration_minutes": 5},
        )
    assert fresh(workshop).last_seq == head


def test_reorder_must_name_every_item(workshop, fac_actor):
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
    with pytest.raises(Conflict):
        services.agenda_reorder(workshop_id=workshop.pk, actor=fac_actor, item_ids=ids[:-1])
    services.agenda_reorder(workshop_id=workshop.pk, actor=fac_actor, item_ids=list(reversed(ids)))
    assert (
        list(fresh(workshop).agenda_items.order_by("position").values_list("pk", flat=True))
        == ids[::-1]
    )


def test_plan_shows_end_time_gap_and_break(workshop, fac_actor):
    plan = agenda_plan(fresh(workshop))
    assert timezone.localtime(plan.ends_at).strftime("%H:%M") == "12:45"
    assert [timezone.localtime(g.starts_at).strftime("%H:%M") for g in plan.gaps] == ["11:00"]
    assert plan.missing_break_at is None
    pause = workshop.agenda_items.get(work_form="break")
    services.agenda_item_remove(workshop_id=workshop.pk, actor=fac_actor, item_id=pause.pk)
    plan = agenda_plan(fresh(workshop))
    assert timezone.localtime(plan.missing_break_at).strftime("%H:%M") == "11:30"
    assert timezone.localtime(plan.ends_at).strftime("%H:%M") == "12:15"


def test_samenwerken_template_is_120_minutes(facilitator):
    from tests.support.factories import make_workshop

    ws = make_workshop(facilitator, template_key="samenwerken")
    assert sum(ws.agenda_items.values_list("duration_minutes", flat=True)) == 120
    assert agenda_plan(ws).missing_break_at is None


def test_removed_participant_cannot_write_and_token_stops_working(workshop, ans, fac_actor):
    from wijktafel.activities import services as wall

    services.participant_remove(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=ans.participant.pk
    )
    assert services.participant_from_token(workshop_id=workshop.pk, token=ans.token) is None
    head = fresh(workshop).last_seq
    ans.participant.refresh_from_db()
    with pytest.raises(NotAllowed):
        wall.postit_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=uuid.uuid4(),
            text="Nog eentje",
        )
    assert fresh(workshop).last_seq == head


def test_ended_workshop_refuses_joins_and_writes(workshop, ans, fac_actor):
    from wijktafel.activities import services as wall

    services.workshop_end(workshop_id=workshop.pk, actor=fac_actor)
    with pytest.raises(NotAllowed):
        services.find_workshop_by_code(services.join_code(workshop))
    with pytest.raises(NotAllowed):
        wall.postit_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=uuid.uuid4(),
            text="Te laat",
        )
    assert WorkshopEvent.objects.filter(workshop=workshop, kind="postit.created").count() == 0


def test_closed_joining_refuses_code_and_rotation_invalidates_old_code(workshop, fac_actor):
    old = services.join_code(workshop)
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=False)
    with pytest.raises(NotAllowed):
        services.find_workshop_by_code(old)
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=True)
    rotated = services.workshop_rotate_code(workshop_id=workshop.pk, actor=fac_actor)
    assert services.join_code(rotated) != old
    with pytest.raises(NotFound):
        services.find_workshop_by_code(old)
    assert services.find_workshop_by_code(services.join_code(rotated)) == rotated


def test_rotating_the_code_is_logged_so_every_screen_shows_the_new_code(workshop, fac_actor, ans):
    from wijktafel.workshops import codes

    head = fresh(workshop).last_seq
    rotated = services.workshop_rotate_code(workshop_id=workshop.pk, actor=fac_actor)
    event = WorkshopEvent.objects.get(workshop=workshop, seq=head + 1)
    assert event.kind == "workshop.changed"
    assert event.payload["join_code"] == codes.display_code(services.join_code(rotated))
    with pytest.raises(NotAllowed):
        services.workshop_rotate_code(
            workshop_id=workshop.pk, actor=Actor(participant=ans.participant)
        )
    assert fresh(workshop).join_nonce == rotated.join_nonce and fresh(workshop).last_seq == head + 1


def test_countdown_runs_a_short_round_on_the_current_item(workshop, fac_actor):
    """A two-minute pitch: the item stays, its end is two minutes from now on every screen."""
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    item = fresh(workshop).current_item
    before = timezone.now()
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="countdown", minutes=2)
    ws = fresh(workshop)
    assert ws.current_item == item and ws.timer_state == "running"
    assert 119 <= (ws.item_ends_at - before).total_seconds() <= 121
    event = WorkshopEvent.objects.filter(workshop=workshop).order_by("-seq").first()
    assert event.kind == "timer.changed"


@pytest.mark.parametrize("minutes", [None, 0, 61, -2, True, "2"])
def test_countdown_refuses_a_bad_length_and_changes_nothing(workshop, fac_actor, minutes):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    ws = fresh(workshop)
    with pytest.raises(Invalid):
        services.timer_control(
            workshop_id=workshop.pk, actor=fac_actor, action="countdown", minutes=minutes
        )
    after = fresh(workshop)
    assert (after.item_ends_at, after.last_seq) == (ws.item_ends_at, ws.last_seq)
