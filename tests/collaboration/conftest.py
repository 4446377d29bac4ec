"""A Samenwerken in de wijk meeting to test on, and what a refused write must leave alone."""

from __future__ import annotations

import pytest

from tests.support.factories import join, make_workshop
from wijktafel.collaboration.models import Contact, Meeting, Note, ReflectionAnswer
from wijktafel.groups.models import Group, Membership
from wijktafel.stickers.models import Ballot, Sticker, Target
from wijktafel.workshops.models import AgendaItem, Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor, timer_control


@pytest.fixture
def session(facilitator):
    """A workshop made from the template ``samenwerken`` (3 December 2026, 09:00)."""
    return make_workshop(facilitator, template_key="samenwerken", title="Samenwerken in Noord")


@pytest.fixture
def meeting(session):
    return Meeting.objects.get(workshop=session)


@pytest.fixture
def cards(meeting):
    """The ten question cards' target ids, in the questions' order."""
    return [q["target_id"] for q in meeting.questions]


@pytest.fixture
def people(session):
    """Six participants, as the rehearsal has them: Ans, Bram, Chantal, Dirk, Esra, Femke."""
    return [join(session, name) for name in ("Ans", "Bram", "Chantal", "Dirk", "Esra", "Femke")]


def as_(joined) -> Actor:
    return Actor(participant=joined.participant)


def goto(workshop: Workshop, facilitator, step: int) -> None:
    """Move the meeting to its part ``step`` (the agenda item with that step)."""
    item = AgendaItem.objects.get(workshop=workshop, step=step)
    timer_control(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), action="goto", item_id=item.pk
    )


def rows(workshop: Workshop) -> dict:
    """Every row the meeting's writes touch, and the event log's length: a refusal leaves all of
    it as it was."""
    meeting = Meeting.objects.get(workshop=workshop)
    return {
        "meeting": list(Meeting.objects.filter(pk=meeting.pk).values()),
        "ballots": list(Ballot.objects.filter(workshop=workshop).order_by("pk").values()),
        "targets": list(Target.objects.filter(ballot__workshop=workshop).order_by("pk").values()),
        "stickers": list(Sticker.objects.filter(ballot__workshop=workshop).order_by("pk").values()),
        "notes": list(Note.objects.filter(meeting=meeting).order_by("pk").values()),
        "contacts": list(Contact.objects.filter(meeting=meeting).order_by("pk").values()),
        "reflections": list(
            ReflectionAnswer.objects.filter(meeting=meeting).order_by("pk").values()
        ),
        "groups": list(Group.objects.filter(workshop=workshop).order_by("pk").values()),
        "memberships": list(
            Membership.objects.filter(group__workshop=workshop).order_by("pk").values()
        ),
        "events": WorkshopEvent.objects.filter(workshop=workshop).count(),
        "head": Workshop.objects.get(pk=workshop.pk).last_seq,
    }


def refused(workshop: Workshop, error, call):
    """``call`` raises ``error`` and changes nothing; the error, for its message and field."""
    before = rows(workshop)
    with pytest.raises(error) as caught:
        call()
    assert rows(workshop) == before
    return caught.value


@pytest.fixture
def ans(session):
    """Ans and Bram join the meeting here (the suite's own join the plain workshop)."""
    return join(session, "Ans")


@pytest.fixture
def bram(session):
    return join(session, "Bram")
