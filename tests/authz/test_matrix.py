"""The authorization matrix, pages and JSON API: every (role, endpoint) cell of policy.py.

Each cell sends one real request through Django's test client (the whole middleware stack,
URL resolver, views and API) as one role, at workshop A of organisation X, and checks:

* the status (and where a redirect leads) is the one in the policy; API refusals carry the
  JSON code that belongs to their status;
* the database changed if and only if the policy says ``+write`` (a snapshot of every row of
  both organisations before and after);
* the body holds no marker of a workshop the role may not see (organisation Y is a mirror of
  X, so a query that forgets its scope shows up here), no secret of workshop A (device
  tokens, and the join code and link for those outside A), and no contact-detail canary
  outside its allowed places (``world.contact_leaks``); no log record holds a canary.

The socket cells are in ``test_matrix_ws.py``.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.test.client import ClientHandler
from django.urls import resolve, reverse

from config.api import STATUS_CODES
from tests.support.authz import assert_logs_clean
from tests.support.world import World, contact_leaks, db_state, foreign_markers, op_data
from wijktafel.workshops import codes, seam
from wijktafel.workshops.identity import SESSION_KEY as PARTICIPANTS_KEY

from .policy import ACCOUNTS, PARTICIPANTS, base_key, cells, parse

API = "/api/v1"


# --- Who: one client per role ----------------------------------------------------------------

# One handler for every client: loading the middleware (ServeStatic scans the static files)
# once instead of per test. Each client still has its own cookies.
_HANDLER = ClientHandler(enforce_csrf_checks=False)


def client_for(world: World, role: str, *, api: bool) -> tuple[Client, dict]:
    """A client with the role's credentials, and the headers it sends.

    Accounts log in (cookie session). Participants carry the device token the way the
    interface expects it: in the cookie session on pages, as a bearer token on the API.
    """
    client, headers = Client(), {}
    client.handler = _HANDLER
    if role in ACCOUNTS:
        client.force_login(world.user(role))
    elif role in PARTICIPANTS:
        workshop_id, token = world.participant_token(role)
        if api:
            headers["Authorization"] = f"Bearer {token}"
        else:
            session = client.session
            session[PARTICIPANTS_KEY] = {str(workshop_id): token}
            session.save()
    return client, headers


# --- What: the request of each page and API row -----------------------------------------------


def _a(w: World):
    return w.x.a


AGENDA_FORM = {
    "title": "Nieuw punt",
    "duration_minutes": "10",
    "work_form": "plenary",
    "activity": "none",
    "instruction": "",
}


def page_request(w: World, name: str, method: str) -> tuple[str, dict]:
    """(path, data) of a page row: valid data for workshop A (``#mirror``: Y's ids in A's URL)."""
    name, _, variant = name.partition(" #")
    a = _a(w)
    pk = a.workshop.pk
    item = a.items[0]
    if variant == "mirror":
        a = w.y.a  # the child ids below come from the mirror; pk stays A's
        item = a.items[0]
    post = method == "POST"
    table = {
        "home": (reverse("home"), {}),
        "set_language": (reverse("set_language"), {"language": "en", "next": "/"}),
        "javascript-catalog": (reverse("javascript-catalog"), {}),
        "accounts:login": (
            reverse("accounts:login"),
            {"username": w.x.facilitator.email, "password": "fout-wachtwoord"} if post else {},
        ),
        "accounts:logout": (reverse("accounts:logout"), {}),
        "workshops:list": (reverse("workshops:list"), {}),
        "workshops:create": (
            reverse("workshops:create"),
            {
                "title": "Nieuwe sessie",
                "template_key": "afwegen-1",
                "date": "2026-12-10",
                "start_time": "09:00",
            }
            if post
            else {},
        ),
        "workshops:console": (reverse("workshops:console", args=[pk]), {}),
        "workshops:screen": (reverse("workshops:screen", args=[pk]), {}),
        "workshops:qr": (reverse("workshops:qr", args=[pk]), {}),
        "workshops:agenda": (reverse("workshops:agenda", args=[pk]), {}),
        "workshops:agenda_add": (
            reverse("workshops:agenda_add", args=[pk]),
            AGENDA_FORM if post else {},
        ),
        "workshops:agenda_update": (
            reverse("workshops:agenda_update", args=[pk, item.pk]),
            AGENDA_FORM if post else {},
        ),
        "workshops:agenda_remove": (
            reverse("workshops:agenda_remove", args=[pk, a.items[1].pk]),
            {},
        ),
        "workshops:agenda_move": (
            reverse("workshops:agenda_move", args=[pk, item.pk]),
            {"direction": "down"} if post else {},
        ),
        "workshops:rotate_code": (reverse("workshops:rotate_code", args=[pk]), {}),
        "workshops:end": (reverse("workshops:end", args=[pk]), {}),
        "workshops:remove_participant": (
            reverse("workshops:remove_participant", args=[pk, a.participants[1].pk]),
            {},
        ),
        "workshops:join": (reverse("workshops:join"), {"code": a.join_code} if post else {}),
        "workshops:join_name": (
            reverse("workshops:join_name"),
            {"display_name": "Nieuw"} if post else {},
        ),
        "workshops:join_qr": (reverse("workshops:join_qr", args=[a.join_token]), {}),
        "workshops:participate": (reverse("workshops:participate", args=[pk]), {}),
        "workshops:events": (
            reverse("workshops:events", args=[pk]),
            {} if post else {"after": "0"},
        ),
        **document_page_requests(w),
        **meeting_report_page_requests(w),
        "api:openapi-json": (reverse("api:openapi-json"), {}),
        "api:openapi-view": (reverse("api:openapi-view"), {}),
        "api:api-root": (reverse("api:api-root"), {}),
        "admin:index": (reverse("admin:index"), {}),
        "admin:login": (
            reverse("admin:login"),
            {"username": w.platform_admin.email, "password": "fout"} if post else {},
        ),
        "admin:logout": (reverse("admin:logout"), {}),
        "admin:password_change": (reverse("admin:password_change"), {}),
        "admin:password_change_done": (reverse("admin:password_change_done"), {}),
        "admin:autocomplete": (reverse("admin:autocomplete"), {}),
        "admin:jsi18n": (reverse("admin:jsi18n"), {}),
        "admin:view_on_site": (
            reverse("admin:view_on_site", args=[_group_type_id(), w.group.pk]),
            {},
        ),
        "admin:app_list": (reverse("admin:app_list", args=["auth"]), {}),
        "beheer/(?P<url>.*)$": ("/beheer/bestaat-niet/", {}),
        **appraisal_page_requests(w, post, variant),
        **jobs_page_requests(w, variant),
        **series_page_requests(w, variant),
        "collaboration:questions": (reverse("collaboration:questions"), {}),
    }
    if name in table:
        return table[name]
    return _admin_model_request(w, name, post)


def appraisal_page_requests(w: World, post: bool, variant: str) -> dict:
    """The facilitator's appraisal pages (wijktafel/appraisals/views.py) for X's appraisal."""
    pk = w.x.a.appraisal["appraisal"]
    session_two = (w.y if variant == "mirror" else w.x).b.workshop.pk
    form = {"title": "Andere afweging", "trigger": "", "starting_point": "problem", "top_n": "3"}
    return {
        "appraisals:list": (reverse("appraisals:list"), {}),
        "appraisals:create": (reverse("appraisals:create"), form if post else {}),
        "appraisals:detail": (reverse("appraisals:detail", args=[pk]), {}),
        "appraisals:edit": (
            reverse("appraisals:edit", args=[pk]),
            {**form, "status": "open"} if post else {},
        ),
        "appraisals:link": (
            reverse("appraisals:link", args=[pk]),
            {"session": "2", "action": "link", "workshop_id": session_two} if post else {},
        ),
    }


def jobs_page_requests(w: World, variant: str) -> dict:
    """The outbox and jobs pages (wijktafel/jobs/views.py): X's mail, its attachment (``#mirror``:
    Y's attachment under X's mail) and the reminder X's facilitator scheduled."""
    x, y = w.extra["jobs"]["X"], w.extra["jobs"]["Y"]
    message = x["message"].pk
    attachment = (y if variant == "mirror" else x)["attachment"].pk
    return {
        "jobs:outbox": (reverse("jobs:outbox"), {}),
        "jobs:outbox_message": (reverse("jobs:outbox_message", args=[message]), {}),
        "jobs:outbox_attachment": (
            reverse("jobs:outbox_attachment", args=[message, attachment]),
            {},
        ),
        "jobs:list": (reverse("jobs:list"), {}),
        "jobs:cancel": (reverse("jobs:cancel", args=[x["job"].pk]), {}),
    }


def series_page_requests(w: World, variant: str) -> dict:
    """The pages of X's series (wijktafel/series/views.py); ``#mirror``: Y's link under X's."""
    x, y = w.extra["series"]["X"], w.extra["series"]["Y"]
    pk, people = x["series"].pk, x["people"]
    link = (y if variant == "mirror" else x)["link"].pk
    agreement = w.x.a.agreements["own"]
    return {
        "series:list": (reverse("series:list"), {"title": "Nieuwe reeks"}),
        "series:detail": (reverse("series:detail", args=[pk]), {}),
        "series:add_session": (
            reverse("series:add_session", args=[pk]),
            {"workshop_id": w.x.b.workshop.pk},
        ),
        "series:link_create": (
            reverse("series:link_create", args=[pk]),
            {"person_id": people[0].pk, "purpose": "return", "days": "7"},
        ),
        "series:link_revoke": (reverse("series:link_revoke", args=[pk, link]), {}),
        "series:merge": (
            reverse("series:merge", args=[pk]),
            {"keep_id": people[0].pk, "merge_id": people[1].pk},
        ),
        "series:forget_devices": (
            reverse("series:forget_devices", args=[pk, people[0].pk]),
            {},
        ),
        "series:carry_groups": (reverse("series:carry_groups", args=[w.x.a.workshop.pk]), {}),
        "series:me": (reverse("series:me"), {}),
        "series:join_back": (reverse("series:join_back", args=[w.x.a.workshop.pk]), {}),
        "series:action_update": (
            reverse("series:action_update", args=[agreement]),
            {"text": "Gaat goed"},
        ),
        "series:link": (reverse("series:link", args=[x["token"]]), {}),
    }


def _admin_model_request(w: World, name: str, post: bool) -> tuple[str, dict]:
    """Rows of policy.ADMIN_MODELS: the model's one object in the world."""
    if name.startswith("beheer/"):  # the unnamed old-style object URL
        app, model = name.split("/")[1:3]
        obj = w.extra["admin_objects"][f"{app}_{model}"]
        return f"/beheer/{app}/{model}/{obj.pk}/", {}
    model, action = name.removeprefix("admin:").rsplit("_", 1)
    obj = w.extra["admin_objects"][model]
    if action in ("changelist", "add"):
        data = {"name": "Nieuwe groep"} if post and action == "add" else {}
        return reverse(name), data
    data = {}
    if post and action == "delete":
        data = {"post": "yes"}
    elif post and action == "change" and model == "auth_group":
        data = {"name": "Andere naam"}
    return reverse(name, kwargs={"object_id": obj.pk}), data


def document_page_requests(w: World) -> dict:
    """The appraisal documents (wijktafel/appraisals/views_reports.py) of X's appraisal."""
    pk = w.x.a.appraisal["appraisal"]
    job = w.extra["jobs"]["X"]["document_job"].pk
    return {
        **{
            f"appraisals:{name}": (reverse(f"appraisals:{name}", args=[pk]), {})
            for name in ("report_pdf", "report_docx", "cards_pdf")
        },
        "appraisals:document_job": (reverse("appraisals:document_job", args=[pk, job]), {}),
        "appraisals:document_file": (reverse("appraisals:document_file", args=[pk, job]), {}),
    }


def meeting_report_page_requests(w: World) -> dict:
    """The meeting report of workshop A and its exports (wijktafel/collaboration/views_reports.py)."""
    return {
        f"collaboration:{name}": (reverse(f"collaboration:{name}", args=[w.x.a.workshop.pk]), {})
        for name in (
            "report_pdf",
            "report_docx",
            "actions_xlsx",
            "actions_csv",
            "calendar_ics",
            "contacts_vcf",
            "contacts_csv",
        )
    }


def _group_type_id() -> int:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Group).pk


# The API route of every declared op, as in the OpenAPI document.
OP_ROUTES = {f"{op.method} /workshops/{{workshop_id}}{op.path}": op for op in seam.ops().values()}


def api_request(w: World, key: str) -> tuple[str, str, dict | None]:
    """(method, path, JSON body) of an API row; ``#mirror`` puts organisation Y's ids in. An op's
    route sends the op's declared example (``world.op_data``): its ids in the path, the rest as
    the body; the other routes have their own request below."""
    method, route = base_key(key).split(" ", 1)
    variant = key.split(" #", 1)[1] if " #" in key else ""
    a = w.x.a
    op = OP_ROUTES.get(base_key(key))
    if op is not None:
        data = op_data(w, op, variant)
        path = route.format(workshop_id=a.workshop.pk, **{k: data[k] for k in op.path_params})
        body = {k: v for k, v in data.items() if k not in op.path_params}
        return method, API + path, body or None
    ids = {"workshop_id": a.workshop.pk, **{f"{name}_id": pk for name, pk in a.appraisal.items()}}
    series = w.extra["series"]["X"]
    people = series["people"]
    ids |= {"series_id": series["series"].pk, "link_id": series["link"].pk}
    ids["person_id"] = people[0].pk
    ids["number"] = 1  # the question the world's organisations word their own way
    bodies = {
        "POST /workshops": {
            "title": "Via de API",
            "template_key": "afwegen-1",
            "planned_start": "2026-12-10T09:00:00",
        },
        "POST /join": {"code": a.join_code, "display_name": "Nieuw"},
        "POST /appraisals": {"title": "Nieuwe afweging", "horizon_years": 5},
        "PATCH /appraisals/{appraisal_id}": {"title": "Andere afweging"},
        "POST /series": {"title": "Nieuwe reeks"},
        "POST /series/{series_id}/sessions": {"workshop_id": w.x.b.workshop.pk},
        "POST /series/{series_id}/links": {"person_id": people[0].pk},
        "POST /series/{series_id}/merge": {"keep_id": people[0].pk, "merge_id": people[1].pk},
        "PUT /samenwerken/questions/{number}": {
            "wording": "Hoe maken we samen tijd vrij?",
            "directions": ["Samen plannen", "Vaste overlegmomenten"],
        },
        "POST /appraisals/{appraisal_id}/sessions": {
            "session": 2,
            "workshop_id": w.x.b.workshop.pk,
        },
    }
    # Reads, rotating the join code and the documents send no body.
    return method, API + route.format(**ids), bodies.get(base_key(key))


# --- Checks -------------------------------------------------------------------------------


def secrets_hidden_from(w: World, role: str) -> list[str]:
    """Strings that must never reach this role: every device token, always; the join code and
    link of A for everyone who is neither in A nor facilitating it."""
    hidden = [t for org in (w.x, w.y) for ws in (org.a, org.b) for t in ws.tokens]
    if role not in {"participant_a", "facilitator_a", "org_admin", "platform_admin"}:
        a = w.x.a
        hidden += [a.join_token, codes.display_code(a.join_code)]
    return hidden


def assert_nothing_leaks(w: World, role: str, body: str, where: str) -> None:
    for mark in foreign_markers(role):
        assert mark not in body, f"{where}: {role} received data of another workshop ({mark})"
    for secret in secrets_hidden_from(w, role):
        assert secret not in body, f"{where}: {role} received a secret of workshop A"
    leaks = contact_leaks(where, role, body)  # the canaries of test_canary.py, in every cell
    assert not leaks, leaks


@pytest.fixture(autouse=True)
def no_contact_details_in_the_log(logs):
    yield
    assert_logs_clean(logs)


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def check_response(w: World, role: str, where: str, response, outcome: str, before: dict) -> None:
    expect = parse(outcome)
    assert response.status_code == expect.status, (
        f"{where} as {role}: expected {outcome}, got {response.status_code} "
        f"{response.get('Location', '')} {body_text(response)[:300]}"
    )
    if expect.redirect_to:
        target = urlsplit(response["Location"]).path
        assert resolve(target).view_name == expect.redirect_to, f"{where}: redirected to {target}"
    after = db_state()
    if expect.writes:
        assert after != before, f"{where} as {role}: allowed, but nothing was stored"
    else:
        assert after == before, f"{where} as {role}: the database changed"
    assert_nothing_leaks(w, role, body_text(response), where)
    assert_nothing_leaks(w, role, response.get("Location", ""), where)


# --- The cells --------------------------------------------------------------------------------

PAGE_CELLS = [c for c in cells() if c[0] == "page"]
API_CELLS = [c for c in cells() if c[0] == "api"]


def _id(cell) -> str:
    _family, endpoint, role, _outcome = cell
    return f"{role}-{endpoint}"


@pytest.mark.django_db
@pytest.mark.parametrize("cell", PAGE_CELLS, ids=[_id(c) for c in PAGE_CELLS])
def test_page(held_world, cell):
    _family, endpoint, role, outcome = cell
    method, name = endpoint.split(" ", 1)
    path, data = page_request(held_world, name, method)
    client, headers = client_for(held_world, role, api=False)
    before = db_state()
    send = client.post if method == "POST" else client.get
    response = send(path, data, headers=headers)
    check_response(held_world, role, endpoint, response, outcome, before)


@pytest.mark.django_db
@pytest.mark.parametrize("cell", API_CELLS, ids=[_id(c) for c in API_CELLS])
def test_api(held_world, cell):
    _family, key, role, outcome = cell
    method, path, body = api_request(held_world, key)
    client, headers = client_for(held_world, role, api=True)
    before = db_state()
    send = getattr(client, method.lower())
    if body is None:
        response = send(path, headers=headers)
    elif method == "GET":
        response = send(path, body, headers=headers)
    else:
        response = send(path, json.dumps(body), content_type="application/json", headers=headers)
    check_response(held_world, role, key, response, outcome, before)
    expect = parse(outcome)
    if expect.status >= 400:
        assert response.json()["code"] == STATUS_CODES[expect.status], response.json()
