"""The demo that `make run` loads: idempotent, and it prints a working login and join link."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wijktafel.accounts.models import Organisation, User
from wijktafel.activities.models import Column
from wijktafel.collaboration.rehearsal import DEMO_TITLE as MEETING_TITLE
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops import codes, seam, services
from wijktafel.workshops.management.commands.load_demo import WORKSHOP_TITLE
from wijktafel.workshops.models import Workshop, WorkshopEvent


def run_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_output(db):
    return run_demo()


def test_demo_creates_organisation_facilitator_areas_and_one_session(demo_output):
    organisation = Organisation.objects.get()
    assert (organisation.slug, organisation.name) == (
        "demo-den-helder",
        "Gemeente Den Helder (demo)",
    )
    user = User.objects.get()
    assert user.email == "demo@wijktafel.example"
    assert user.organisation_id == organisation.pk
    assert user.role == User.Role.FACILITATOR
    assert user.check_password("wijktafel-demo")
    assert Area.objects.filter(organisation=organisation).count() == 74
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    assert workshop.organisation_id == organisation.pk
    assert workshop.title == "Wijksessie Nieuw Den Helder"
    assert workshop.template_key == "afwegen-1"
    assert workshop.status == Workshop.Status.PREPARING
    assert workshop.joining_open is True
    assert workshop.created_by_id == user.pk
    assert workshop.area.name == "Wijk 03 Nieuw Den Helder-West"


def test_demo_session_has_the_template_agenda_and_three_problem_owner_columns(demo_output):
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    template = seam.template("afwegen-1")
    items = list(workshop.agenda_items.order_by("position"))
    assert [i.title for i in items] == [str(t.title) for t in template.items]
    assert [i.duration_minutes for i in items] == [t.minutes for t in template.items]
    assert list(
        Column.objects.filter(workshop=workshop)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Bewoners", "Woningcorporatie", "Gemeente"]
    assert list(WorkshopEvent.objects.filter(workshop=workshop).values_list("seq", "kind")) == [
        (1, "column.created"),
        (2, "column.created"),
        (3, "column.created"),
        (4, "appraisal.linked"),
    ]


def test_demo_has_an_appraisal_with_the_session_as_work_session_one(db):
    from wijktafel.appraisals.models import Appraisal

    out = run_demo()
    appraisal = Appraisal.objects.get()
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    assert (appraisal.session_one_id, appraisal.session_two_id) == (workshop.pk, None)
    assert appraisal.organisation_id == workshop.organisation_id and appraisal.area == workshop.area
    assert appraisal.trigger and appraisal.status == Appraisal.Status.OPEN
    assert f"/afwegingen/{appraisal.pk}/" in out
    again = run_demo()
    assert Appraisal.objects.count() == 1 and f"/afwegingen/{appraisal.pk}/" in again
    assert WorkshopEvent.objects.filter(workshop=workshop, kind="appraisal.linked").count() == 1


def test_demo_session_starts_tomorrow_at_nine_in_amsterdam(demo_output):
    amsterdam = ZoneInfo("Europe/Amsterdam")
    start = Workshop.objects.get(title=WORKSHOP_TITLE).planned_start.astimezone(amsterdam)
    assert start.time() == dt.time(9, 0)
    assert start.date() == timezone.now().astimezone(amsterdam).date() + dt.timedelta(days=1)


def test_demo_prints_login_console_join_code_and_qr_link(demo_output):
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    site = settings.SITE_URL
    code = codes.display_code(services.join_code(workshop))
    assert f"{site}/\n" in demo_output
    assert "demo@wijktafel.example" in demo_output
    assert "wijktafel-demo" in demo_output
    assert f"{site}/sessies/{workshop.pk}/\n" in demo_output
    assert f"{site}/sessies/{workshop.pk}/scherm/" in demo_output
    assert f"{site}/meedoen/ and type the code {code}" in demo_output
    assert f"{site}/m/{services.join_token(workshop)}/" in demo_output
    assert "This demo is for local use only" in demo_output


def test_printed_join_code_and_qr_token_open_the_demo_session(demo_output):
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    code = codes.display_code(services.join_code(workshop))
    assert services.find_workshop_by_code(code) == workshop
    assert services.find_workshop_by_token(services.join_token(workshop)) == workshop


def test_running_the_demo_twice_keeps_one_of_everything(demo_output):
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    second_output = run_demo()
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1
    assert Workshop.objects.get(title=WORKSHOP_TITLE).pk == workshop.pk
    # Samenwerken in de wijk's demo meeting, made once too.
    assert Workshop.objects.filter(title=MEETING_TITLE, method="samenwerken").count() == 1
    assert Area.objects.count() == 74
    assert Column.objects.count() == 3
    assert WorkshopEvent.objects.count() == 4  # three columns and the appraisal link
    assert workshop.agenda_items.count() == len(seam.template("afwegen-1").items)
    code = codes.display_code(services.join_code(workshop))
    assert code in second_output
    assert "already exists" in second_output


def test_running_the_demo_again_keeps_a_session_in_use(demo_output):
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    joined = services.participant_join(workshop=workshop, display_name="Ans")
    run_demo()
    assert Workshop.objects.get(title=WORKSHOP_TITLE).pk == workshop.pk
    # Samenwerken in de wijk's demo meeting, made once too.
    assert Workshop.objects.filter(title=MEETING_TITLE, method="samenwerken").count() == 1
    assert (
        services.participant_from_token(workshop_id=workshop.pk, token=joined.token)
        == joined.participant
    )


def test_running_the_demo_again_restores_the_printed_password(demo_output):
    user = User.objects.get()
    user.set_password("iets-anders-123")
    user.save()
    run_demo()
    user.refresh_from_db()
    assert user.check_password("wijktafel-demo")
