"""The meeting's own writes (METHODS.md §4.4–4.7) in the service layer: the notes on the cards per
round, the follow-up, the closing, the round of actions and the contact form. Every refusal
changes nothing (``refused`` compares the rows and the log before and after); messages are the
Dutch ones a participant sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.collaboration.conftest import refused
from wijktafel.collaboration import services
from wijktafel.collaboration.models import Meeting
from wijktafel.core.errors import Invalid
from wijktafel.workshops import services as engine
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db

AFTER = "De volgende bijeenkomst moet na deze komen (%s)."


# --- Follow-up (part 10) ---------------------------------------------------------------------


@pytest.mark.parametrize("hour", [0, 1, 9, 23])
def test_the_next_meeting_comes_after_the_day_of_this_one_in_dutch_time(facilitator, hour):
    """A meeting at half past midnight on 3 December is on 2 December in UTC, as it is stored: the
    next one may not be on the 3rd, and the message names the 3rd."""
    workshop = engine.workshop_create(
        user=facilitator,
        title="Samenwerken",
        template_key="samenwerken",
        planned_start=timezone.make_aware(dt.datetime(2026, 12, 3, hour, 30)),
    )
    fac = Actor(user=facilitator)

    for day in ("2026-12-03", "2026-12-02"):
        error = refused(
            workshop,
            Invalid,
            lambda day=day: services.follow_up_set(
                workshop_id=workshop.pk, actor=fac, next_meeting_date=day
            ),
        )
        assert (error.message, error.field) == (AFTER % "2026-12-03", "next_meeting_date")

    done = services.follow_up_set(
        workshop_id=workshop.pk, actor=fac, next_meeting_date="2026-12-04"
    )
    assert done.event.payload["follow_up"]["next_meeting_date"] == "2026-12-04"
    assert Meeting.objects.get(workshop=workshop).next_meeting_date == dt.date(2026, 12, 4)
