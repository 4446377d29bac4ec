"""Series (METHODS.md §2.4) and personal links: a person who joined a session of a series is
recognised on the same device and through a personal link in the next session, without joining
as someone new; links expire, can be withdrawn and show nothing of anyone else; the facilitator
sees who came to which session and merges two records of one person. Every refusal changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import make_workshop
from wijktafel.agreements import services as register
from wijktafel.agreements.models import Agreement
from wijktafel.core.errors import Conflict, NotFound
from wijktafel.series import services
from wijktafel.series.device import COOKIE
from wijktafel.series.models import Attendance, Person, PersonalLink, Series, SeriesSession
from wijktafel.workshops import codes
from wijktafel.workshops import services as workshop_services
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(facilitator):
    made = services.series_create(user=facilitator, title="Wijkteam Zuid, drie avonden")
    for title in ("Avond 1", "Avond 2"):
        workshop = make_workshop(facilitator, template_key="wijksessie", title=title)
        services.series_add_session(user=facilitator, series_id=made.pk, workshop_id=workshop.pk)
    return made


def sessions(series) -> list[Workshop]:
    return [entry.workshop for entry in series.entries.order_by("position")]


def state(series) -> tuple:
    return (
        list(Person.objects.filter(series=series).order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
        list(PersonalLink.objects.order_by("pk").values()),
        list(Participant.objects.order_by("pk").values("pk", "workshop_id", "removed_at")),
    )


def join_by_code(client: Client, workshop: Workshop, name: str, organisation: str = "") -> None:
    code = codes.display_code(workshop_services.join_code(workshop))
    response = client.post(reverse("workshops:join"), {"code": code})
    assert response.status_code == 302
    response = client.post(
        reverse("workshops:join_name"),
        {"display_name": name, "organisation_name": organisation},
    )
    assert response.status_code == 302, response.content


def test_a_person_is_recognised_on_their_device_in_the_next_session(series):
    one, two = sessions(series)
    phone = Client()
    join_by_code(phone, one, "Anna de Vries", "Woonstichting")
    anna = Person.objects.get(series=series)

    # Session II: the code page offers to join as Anna with one tap; the name form says welcome.
    page = phone.get(reverse("workshops:join")).content.decode()
    assert "Doe mee als Anna de Vries" in page
    code = codes.display_code(workshop_services.join_code(two))
    phone.post(reverse("workshops:join"), {"code": code})
    form = phone.get(reverse("workshops:join_name")).content.decode()
    assert "Welkom terug, Anna de Vries" in form
    assert 'value="Anna de Vries"' in form and 'value="Woonstichting"' in form

    phone.post(reverse("workshops:join_name"), {"display_name": "Anna de Vries"})

    assert Person.objects.filter(series=series).count() == 1
    assert set(Attendance.objects.filter(person=anna).values_list("workshop_id", flat=True)) == {
        one.pk,
        two.pk,
    }
    table = services.attendance_table(series)
    assert [(r["person"].pk, r["marks"]) for r in table["rows"]] == [(anna.pk, [True, True])]


def test_someone_else_on_a_recognised_device_becomes_a_new_person(series):
    one, two = sessions(series)
    phone = Client()
    join_by_code(phone, one, "Anna")
    join_by_code(phone, two, "Bram")  # Anna's tablet, handed to Bram

    names = sorted(Person.objects.filter(series=series).values_list("display_name", flat=True))
    assert names == ["Anna", "Bram"]
    table = services.attendance_table(series)
    assert {r["person"].display_name: r["marks"] for r in table["rows"]} == {
        "Anna": [True, False],
        "Bram": [False, True],
    }


def test_one_tap_join_back_and_no_second_participant(series):
    one, two = sessions(series)
    phone = Client()
    join_by_code(phone, one, "Anna")
    response = phone.post(reverse("series:join_back", args=[two.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:participate", args=[two.pk])
    assert phone.get(response["Location"]).status_code == 200

    again = phone.post(reverse("series:join_back", args=[two.pk]))  # a second tap
    assert again["Location"] == reverse("workshops:participate", args=[two.pk])
    assert Participant.objects.filter(workshop=two).count() == 1


def test_a_device_that_is_not_recognised_cannot_join_back(series):
    one, two = sessions(series)
    join_by_code(Client(), one, "Anna")
    before = state(series)

    stranger = Client()
    response = stranger.post(reverse("series:join_back", args=[two.pk]))
    assert response["Location"] == reverse("workshops:join")
    forged = Client()
    forged.cookies[COOKIE] = f'{{"{series.pk}":[1,0]}}'  # unsigned: ignored
    assert forged.post(reverse("series:join_back", args=[two.pk]))["Location"] == reverse(
        "workshops:join"
    )
    assert state(series) == before


def test_a_personal_link_brings_someone_back_on_a_new_device(series, facilitator):
    one, two = sessions(series)
    join_by_code(Client(), one, "Anna")
    join_by_code(Client(), one, "Bram")
    anna = Person.objects.get(display_name="Anna")
    _link, token = services.link_create(user=facilitator, series_id=series.pk, person_id=anna.pk)

    laptop = Client()
    response = laptop.get(reverse("series:link", args=[token]))
    assert response["Location"] == reverse("series:me")
    page = laptop.get(reverse("series:me")).content.decode()
    assert "Hallo Anna" in page and "Avond 2" in page
    assert "Bram" not in page  # never another person's data
    laptop.post(reverse("series:join_back", args=[two.pk]))
    assert Attendance.objects.filter(person=anna, workshop=two).exists()
    assert PersonalLink.objects.get(person=anna).last_used_at is not None


@pytest.mark.parametrize("how", ["revoked", "expired", "changed", "foreign"])
def test_a_withdrawn_expired_or_changed_link_does_not_work(series, facilitator, how):
    one, _two = sessions(series)
    join_by_code(Client(), one, "Anna")
    anna = Person.objects.get(display_name="Anna")
    link, token = services.link_create(user=facilitator, series_id=series.pk, person_id=anna.pk)
    if how == "revoked":
        services.link_revoke(user=facilitator, series_id=series.pk, link_id=link.pk)
    elif how == "expired":
        PersonalLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif how == "changed":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:  # signed with the server's key, but not the secret of that link: refused too
        other, _ = services.link_create(user=facilitator, series_id=series.pk, person_id=anna.pk)
        token = signing.dumps([other.pk, "geraden"], salt=services.LINK_SALT, compress=False)
    before = state(series)

    device = Client()
    response = device.get(reverse("series:link", args=[token]))

    assert response.status_code == 403
    assert "Vraag de organisator om een nieuwe" in response.content.decode()
    assert COOKIE not in response.cookies
    assert "Anna" not in device.get(reverse("series:me")).content.decode()
    assert state(series) == before


def test_forgetting_devices_stops_recognition(series, facilitator):
    one, two = sessions(series)
    phone = Client()
    join_by_code(phone, one, "Anna")
    anna = Person.objects.get()
    services.forget_devices(user=facilitator, series_id=series.pk, person_id=anna.pk)

    assert "Doe mee als Anna" not in phone.get(reverse("workshops:join")).content.decode()
    assert phone.post(reverse("series:join_back", args=[two.pk]))["Location"] == reverse(
        "workshops:join"
    )
    assert not Attendance.objects.filter(workshop=two).exists()


def test_merging_two_records_of_one_person(series, facilitator):
    one, two = sessions(series)
    join_by_code(Client(), one, "Anna de Vries")
    laptop = Client()
    join_by_code(laptop, two, "A. de Vries")  # on another device, another spelling
    keep, merge = Person.objects.order_by("pk")

    services.persons_merge(
        user=facilitator, series_id=series.pk, keep_id=keep.pk, merge_id=merge.pk
    )

    table = services.attendance_table(series)
    assert [(r["person"].pk, r["marks"]) for r in table["rows"]] == [(keep.pk, [True, True])]
    # the laptop that knew "A. de Vries" now knows Anna de Vries
    third = make_workshop(facilitator, template_key="wijksessie", title="Avond 3")
    services.series_add_session(user=facilitator, series_id=series.pk, workshop_id=third.pk)
    laptop.post(reverse("series:join_back", args=[third.pk]))
    assert Attendance.objects.get(workshop=third).person == keep


def test_merging_two_people_of_the_same_session_is_refused(series, facilitator):
    one, _two = sessions(series)
    join_by_code(Client(), one, "Anna")
    join_by_code(Client(), one, "Bram")
    anna, bram = Person.objects.order_by("pk")
    before = state(series)
    with pytest.raises(Conflict):
        services.persons_merge(
            user=facilitator, series_id=series.pk, keep_id=anna.pk, merge_id=bram.pk
        )
    assert state(series) == before


def test_merging_a_person_into_themselves_is_a_conflict(series, facilitator, client):
    """Both ids naming one stored person is the series as it is, like a post-it merged into
    itself: 409 at merge_id, and nothing changes."""
    one, _two = sessions(series)
    join_by_code(Client(), one, "Anna")
    anna = Person.objects.get()
    client.force_login(facilitator)
    before = state(series)

    response = client.post(
        f"/api/v1/series/{series.pk}/merge",
        {"keep_id": anna.pk, "merge_id": anna.pk},
        content_type="application/json",
    )

    assert response.status_code == 409, response.content
    assert response.json() == {
        "code": "conflict",
        "message": "Kies twee verschillende mensen.",
        "field": "merge_id",
    }
    assert state(series) == before


def test_adding_a_session_to_a_full_series_is_a_conflict(series, facilitator, client):
    """A series holds 20 sessions; the 21st is refused for the series as it is (409), at the
    field that names the series, and the series and the session stay as they were."""
    for n in range(3, services.MAX_SESSIONS + 1):
        more = make_workshop(facilitator, template_key="wijksessie", title=f"Avond {n}")
        services.series_add_session(user=facilitator, series_id=series.pk, workshop_id=more.pk)
    extra = make_workshop(facilitator, template_key="wijksessie", title="Avond 21")
    client.force_login(facilitator)
    before = (state(series), list(SeriesSession.objects.order_by("pk").values()))

    response = client.post(
        f"/api/v1/series/{series.pk}/sessions",
        {"workshop_id": extra.pk},
        content_type="application/json",
    )

    assert response.status_code == 409, response.content
    assert response.json() == {
        "code": "conflict",
        "message": "Deze reeks is vol: een reeks heeft hoogstens 20 sessies.",
        "field": "series_id",
    }
    assert (state(series), list(SeriesSession.objects.order_by("pk").values())) == before
    assert len(sessions(series)) == services.MAX_SESSIONS


def test_another_organisation_cannot_see_or_change_the_series(series, other_facilitator):
    one, _two = sessions(series)
    join_by_code(Client(), one, "Anna")
    anna = Person.objects.get()
    before = state(series)
    for attempt in (
        lambda: services.get_series(user=other_facilitator, series_id=series.pk),
        lambda: services.link_create(
            user=other_facilitator, series_id=series.pk, person_id=anna.pk
        ),
        lambda: services.forget_devices(
            user=other_facilitator, series_id=series.pk, person_id=anna.pk
        ),
        lambda: services.series_add_session(
            user=other_facilitator,
            series_id=series.pk,
            workshop_id=make_workshop(other_facilitator, template_key="wijksessie").pk,
        ),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert state(series) == before
    assert Series.objects.get(pk=series.pk).entries.count() == 2


def test_an_owner_updates_their_action_after_the_session_ended(series, facilitator):
    one, _two = sessions(series)
    phone = Client()
    join_by_code(phone, one, "Anna")
    join_by_code(Client(), one, "Bram")
    anna_p, bram_p = Participant.objects.filter(workshop=one).order_by("pk")
    fac = Actor(user=facilitator)
    mine = register.agreement_create(
        workshop_id=one.pk,
        actor=fac,
        client_op_id=None,
        kind="individual_action",
        description="Buurtapp opzetten",
        owner_ids=[anna_p.pk],
    ).event.payload["id"]
    theirs = register.agreement_create(
        workshop_id=one.pk,
        actor=fac,
        client_op_id=None,
        kind="individual_action",
        description="Flyers rondbrengen",
        owner_ids=[bram_p.pk],
    ).event.payload["id"]
    workshop_services.workshop_end(workshop_id=one.pk, actor=fac)

    page = phone.get(reverse("series:me")).content.decode()
    assert "Buurtapp opzetten" in page and "Flyers rondbrengen" not in page
    phone.post(
        reverse("series:action_update", args=[mine]),
        {"text": "Eerste versie staat", "status": "done"},
    )
    agreement = Agreement.objects.get(pk=mine)
    assert agreement.status == "done"
    assert [p.text for p in agreement.progress.all()] == ["Eerste versie staat"]

    before = list(Agreement.objects.get(pk=theirs).progress.values())
    phone.post(reverse("series:action_update", args=[theirs]), {"text": "Ik doe het wel"})
    assert list(Agreement.objects.get(pk=theirs).progress.values()) == before


def test_the_api_lists_who_came_and_makes_a_link(series, facilitator, client):
    one, two = sessions(series)
    join_by_code(Client(), one, "Anna")
    client.force_login(facilitator)
    body = client.get(f"/api/v1/series/{series.pk}").json()
    assert [s["title"] for s in body["sessions"]] == ["Avond 1", "Avond 2"]
    assert [(p["display_name"], p["sessions"]) for p in body["people"]] == [("Anna", [one.pk])]

    made = client.post(
        f"/api/v1/series/{series.pk}/links",
        {"person_id": body["people"][0]["id"], "days": 7},
        content_type="application/json",
    )
    assert made.status_code == 201
    url = made.json()["url"]
    assert Client().get(url)["Location"] == reverse("series:me")
    refused = client.post(
        f"/api/v1/series/{series.pk}/links",
        {"person_id": body["people"][0]["id"], "days": 999},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "days"
    assert PersonalLink.objects.count() == 1


def test_the_console_of_the_next_session_shows_what_is_still_open(series, facilitator, client):
    from wijktafel.parking import services as parking

    one, two = sessions(series)
    join_by_code(Client(), one, "Anna")
    anna_p = Participant.objects.get(workshop=one)
    fac = Actor(user=facilitator)

    def action(description, status="open"):
        return register.agreement_create(
            workshop_id=one.pk,
            actor=fac,
            client_op_id=None,
            kind="individual_action",
            description=description,
            owner_ids=[anna_p.pk],
            status=status,
        )

    action("Buurtapp opzetten")
    action("Flyers rondbrengen", status="done")
    parking.topic_park(workshop_id=one.pk, actor=fac, text="Budget buurtfeest", reason="Later")
    solved = parking.topic_park(workshop_id=one.pk, actor=fac, text="Sleutel van de zaal")
    parking.topic_update(
        workshop_id=one.pk, actor=fac, topic_id=solved.event.payload["id"], status="resolved"
    )
    client.force_login(facilitator)

    page = client.get(reverse("workshops:console", args=[two.pk])).content.decode()
    assert "Buurtapp opzetten" in page and "Anna" in page
    assert "Budget buurtfeest" in page
    assert "Flyers rondbrengen" not in page and "Sleutel van de zaal" not in page
    first = client.get(reverse("workshops:console", args=[one.pk])).content.decode()
    assert 'id="earlier-open"' not in first


def test_the_next_session_takes_over_the_groups_with_who_came_back(series, facilitator, client):
    from wijktafel.groups import services as groups
    from wijktafel.groups.models import Group

    one, two = sessions(series)
    phones = {name: Client() for name in ("Anna", "Bram", "Cor", "Dewi")}
    for name, phone in phones.items():
        join_by_code(phone, one, name)
    groups.grouping_form(workshop_id=one.pk, actor=Actor(user=facilitator), kind="duo")
    for name in ("Anna", "Bram", "Cor"):  # Dewi does not come back
        join_by_code(phones[name], two, name)
    client.force_login(facilitator)

    response = client.post(reverse("series:carry_groups", args=[two.pk]))

    assert response["Location"] == reverse("workshops:console", args=[two.pk])

    def members(workshop):
        return sorted(
            sorted(m.participant.display_name for m in g.memberships.all())
            for g in Group.objects.filter(workshop=workshop)
        )

    first = members(one)
    came_back = [[n for n in pair if n != "Dewi"] for pair in first]
    assert members(two) == sorted(pair for pair in came_back if pair)


def test_taking_over_groups_is_refused_without_a_previous_session_or_for_strangers(
    series, facilitator, other_facilitator, client
):
    from wijktafel.groups.models import Group

    one, two = sessions(series)
    join_by_code(Client(), one, "Anna")
    client.force_login(facilitator)
    response = client.post(reverse("series:carry_groups", args=[one.pk]), follow=True)
    assert "heeft geen groepen" in response.content.decode()  # the first session: none before
    client.force_login(other_facilitator)
    assert client.post(reverse("series:carry_groups", args=[two.pk])).status_code == 404
    assert not Group.objects.exists()
