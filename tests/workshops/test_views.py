"""Server-rendered pages of the live session: dashboard, creation, agenda editor, joining."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.support.factories import join, make_workshop
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops import codes, seam, services
from wijktafel.workshops.identity import SESSION_KEY
from wijktafel.workshops.models import AgendaItem, Participant, Workshop, WorkshopEvent

HTMX = {"HTTP_HX_REQUEST": "true"}
XSS = "<script>window.__x=1</script>"


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English source strings, whatever the Dutch catalogue says: the pages are
    asked for in English, and the workshops made here get their agenda in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


def titles(workshop):
    return list(workshop.agenda_items.order_by("position").values_list("title", flat=True))


def event_count(workshop):
    return WorkshopEvent.objects.filter(workshop=workshop).count()


def join_by_pages(client, workshop, name="Ans"):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    response = client.post(reverse("workshops:join_name"), {"display_name": name})
    assert response.status_code == 302, response.content
    return Participant.objects.get(workshop=workshop, display_name=name)


def op():
    return str(uuid.uuid4())


# --- Dashboard and creation -------------------------------------------------------------------


def test_dashboard_lists_only_the_own_organisations_workshops(fac_client, workshop, other_workshop):
    response = fac_client.get(reverse("workshops:list"))

    assert response.status_code == 200
    assert list(response.context["workshops"]) == [workshop]
    html = response.content.decode()
    assert "Werksessie Zuid" in html
    assert "Werksessie Elders" not in html
    assert reverse("workshops:console", args=[workshop.pk]) in html


def test_dashboard_needs_a_login(client, db):
    response = client.get(reverse("workshops:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("key", [t.key for t in seam.templates()])
def test_creating_a_workshop_from_a_template_copies_its_agenda(fac_client, facilitator, key):
    response = fac_client.post(
        reverse("workshops:create"),
        {
            "title": "Wijkavond Noord",
            "template_key": key,
            "date": "2026-12-03",
            "start_time": "19:30",
        },
    )

    workshop = Workshop.objects.get(title="Wijkavond Noord")
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk])
    template = seam.template(key)
    assert workshop.organisation_id == facilitator.organisation_id
    assert workshop.template_key == key
    assert titles(workshop) == [str(item.title) for item in template.items]
    assert list(
        workshop.agenda_items.order_by("position").values_list("duration_minutes", flat=True)
    ) == [item.minutes for item in template.items]
    assert (
        workshop.planned_start.isoformat() == "2026-12-03T18:30:00+00:00"
    )  # 19:30 in Amsterdam (CET)


def test_create_page_shows_each_template_with_its_total_duration(fac_client):
    html = fac_client.get(reverse("workshops:create")).content.decode()

    for template in seam.templates():
        assert str(template.name) in html
        assert f"{len(template.items)} items, {template.total_minutes} minutes in total." in html


def test_creating_without_a_title_shows_the_error_and_creates_nothing(fac_client):
    response = fac_client.post(
        reverse("workshops:create"),
        {
            "title": "   ",
            "template_key": "afwegen-1",
            "date": "2026-12-03",
            "start_time": "09:00",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["Title is empty. Please type something."]
    assert Workshop.objects.count() == 0


def test_creating_with_another_organisations_area_is_refused(fac_client, other_org):
    area = Area.objects.create(
        organisation=other_org, code="WK040001", year=2025, name="Elders", level=Area.Level.DISTRICT
    )

    response = fac_client.post(
        reverse("workshops:create"),
        {
            "title": "Wijkavond",
            "template_key": "afwegen-1",
            "date": "2026-12-03",
            "start_time": "09:00",
            "area": area.pk,
        },
    )

    assert response.status_code == 400
    assert "area" in response.context["form"].errors
    assert Workshop.objects.count() == 0


# --- Agenda editor ------------------------------------------------------------------------------


def test_agenda_add_by_htmx_returns_the_partial_with_the_new_item(fac_client, workshop):
    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "Afsluiting",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
            "instruction": "Wat nemen we mee?",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "workshops/_agenda.html"
    assert titles(workshop)[-1] == "Afsluiting"
    item = workshop.agenda_items.get(title="Afsluiting")
    assert (item.duration_minutes, item.instruction) == (10, "Wat nemen we mee?")
    assert "Afsluiting" in response.content.decode()


def test_agenda_add_without_javascript_redirects_to_the_console(fac_client, workshop):
    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "Afsluiting",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk]) + "#agenda"
    assert titles(workshop)[-1] == "Afsluiting"


def test_a_double_submit_with_the_same_op_id_adds_the_item_once(fac_client, workshop):
    data = {
        "client_op_id": op(),
        "title": "Afsluiting",
        "duration_minutes": "10",
        "work_form": "plenary",
        "activity": "none",
    }
    url = reverse("workshops:agenda_add", args=[workshop.pk])
    before_items, before_events = workshop.agenda_items.count(), event_count(workshop)

    first = fac_client.post(url, data, **HTMX)
    second = fac_client.post(url, data, **HTMX)

    assert (first.status_code, second.status_code) == (200, 200)
    assert workshop.agenda_items.count() == before_items + 1
    assert event_count(workshop) == before_events + 1


def test_a_double_move_with_the_same_op_id_moves_once(fac_client, workshop):
    last = workshop.agenda_items.order_by("position").last()
    data = {"client_op_id": op(), "direction": "up"}
    url = reverse("workshops:agenda_move", args=[workshop.pk, last.pk])

    fac_client.post(url, data, **HTMX)
    fac_client.post(url, data, **HTMX)

    assert titles(workshop)[-2:] == ["Step 4 and 5: solutions, effects and extra costs", "Break"]


def test_agenda_update_changes_the_item(fac_client, workshop):
    item = workshop.agenda_items.get(position=0)

    response = fac_client.post(
        reverse("workshops:agenda_update", args=[workshop.pk, item.pk]),
        {
            "client_op_id": op(),
            "title": "Kennismaking",
            "duration_minutes": "20",
            "work_form": "duos",
            "activity": "postits",
            "instruction": "Vertel wie je bent.",
        },
        **HTMX,
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.duration_minutes, item.work_form, item.activity, item.instruction) == (
        "Kennismaking",
        20,
        "duos",
        "postits",
        "Vertel wie je bent.",
    )


def test_agenda_update_with_a_bad_duration_shows_the_message_and_changes_nothing(
    fac_client, workshop
):
    item = workshop.agenda_items.get(position=0)
    before = event_count(workshop)
    data = {
        "client_op_id": op(),
        "title": "Kennismaking",
        "duration_minutes": "0",
        "work_form": "plenary",
        "activity": "none",
        "instruction": "",
    }
    url = reverse("workshops:agenda_update", args=[workshop.pk, item.pk])

    htmx_response = fac_client.post(url, data, **HTMX)
    plain_response = fac_client.post(url, data)

    assert htmx_response.status_code == 200
    html = htmx_response.content.decode()
    assert (
        f'id="agenda-{item.pk}-minutes-error">The duration must be a whole number of minutes between 1 and 480.'
        in html
    )
    assert 'value="Kennismaking"' in html  # what was typed stays in the form
    assert plain_response.status_code == 400
    assert (
        "The duration must be a whole number of minutes between 1 and 480."
        in plain_response.content.decode()
    )
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Introduction", 15)
    assert event_count(workshop) == before


def test_agenda_add_with_an_empty_title_shows_the_message_next_to_the_title(fac_client, workshop):
    before = (workshop.agenda_items.count(), event_count(workshop))

    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "  ",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert 'id="agenda-new-title-error">' in response.content.decode()
    assert (workshop.agenda_items.count(), event_count(workshop)) == before


def test_agenda_move_down_and_up(fac_client, workshop):
    first = workshop.agenda_items.get(position=0)
    url = reverse("workshops:agenda_move", args=[workshop.pk, first.pk])

    fac_client.post(url, {"client_op_id": op(), "direction": "down"}, **HTMX)
    assert titles(workshop)[:2] == ["Step 1: inventory of problems", "Introduction"]

    fac_client.post(url, {"client_op_id": op(), "direction": "up"}, **HTMX)
    assert titles(workshop)[:2] == ["Introduction", "Step 1: inventory of problems"]


def test_agenda_remove_deletes_the_item(fac_client, workshop):
    item = workshop.agenda_items.get(title="Break")

    response = fac_client.post(
        reverse("workshops:agenda_remove", args=[workshop.pk, item.pk]),
        {"client_op_id": op()},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Break" not in titles(workshop)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_plan_shows_the_end_time_and_the_gap_of_afwegen_i(fac_client, workshop):
    response = fac_client.get(reverse("workshops:agenda", args=[workshop.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="agenda-summary__end">12:45</strong>' in html
    assert "15 minutes not planned before 11:00." in html
    assert "No break between" not in html


def test_removing_the_break_shows_a_missing_break_warning(fac_client, workshop):
    item = workshop.agenda_items.get(title="Break")

    response = fac_client.post(
        reverse("workshops:agenda_remove", args=[workshop.pk, item.pk]),
        {"client_op_id": op()},
        **HTMX,
    )

    html = response.content.decode()
    assert "No break between 09:00 and 11:30." in html
    assert '<strong class="agenda-summary__end">12:15</strong>' in html


def test_the_current_item_is_highlighted(fac_client, workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    first = workshop.agenda_items.get(position=0)

    html = fac_client.get(reverse("workshops:agenda", args=[workshop.pk])).content.decode()

    assert f'class="agenda-item agenda-item--current" id="agenda-item-{first.pk}"' in html
    assert html.count('aria-current="step"') == 1


def test_every_agenda_form_carries_its_own_op_id(fac_client, workshop):
    html = fac_client.get(reverse("workshops:agenda", args=[workshop.pk])).content.decode()

    ids = [part.split('"', 1)[0] for part in html.split('name="client_op_id" value="')[1:]]
    assert len(ids) == 4 * workshop.agenda_items.count() + 1
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i) for i in ids)


# --- Console, screen, QR and session control ------------------------------------------------------


def test_console_has_the_live_context(fac_client, workshop):
    response = fac_client.get(reverse("workshops:console", args=[workshop.pk]))

    assert response.status_code == 200
    context = response.context
    assert context["workshop"] == workshop
    assert context["snapshot"]["head"] == workshop.last_seq
    assert context["join_code"] == codes.display_code(services.join_code(workshop))
    assert context["join_url"] == "http://testserver" + reverse(
        "workshops:join_qr", args=[services.join_token(workshop)]
    )
    assert context["ws_path"] == f"/ws/workshops/{workshop.pk}/"
    assert context["events_url"] == reverse("workshops:events", args=[workshop.pk])
    assert context["plan"].ends_at.strftime("%H:%M") == "12:45"


def test_screen_has_the_join_code_and_url(fac_client, workshop):
    response = fac_client.get(reverse("workshops:screen", args=[workshop.pk]))

    assert response.status_code == 200
    assert response.context["join_code"] == codes.display_code(services.join_code(workshop))
    assert response.context["join_url"].endswith(f"/m/{services.join_token(workshop)}/")


def test_qr_is_an_uncached_svg(fac_client, workshop):
    response = fac_client.get(reverse("workshops:qr", args=[workshop.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"<svg")


def test_rotating_the_code_makes_the_old_code_fail(fac_client, client, workshop):
    old_code = services.join_code(workshop)

    response = fac_client.post(reverse("workshops:rotate_code", args=[workshop.pk]))

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert services.join_code(workshop) != old_code
    fac_client.logout()
    response = client.post(reverse("workshops:join"), {"code": old_code})
    assert response.status_code == 400


def test_ending_asks_for_confirmation_then_ends(fac_client, workshop):
    confirm = fac_client.get(reverse("workshops:end", args=[workshop.pk]))
    assert confirm.status_code == 200
    assert Workshop.objects.get(pk=workshop.pk).status == Workshop.Status.PREPARING

    response = fac_client.post(reverse("workshops:end", args=[workshop.pk]), {"client_op_id": op()})

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.status, workshop.joining_open) == (Workshop.Status.ENDED, False)


def test_removing_a_participant_locks_them_out(fac_client, workshop):
    phone = Client()
    phone.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    ans = join_by_pages(phone, workshop, "Ans")

    response = fac_client.post(
        reverse("workshops:remove_participant", args=[workshop.pk, ans.pk]), {"client_op_id": op()}
    )

    assert response.status_code == 302
    ans.refresh_from_db()
    assert ans.removed_at is not None
    assert phone.get(reverse("workshops:participate", args=[workshop.pk]))["Location"] == reverse(
        "workshops:join"
    )
    assert phone.get(reverse("workshops:events", args=[workshop.pk])).status_code == 403


# --- Isolation -------------------------------------------------------------------------------


def _facilitator_requests(workshop):
    item = workshop.agenda_items.first()
    participant = join(workshop, "Ans").participant
    agenda_data = {
        "client_op_id": op(),
        "title": "X",
        "duration_minutes": "5",
        "work_form": "plenary",
        "activity": "none",
    }
    return [
        ("get", reverse("workshops:console", args=[workshop.pk]), {}),
        ("get", reverse("workshops:screen", args=[workshop.pk]), {}),
        ("get", reverse("workshops:qr", args=[workshop.pk]), {}),
        ("get", reverse("workshops:agenda", args=[workshop.pk]), {}),
        ("post", reverse("workshops:agenda_add", args=[workshop.pk]), agenda_data),
        ("post", reverse("workshops:agenda_update", args=[workshop.pk, item.pk]), agenda_data),
        (
            "post",
            reverse("workshops:agenda_move", args=[workshop.pk, item.pk]),
            {"client_op_id": op(), "direction": "down"},
        ),
        (
            "post",
            reverse("workshops:agenda_remove", args=[workshop.pk, item.pk]),
            {"client_op_id": op()},
        ),
        ("post", reverse("workshops:rotate_code", args=[workshop.pk]), {}),
        ("get", reverse("workshops:end", args=[workshop.pk]), {}),
        ("post", reverse("workshops:end", args=[workshop.pk]), {"client_op_id": op()}),
        (
            "post",
            reverse("workshops:remove_participant", args=[workshop.pk, participant.pk]),
            {"client_op_id": op()},
        ),
    ]


def _state(workshop):
    workshop = Workshop.objects.get(pk=workshop.pk)
    return (
        titles(workshop),
        event_count(workshop),
        workshop.status,
        workshop.join_code_digest,
        Participant.objects.filter(workshop=workshop, removed_at__isnull=True).count(),
    )


def test_another_organisations_facilitator_gets_404_everywhere_and_changes_nothing(
    client, other_facilitator, workshop
):
    requests = _facilitator_requests(workshop)
    before = _state(workshop)
    client.force_login(other_facilitator)

    for method, url, data in requests:
        assert getattr(client, method)(url, data).status_code == 404, url
        assert getattr(client, method)(url, data, **HTMX).status_code == 404, url

    assert client.get(reverse("workshops:events", args=[workshop.pk])).status_code == 403
    assert _state(workshop) == before


def test_a_participant_cannot_open_facilitator_pages_or_endpoints(client, workshop):
    join_by_pages(client, workshop, "Ans")
    requests = _facilitator_requests(workshop)
    before = _state(workshop)

    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url

    assert _state(workshop) == before


def test_a_participant_of_b_cannot_open_the_participate_view_or_events_of_a(
    client, workshop, other_workshop
):
    join_by_pages(client, other_workshop, "Bram")

    response = client.get(reverse("workshops:participate", args=[workshop.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join")
    events = client.get(reverse("workshops:events", args=[workshop.pk]) + "?after=0")
    assert events.status_code == 403
    assert events.json()["code"] == "forbidden"
    assert client.get(reverse("workshops:participate", args=[other_workshop.pk])).status_code == 200


# --- Joining ----------------------------------------------------------------------------------


def test_join_by_code_then_name_opens_the_participate_view(client, workshop):
    client.get(reverse("home"))
    key_before = client.session.session_key
    code = services.join_code(workshop)

    first = client.post(
        reverse("workshops:join"), {"code": code.lower()[:4] + "-" + code.lower()[4:]}
    )
    assert first.status_code == 302
    assert first["Location"] == reverse("workshops:join_name")
    second = client.post(
        reverse("workshops:join_name"),
        {"display_name": "Ans", "organisation_name": "Woonstichting", "role_text": "wijkconsulent"},
    )

    participant = Participant.objects.get(workshop=workshop)
    assert second.status_code == 302
    assert second["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert (participant.display_name, participant.organisation_name, participant.role_text) == (
        "Ans",
        "Woonstichting",
        "wijkconsulent",
    )
    assert client.session.session_key != key_before
    assert list(client.session[SESSION_KEY]) == [str(workshop.pk)]
    page = client.get(reverse("workshops:participate", args=[workshop.pk]))
    assert page.status_code == 200
    assert page.context["participant"] == participant
    assert "join_code" not in page.context


def test_join_accepts_confusable_letters_for_digits(client, workshop, fac_actor):
    code = services.join_code(workshop)
    for _attempt in range(60):
        if "0" in code or "1" in code:
            break
        workshop = services.workshop_rotate_code(workshop_id=workshop.pk, actor=fac_actor)
        code = services.join_code(workshop)
    assert "0" in code or "1" in code
    typed = code.replace("0", "o").replace("1", "l")

    response = client.post(reverse("workshops:join"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join_name")


def test_join_page_has_a_code_field_for_phones(client, db):
    html = client.get(reverse("workshops:join")).content.decode()

    assert 'inputmode="text"' in html
    assert 'autocapitalize="characters"' in html
    assert 'autocomplete="off"' in html
    assert "The code is on the big screen, for example K7QM-4XTD." in html


def test_a_wrong_code_shows_the_error_and_creates_nothing(client, workshop):
    before = event_count(workshop)

    response = client.post(reverse("workshops:join"), {"code": "ZZZZ-ZZZZ"})

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "We do not know this code. Check the code on the big screen and try again."
    ]
    assert 'id="id_code_error"' in response.content.decode()
    assert "wijktafel_pending_join" not in client.session
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_qr_join_continues_on_a_url_without_the_token(client, workshop):
    token = services.join_token(workshop)

    response = client.get(reverse("workshops:join_qr", args=[token]))

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join_name")
    assert token not in response["Location"]
    final = client.post(reverse("workshops:join_name"), {"display_name": "Ans"})
    assert final["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert token not in final["Location"]


def test_a_stale_qr_code_shows_the_join_form_with_the_message(client, workshop):
    response = client.get(reverse("workshops:join_qr", args=["0" * 32]))

    assert response.status_code == 404
    assert (
        "This QR code no longer works. Ask the facilitator for the code."
        in response.content.decode()
    )
    assert "wijktafel_pending_join" not in client.session


def test_joining_an_ended_workshop_is_refused(client, workshop, fac_actor):
    services.workshop_end(workshop_id=workshop.pk, actor=fac_actor)
    before = event_count(workshop)

    by_code = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    by_qr = client.get(reverse("workshops:join_qr", args=[services.join_token(workshop)]))

    assert by_code.status_code == 400
    assert by_code.context["form"].errors["code"] == ["This session has ended."]
    assert by_qr.status_code == 403
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_joining_when_joining_is_closed_is_refused(client, workshop, fac_actor):
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=False)

    response = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "Joining this session is closed. Ask the facilitator."
    ]
    assert Participant.objects.count() == 0


def test_joining_closed_between_code_and_name_is_refused_at_the_name_step(
    client, workshop, fac_actor
):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=False)
    before = event_count(workshop)

    response = client.post(reverse("workshops:join_name"), {"display_name": "Ans"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Joining this session is closed. Ask the facilitator."
    ]
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_the_name_step_needs_a_code_first(client, db):
    response = client.get(reverse("workshops:join_name"))

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join")


def test_an_empty_name_shows_the_error_and_creates_nothing(client, workshop):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    response = client.post(reverse("workshops:join_name"), {"display_name": "   "})

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [
        "Your name is empty. Please type something."
    ]
    assert (
        "Everyone in this session sees your name, organisation and role."
        in response.content.decode()
    )
    assert Participant.objects.count() == 0


def test_a_device_that_already_joined_goes_straight_back_in(client, workshop):
    join_by_pages(client, workshop, "Ans")

    response = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    assert response["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert Participant.objects.count() == 1


# --- Events endpoint -----------------------------------------------------------------------------


def test_events_after_a_sequence_number_for_the_facilitator(fac_client, workshop, ans, bram):
    response = fac_client.get(
        reverse("workshops:events", args=[workshop.pk]) + f"?after={ans.event.seq}"
    )

    assert response.status_code == 200
    body = response.json()
    assert [e["seq"] for e in body["events"]] == [bram.event.seq]
    assert body["events"][0]["kind"] == "participant.joined"
    assert body["head"] == bram.event.seq


def test_events_without_after_give_a_snapshot_for_a_participant(client, workshop):
    join_by_pages(client, workshop, "Ans")

    body = client.get(reverse("workshops:events", args=[workshop.pk])).json()

    assert body["snapshot"]["head"] == Workshop.objects.get(pk=workshop.pk).last_seq
    assert [p["display_name"] for p in body["snapshot"]["participants"]] == ["Ans"]


def test_events_refuse_strangers_with_json(client, workshop):
    response = client.get(reverse("workshops:events", args=[workshop.pk]) + "?after=0")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


# --- Escaping ---------------------------------------------------------------------------------


def test_script_in_a_title_or_name_is_rendered_as_text(client, facilitator):
    workshop = make_workshop(facilitator, title=XSS)
    join_by_pages(client, workshop, XSS)
    client.force_login(facilitator)

    pages = [
        client.get(reverse("workshops:list")),
        client.get(reverse("workshops:console", args=[workshop.pk])),
        client.get(reverse("workshops:screen", args=[workshop.pk])),
        client.get(reverse("workshops:participate", args=[workshop.pk])),
        client.get(reverse("workshops:end", args=[workshop.pk])),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert XSS not in html
        assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in html or "\\u003Cscript\\u003E" in html
