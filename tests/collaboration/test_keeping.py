"""What the meeting is built on stays while the session lives: its vote and the cards that were
written on; deleting the session takes everything along."""

from __future__ import annotations

import pytest

from tests.support.factories import join, make_workshop
from wijktafel.collaboration import agenda, services
from wijktafel.collaboration.models import Meeting, Note
from wijktafel.core.errors import Conflict
from wijktafel.stickers import services as stickers
from wijktafel.stickers.models import Ballot, Target
from wijktafel.workshops import services as engine
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator):
    workshop = make_workshop(facilitator, template_key="samenwerken")
    ans = join(workshop, "Ans")
    item = workshop.agenda_items.get(step=agenda.DUOS)
    engine.timer_control(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), action="goto", item_id=item.pk
    )
    card = workshop.meeting.questions[0]["target_id"]
    services.flap_note_add(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        card_id=card,
        text="Samen lunchen",
        origin="practice",
    )
    return workshop, card


def test_a_card_with_notes_cannot_be_removed_and_one_without_can(facilitator, meeting):
    workshop, card = meeting
    fac = Actor(user=facilitator)
    ballot = workshop.meeting.ballot_id
    with pytest.raises(Conflict) as refused:
        stickers.target_remove(workshop_id=workshop.pk, actor=fac, ballot_id=ballot, target_id=card)
    assert refused.value.field == "target_id"
    assert Target.objects.filter(pk=card).exists() and Note.objects.count() == 1

    empty = workshop.meeting.questions[1]["target_id"]
    stickers.target_remove(workshop_id=workshop.pk, actor=fac, ballot_id=ballot, target_id=empty)
    assert not Target.objects.filter(pk=empty).exists()


def test_deleting_the_session_takes_the_meeting_its_vote_and_notes_along(meeting):
    workshop, _card = meeting
    workshop.delete()
    assert not Meeting.objects.exists()
    assert not Ballot.objects.exists()
    assert not Note.objects.exists()
