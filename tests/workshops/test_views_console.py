"""Server-rendered pages of the live session: dashboard, creation, the console, the big screen,
the QR code and session control, isolation between organisations, escaping."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.support.factories import join, make_workshop
from tests.support.pages import HTMX, XSS, event_count, join_by_pages, op, titles
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops import codes, seam, services
from wijktafel.workshops.models import Participant, Workshop

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


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


def test_a_refused_removal_from_htmx_is_an_alert_and_keeps_the_participant(fac_client, workshop):
    ans = join(workshop, "Ans").participant

    response = fac_client.post(
        reverse("workshops:remove_participant", args=[workshop.pk, ans.pk]),
        {"client_op_id": " "},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert response.content.decode().strip() == (
        '<p class="utrecht-alert utrecht-alert--error" role="alert">'
        "The request has an invalid operation key.</p>"
    )
    ans.refresh_from_db()
    assert ans.removed_at is None


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
