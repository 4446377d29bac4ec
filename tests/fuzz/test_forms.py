"""B2 and B6: random form posts to every POST view, and oversized posts (docs/reliability.md §3.4).

Each example runs in a savepoint that is rolled back afterwards, so every example starts from
the same database; the client logs in (or joins) inside it as the role the view is for.
Pass: never a 5xx; a refusal (4xx, or an htmx fragment with errors) shows an error and changes
no row of any of our tables.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from tests.support.factories import join
from tests.support.world import table_rows
from wijktafel.accounts.forms import EmailAuthenticationForm
from wijktafel.appraisals import services as appraisal_services
from wijktafel.appraisals.forms import AppraisalForm, SessionCreateForm
from wijktafel.collaboration.forms import QuestionForm
from wijktafel.jobs import services as jobs_services
from wijktafel.workshops import services
from wijktafel.workshops.forms import AgendaItemForm, JoinCodeForm, JoinNameForm, WorkshopCreateForm

pytestmark = pytest.mark.django_db

EXAMPLES = 40  # random bodies per POST view (about 520 requests); from_form uses half
FUZZ = hsettings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HTMX = {"HTTP_HX_REQUEST": "true"}
UNPARSEABLE = "<h1>Bad Request (400)</h1>"  # django.views.defaults.bad_request
ERROR_MARKUP = re.compile(r"utrecht-form-field-error-message|utrecht-alert--error|role=\"alert\"")
# Fields any of our forms reads, so random bodies often hit a real one.
FIELD_NAMES = [
    "title",
    "template_key",
    "date",
    "start_time",
    "area",
    "duration_minutes",
    "work_form",
    "activity",
    "instruction",
    "client_op_id",
    "direction",
    "code",
    "display_name",
    "organisation_name",
    "role_text",
    "username",
    "password",
    "next",
    "language",
    "csrfmiddlewaretoken",
    "trigger",
    "starting_point",
    "top_n",
    "status",
    "session",
    "action",
    "workshop_id",
    "session1-date",
    "session1-start_time",
    "session2-date",
    "session2-start_time",
    "number",
    "wording",
    "directions",
]
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "NaN",
    "Infinity",
    "9" * 40,
    "-9" * 20,
    "true",
    "null",
    "[]",
    "{}",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "\u202e",
    "<script>window.__xss=1</script>",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../etc/passwd",
    "2026-02-30",
    "25:61",
    "0000-00-00",
    "up",
    "down",
    "sideways",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "afwegen-1",
    "break",
    "plenary",
    "none",
    "\U0001f469\u200d\U0001f692",
    "\u0627\u0644\u0627\u0633\u0645",
    "e\u0301" * 50,
]
TEXT_VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=()), max_size=50),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(1_000, 100_000).map(
        lambda n: "x" * n
    ),  # huge, but under DATA_UPLOAD_MAX_MEMORY_SIZE
)
NAME = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))


def encode(value: str | bytes) -> str:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


# A raw body: repeated keys (lists), lone surrogates as invalid UTF-8, raw bytes, broken syntax.
PAIRS = st.lists(st.tuples(NAME, st.one_of(TEXT_VALUE, st.binary(max_size=30))), max_size=12)
URLENCODED = PAIRS.map(
    lambda pairs: "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs).encode()
)
BODY = st.one_of(
    st.tuples(st.just("application/x-www-form-urlencoded"), URLENCODED),
    st.tuples(st.just("application/x-www-form-urlencoded"), st.binary(max_size=300)),
    st.tuples(
        st.sampled_from(
            [
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded; charset=utf-16",
            ]
        ),
        st.one_of(st.binary(max_size=300), URLENCODED),
    ),
)


# --- The database, before and after ------------------------------------------------------------

VOLATILE = {"last_login"}
DUMPED_APPS = (
    "accounts",
    "workshops",
    "activities",
    "neighbourhoods",
    "appraisals",
    "jobs",
    "collaboration",
)  # what these views can touch


def dump() -> dict:
    """Every row of the models these views can write (sessions and axes' attempts are not ours)."""
    return table_rows(
        [
            model
            for model in apps.get_models()
            if model._meta.app_label in DUMPED_APPS and model.__module__.startswith("wijktafel.")
        ],
        without=VOLATILE,
    )


class Rollback(Exception):
    pass


def in_savepoint(check):
    """Run ``check()`` in a savepoint that is always rolled back; fresh cache (rate limits) too."""
    cache.clear()
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


class Baseline:
    """The database at the start of every example: the same each time, as examples roll back."""

    def __init__(self):
        self.rows: dict | None = None

    def __call__(self) -> dict:
        if self.rows is None:
            self.rows = dump()
        return self.rows


def assert_sane(response, before: dict, label: str) -> None:
    status = response.status_code
    assert status < 500, (label, status, response.content[:500])
    if status in (200, 400) and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", "replace")
        refused = status == 400 or bool(ERROR_MARKUP.search(body))
        if status == 400:  # our page with the error, or Django's for a body it cannot parse
            assert ERROR_MARKUP.search(body) or UNPARSEABLE in body, (
                label,
                "say what is wrong",
                body[:800],
            )
    else:
        refused = status >= 400
    if refused:
        assert dump() == before, (label, status, "a refused post changed the database")


# --- The POST views and who may use them ------------------------------------------------------


@pytest.fixture
def world(facilitator, workshop, other_workshop):
    """The facilitator's workshop with a participant; another organisation's workshop beside it."""
    ans = join(workshop, "Ans").participant
    items = list(workshop.agenda_items.values_list("pk", flat=True))
    other_items = list(other_workshop.agenda_items.values_list("pk", flat=True))
    appraisal = appraisal_services.appraisal_create(
        user=facilitator, title="Zwerfvuil bij het plein"
    )
    job = jobs_services.schedule(
        "mail.reminder",
        timezone.now() + dt.timedelta(days=1),
        {"to": ["ans@example.nl"], "subject": "Herinnering", "body": "Morgen."},
        started_by=facilitator,
    )
    return {
        "job": job,
        "workshop": workshop,
        "facilitator": facilitator,
        "ans": ans,
        "items": items,
        "other": other_workshop,
        "other_items": other_items,
        "appraisal": appraisal,
        "code": services.join_code(workshop),
    }


def as_facilitator(client: Client, w: dict) -> None:
    client.force_login(w["facilitator"])


def as_anonymous(client: Client, w: dict) -> None:
    client.logout()


def as_joining(client: Client, w: dict) -> None:
    """Half-way through joining: the right code typed, the name form next."""
    client.logout()
    response = client.post(reverse("workshops:join"), {"code": w["code"]})
    assert response.status_code == 302 and response["Location"].endswith("/meedoen/naam/")


def url_args(w: dict, draw_id) -> dict:
    return {
        "pk": w["workshop"].pk,
        "item_id": draw_id(w["items"] + w["other_items"]),
        "participant_id": draw_id([w["ans"].pk]),
        "appraisal_id": draw_id([w["appraisal"].pk]),
        "job_id": draw_id([w["job"].pk]),
        "series_id": draw_id([w["appraisal"].series_id]),
        "link_id": draw_id([1]),
    }


# URL name -> (who, how to build the URL). Every URL name that accepts POST must be here.
POST_VIEWS = {
    "accounts:login": (as_anonymous, lambda w, a: reverse("accounts:login")),
    "accounts:logout": (as_facilitator, lambda w, a: reverse("accounts:logout")),
    "set_language": (as_anonymous, lambda w, a: reverse("set_language")),
    "workshops:create": (as_facilitator, lambda w, a: reverse("workshops:create")),
    "workshops:agenda_add": (
        as_facilitator,
        lambda w, a: reverse("workshops:agenda_add", args=[a["pk"]]),
    ),
    "workshops:agenda_update": (
        as_facilitator,
        lambda w, a: reverse("workshops:agenda_update", args=[a["pk"], a["item_id"]]),
    ),
    "workshops:agenda_remove": (
        as_facilitator,
        lambda w, a: reverse("workshops:agenda_remove", args=[a["pk"], a["item_id"]]),
    ),
    "workshops:agenda_move": (
        as_facilitator,
        lambda w, a: reverse("workshops:agenda_move", args=[a["pk"], a["item_id"]]),
    ),
    "workshops:rotate_code": (
        as_facilitator,
        lambda w, a: reverse("workshops:rotate_code", args=[a["pk"]]),
    ),
    "workshops:end": (as_facilitator, lambda w, a: reverse("workshops:end", args=[a["pk"]])),
    "workshops:remove_participant": (
        as_facilitator,
        lambda w, a: reverse("workshops:remove_participant", args=[a["pk"], a["participant_id"]]),
    ),
    "workshops:join": (as_anonymous, lambda w, a: reverse("workshops:join")),
    "workshops:join_name": (as_joining, lambda w, a: reverse("workshops:join_name")),
    "appraisals:create": (as_facilitator, lambda w, a: reverse("appraisals:create")),
    "appraisals:edit": (
        as_facilitator,
        lambda w, a: reverse("appraisals:edit", args=[a["appraisal_id"]]),
    ),
    "appraisals:link": (
        as_facilitator,
        lambda w, a: reverse("appraisals:link", args=[a["appraisal_id"]]),
    ),
    "jobs:cancel": (as_facilitator, lambda w, a: reverse("jobs:cancel", args=[a["job_id"]])),
    # series (wijktafel/series/views.py): the appraisal's series, and a person's own pages
    "series:list": (as_facilitator, lambda w, a: reverse("series:list")),
    "series:add_session": (
        as_facilitator,
        lambda w, a: reverse("series:add_session", args=[a["series_id"]]),
    ),
    "series:link_create": (
        as_facilitator,
        lambda w, a: reverse("series:link_create", args=[a["series_id"]]),
    ),
    "series:link_revoke": (
        as_facilitator,
        lambda w, a: reverse("series:link_revoke", args=[a["series_id"], a["link_id"]]),
    ),
    "series:merge": (as_facilitator, lambda w, a: reverse("series:merge", args=[a["series_id"]])),
    "series:forget_devices": (
        as_facilitator,
        lambda w, a: reverse("series:forget_devices", args=[a["series_id"], a["participant_id"]]),
    ),
    "series:carry_groups": (
        as_facilitator,
        lambda w, a: reverse("series:carry_groups", args=[a["pk"]]),
    ),
    "series:join_back": (as_anonymous, lambda w, a: reverse("series:join_back", args=[a["pk"]])),
    "series:action_update": (
        as_anonymous,
        lambda w, a: reverse("series:action_update", args=[a["job_id"]]),
    ),
    # Samenwerken in de wijk: the organisation's wording of the ten questions
    "collaboration:questions": (as_facilitator, lambda w, a: reverse("collaboration:questions")),
}
# Views that take no POST at all, or that the API tests (B5, tests/api) cover.
NOT_POST = {
    "home",
    "javascript-catalog",
    "workshops:list",
    "workshops:console",
    "workshops:screen",
    "workshops:qr",
    "workshops:agenda",
    "workshops:join_qr",
    "workshops:participate",
    "workshops:events",
    # the appraisal documents (downloads, GET only)
    "appraisals:report_pdf",
    "appraisals:report_docx",
    "appraisals:cards_pdf",
    "appraisals:document_job",
    "appraisals:document_file",
    "appraisals:list",
    "appraisals:detail",
    # the outbox and the jobs list (GET only)
    "jobs:outbox",
    "jobs:outbox_message",
    "jobs:outbox_attachment",
    "jobs:list",
    # a series' page and a person's pages (GET only)
    "series:detail",
    "series:me",
    "series:link",
    # the meeting report of Samenwerken in de wijk (downloads, GET only)
    "collaboration:report_pdf",
    "collaboration:report_docx",
    # its exports: actions, calendar, shared contacts (downloads, GET only)
    "collaboration:actions_xlsx",
    "collaboration:actions_csv",
    "collaboration:calendar_ics",
    "collaboration:contacts_vcf",
    "collaboration:contacts_csv",
}


def all_url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin",) or "api" in str(entry.pattern):
                continue
            names |= all_url_names(
                entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            )
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_name_is_fuzzed_or_takes_no_post():
    missing = all_url_names() - set(POST_VIEWS) - NOT_POST
    assert not missing, f"add these URL names to POST_VIEWS or NOT_POST: {sorted(missing)}"


def test_get_only_views_refuse_a_post(client, world):
    as_facilitator(client, world)
    before = dump()
    for name in (
        "workshops:list",
        "workshops:console",
        "workshops:screen",
        "workshops:agenda",
        "workshops:events",
        "workshops:participate",
    ):
        args = [] if name == "workshops:list" else [world["workshop"].pk]
        response = client.post(reverse(name, args=args), {"title": "x"})
        assert response.status_code == 405, name
    assert dump() == before


@pytest.mark.parametrize("name", sorted(POST_VIEWS))
def test_random_post_bodies_never_cause_a_server_error(client, world, name):
    who, make_url = POST_VIEWS[name]
    baseline = Baseline()

    @FUZZ
    @given(body=BODY, ids=st.data(), htmx=st.booleans())
    def check(body, ids, htmx):
        content_type, payload = body

        def run():
            who(client, world)
            url = make_url(
                world,
                url_args(
                    world,
                    lambda choices: ids.draw(
                        st.one_of(st.sampled_from(choices), st.integers(1, 2**63 - 1))
                    ),
                ),
            )
            before = baseline()
            response = client.generic(
                "POST", url, payload, content_type=content_type, **(HTMX if htmx else {})
            )
            assert_sane(response, before, f"{name} {content_type} {payload[:200]!r}")

        in_savepoint(run)

    check()


# --- hypothesis.extra.django.from_form: well-typed data, every form ----------------------------


def form_posts():
    """(URL name, form strategy, extra form kwargs) for every form of the project."""
    return {
        "workshops:join": (JoinCodeForm, {}),
        "workshops:join_name": (JoinNameForm, {}),
        "workshops:agenda_add": (AgendaItemForm, {}),
        "workshops:agenda_update": (AgendaItemForm, {}),
        "workshops:create": (WorkshopCreateForm, {"area": st.none()}),
        "accounts:login": (EmailAuthenticationForm, {}),
        "appraisals:create": (AppraisalForm, {"area": st.none()}),
        "appraisals:link": (SessionCreateForm, {}),
        "collaboration:questions": (QuestionForm, {}),
    }


def form_kwargs_for(form_class, world) -> dict:
    if form_class is WorkshopCreateForm:
        return {"user": world["facilitator"]}
    if form_class is EmailAuthenticationForm:
        return {"request": None}
    if form_class is AppraisalForm:
        return {"organisation_id": world["facilitator"].organisation_id}
    return {}


def test_every_form_of_the_project_is_filled_by_hypothesis():
    """A new form class in wijktafel/ must be added to form_posts()."""
    import importlib
    from pathlib import Path

    from django import forms

    root = Path(__file__).resolve().parents[2]
    for path in (root / "wijktafel").rglob("forms.py"):
        importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
    found, stack = set(), [forms.Form]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("wijktafel.") and sub.__name__ != "UtrechtForm":
                found.add(sub)
    covered = {form_class for form_class, _overrides in form_posts().values()}
    assert found and found <= covered, f"not fuzzed: {sorted(c.__name__ for c in found - covered)}"


@pytest.mark.parametrize("name", sorted(form_posts()))
def test_forms_filled_by_hypothesis_never_cause_a_server_error(client, world, name):
    form_class, overrides = form_posts()[name]
    who, make_url = POST_VIEWS[name]
    form_kwargs = form_kwargs_for(form_class, world)
    baseline = Baseline()

    @hsettings(FUZZ, max_examples=EXAMPLES // 2)
    @given(form=from_form(form_class, form_kwargs=form_kwargs, **overrides), htmx=st.booleans())
    def check(form, htmx):
        data = {k: ("" if v is None else v) for k, v in form.data.items()}

        def run():
            who(client, world)
            url = make_url(world, url_args(world, lambda choices: choices[0]))
            before = baseline()
            try:
                response = client.post(url, data, **(HTMX if htmx else {}))
            except UnicodeEncodeError:  # a browser cannot send a lone surrogate either
                return
            assert_sane(response, before, f"{name} {data!r:.300}")

        in_savepoint(run)

    check()


# --- B6: oversized posts ----------------------------------------------------------------------


def test_a_10_mb_post_is_refused_quickly_with_400_and_changes_nothing(client, world):
    as_facilitator(client, world)
    before = dump()
    body = b"title=" + b"x" * (10 * 1024 * 1024)
    client.get(reverse("workshops:create"))  # warm up: the figure is the refusal, not the imports
    started = time.monotonic()
    response = client.generic(
        "POST", reverse("workshops:create"), body, content_type="application/x-www-form-urlencoded"
    )
    elapsed = time.monotonic() - started
    assert response.status_code in (400, 413)
    assert dump() == before
    print(f"10 MB post refused with {response.status_code} in {elapsed * 1000:.0f} ms")


def test_10k_form_fields_are_refused_with_400_and_change_nothing(client, world):
    as_anonymous(client, world)
    before = dump()
    body = "&".join(f"f{i}=v" for i in range(10_000)).encode() + f"&code={world['code']}".encode()
    response = client.generic(
        "POST", reverse("workshops:join"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert dump() == before
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS < 10_000


def test_a_10_mb_multipart_upload_is_refused_and_changes_nothing(client, world):
    as_joining(client, world)
    before = dump()
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="display_name"\r\n\r\n'.encode()
        + b"y" * (10 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic(
        "POST",
        reverse("workshops:join_name"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code in (400, 413)
    assert dump() == before
