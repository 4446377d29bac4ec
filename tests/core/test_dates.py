"""Dates people give are taken only from 2000 to 2099, on every path (issue 12): a session's
start (service, API, form), an action's due date, an appraisal's research due date and
decision date. Each refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.api import call
from wijktafel.core.dates import parse_date
from wijktafel.core.errors import Invalid
from wijktafel.workshops import services
from wijktafel.workshops.models import Workshop

pytestmark = pytest.mark.django_db

OUT = ["1999-12-31", "2100-01-01", "9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("text", OUT)
def test_a_date_out_of_range_is_refused(text):
    with pytest.raises(Invalid) as refused:
        parse_date(text, "due_date")
    assert refused.value.field == "due_date" and "2000" in str(refused.value.message)


def test_dates_in_range_and_no_date_are_taken():
    assert parse_date("2000-01-01", "d") == dt.date(2000, 1, 1)
    assert parse_date("2099-12-31", "d") == dt.date(2099, 12, 31)
    assert parse_date(dt.datetime(2030, 5, 1, 9), "d") == dt.date(2030, 5, 1)
    assert parse_date("", "d") is None and parse_date(None, "d") is None


@pytest.mark.parametrize("year", [1, 1999, 2100, 9999])
def test_a_session_starting_out_of_range_is_refused_on_every_path(facilitator, client, year):
    before = Workshop.objects.count()
    start = dt.datetime(year, 1, 1, 12, tzinfo=dt.UTC)
    with pytest.raises(Invalid) as refused:
        services.workshop_create(
            user=facilitator, title="Ver weg", template_key="samenwerken", planned_start=start
        )
    assert refused.value.field == "planned_start"
    client.force_login(facilitator)
    answer = call(
        client,
        "POST",
        "/workshops",
        {
            "title": "Ver weg",
            "template_key": "samenwerken",
            "planned_start": f"{year:04d}-01-01T12:00",
        },
    )
    assert answer.status_code == 400, answer.content
    page = client.post(
        "/sessies/nieuw/",
        {
            "title": "Ver weg",
            "template_key": "samenwerken",
            "date": f"{year:04d}-01-01",
            "start_time": "12:00",
        },
    )
    assert page.status_code == 400 and "2000" in page.content.decode()
    assert Workshop.objects.count() == before


def test_a_session_in_range_is_made(facilitator):
    start = timezone.make_aware(dt.datetime(2099, 12, 31, 12))
    workshop = services.workshop_create(
        user=facilitator, title="Net op tijd", template_key="samenwerken", planned_start=start
    )
    assert workshop.planned_start == start
