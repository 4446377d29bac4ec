import uuid

import pytest

from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.core.errors import Invalid, NotAllowed
from wijktafel.workshops import codes, services
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor


def test_workshop_from_template_copies_agenda(workshop):
    titles = list(workshop.agenda_items.values_list("duration_minutes", flat=True))
    assert titles == [15, 45, 45, 15, 30, 60]
    assert workshop.agenda_items.get(step=3).gap_before_minutes == 15


def test_join_code_opens_its_workshop_only(workshop, other_workshop):
    code = services.join_code(workshop)
    assert services.find_workshop_by_code(codes.display_code(code).lower()) == workshop
    assert services.find_workshop_by_code(services.join_code(other_workshop)) == other_workshop


def test_wrong_code_is_refused(workshop):
    with pytest.raises(Exception) as exc:
        services.find_workshop_by_code("ZZZZ-ZZZZ")
    assert "code" in str(exc.value).lower()


def test_postit_create_logs_one_event_and_is_idempotent(
    workshop, ans, django_capture_on_commit_callbacks
):
    actor = Actor(participant=ans.participant)
    op = uuid.uuid4()
    head = Workshop.objects.get(pk=workshop.pk).last_seq
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = wall.postit_create(
            workshop_id=workshop.pk, actor=actor, client_op_id=op, text="Zwerfvuil"
        )
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = wall.postit_create(
            workshop_id=workshop.pk, actor=actor, client_op_id=op, text="Zwerfvuil"
        )
    assert callbacks == []
    assert again.created is False and again.seq == first.seq == head + 1
    assert Postit.objects.filter(workshop=workshop).count() == 1
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == head + 1


def test_participant_cannot_write_in_other_workshop(workshop, other_workshop, ans):
    before = WorkshopEvent.objects.count()
    with pytest.raises(NotAllowed):
        wall.postit_create(
            workshop_id=other_workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=uuid.uuid4(),
            text="Inbraak",
        )
    assert Postit.objects.count() == 0
    assert WorkshopEvent.objects.count() == before


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000, "a\x00b", "\ud800"])
def test_bad_postit_text_is_refused_and_changes_nothing(workshop, ans, text):
    before = WorkshopEvent.objects.count()
    with pytest.raises(Invalid):
        wall.postit_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=uuid.uuid4(),
            text=text,
        )
    assert Postit.objects.count() == 0
    assert WorkshopEvent.objects.count() == before
