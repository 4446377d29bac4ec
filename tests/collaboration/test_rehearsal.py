"""Every part of the meeting can be played to through the services (the rehearsal the screen
tests stand on), and what it made is what the parts before it make."""

from __future__ import annotations

import pytest

from wijktafel.collaboration import agenda
from wijktafel.collaboration.models import Meeting, Note
from wijktafel.collaboration.rehearsal import rehearse
from wijktafel.stickers.models import Sticker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", list(agenda.STEPS))
def test_every_part_can_be_rehearsed(facilitator, step):
    rehearsal = rehearse(facilitator, step)
    workshop = rehearsal.workshop
    assert workshop.current_item.step == step
    meeting = Meeting.objects.get(workshop=workshop)
    assert len(meeting.questions) == 10
    stickers = Sticker.objects.filter(ballot=meeting.ballot).count()
    assert stickers == (18 if step > agenda.VOTE else 0)
    assert Note.objects.filter(meeting=meeting).count() == (3 if step > agenda.DUOS else 0)
