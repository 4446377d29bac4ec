"""The seam (decision 0011): methods plug in without the engine knowing them, and each live op is
declared once, so the socket, the API and the declarations are the same set of ops.

The method "notes" is defined inside the tests (tests/support/testmethod): one op, one panel, one
agenda template. It is installed by the test settings only, and driven here over the socket and
the API (and in the authorization matrix, tests/authz/policy.py) like any method.
"""

from __future__ import annotations

import ast
import json
import re
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from config.api import api
from tests.support.api import call
from tests.support.factories import join, make_workshop
from tests.support.ws import db_counts
from wijktafel.workshops import seam, selectors
from wijktafel.workshops.models import Workshop, WorkshopEvent

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ("wijktafel/workshops", "wijktafel/core", "wijktafel/accounts")
# What the engine may import: itself and the apps below it (areas). Building blocks and methods
# plug in through the seam instead.
ENGINE_MAY_IMPORT = (
    "wijktafel.workshops",
    "wijktafel.core",
    "wijktafel.accounts",
    "wijktafel.neighbourhoods",
)
# The write routes of a workshop that are no live op: every call makes a new code, so there is
# no idempotency key to declare (decision 0011).
NOT_OPS = {"POST /workshops/{workshop_id}/join-code/rotate"}


# --- A method from the tests plugs in -------------------------------------------------------------


def test_the_test_method_is_registered_with_its_op_template_and_panels():
    method = seam.method("notes")
    assert method is not None and method.snapshot_key == "notes"
    assert seam.op("note.add").service.__module__ == "tests.support.testmethod.plugin"
    assert seam.method_of_template("notes") is method
    assert "note.added" in seam.event_kinds()


@pytest.mark.django_db
@pytest.mark.parametrize("method", [m.key for m in seam.methods()])
def test_every_method_rehearses_each_of_its_steps(facilitator, method):
    """The screens of every step are tested on a method's rehearsal (tests/e2e/test_phone_now.py):
    each step gives a session of the method whose agenda runs that step, with a participant whose
    device token is theirs."""
    from wijktafel.workshops.services import participant_from_token

    part = seam.method(method)
    assert part.rehearse is not None, f"{method} has no rehearsal (seam Method.rehearse)"
    for step in part.steps:
        rehearsal = part.rehearse(facilitator, step)
        workshop = Workshop.objects.get(pk=rehearsal.workshop.pk)
        assert workshop.method == method and workshop.current_item.step == step, (method, step)
        assert participant_from_token(workshop_id=workshop.pk, token=rehearsal.token) == (
            rehearsal.participant
        )


def test_a_session_from_its_template_runs_it_and_shows_its_panel(client, facilitator):
    workshop = make_workshop(facilitator, template_key="notes", title="Notitiesessie")
    assert workshop.method == "notes"
    assert list(workshop.agenda_items.values_list("title", "step")) == [("Write notes", 1)]

    snapshot = selectors.workshop_snapshot(workshop)
    assert snapshot["notes"] == {"notes": []} and snapshot["appraisal"] is None
    client.force_login(facilitator)
    html = client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()
    assert 'id="notes-panel"' in html and "notes-panel--console" in html
    assert 'id="appraisal-panel"' not in html  # another method's panel is not there
    screen = client.get(reverse("workshops:screen", args=[workshop.pk])).content.decode()
    assert "notes-panel--screen" in screen


def test_an_agenda_item_may_name_only_a_step_of_the_sessions_method(facilitator, fac_actor):
    from wijktafel.core.errors import Conflict
    from wijktafel.workshops import services

    notes = make_workshop(facilitator, template_key="notes")
    plain = make_workshop(facilitator, template_key="wijksessie")
    fields = {"title": "Nog een ronde", "duration_minutes": 5}
    services.agenda_item_add(workshop_id=notes.pk, actor=fac_actor, fields={**fields, "step": 1})
    for workshop, step in ((notes, 2), (plain, 1)):
        before = workshop.agenda_items.count()
        with pytest.raises(Conflict) as refused:  # another method's step: not this session's
            services.agenda_item_add(
                workshop_id=workshop.pk, actor=fac_actor, fields={**fields, "step": step}
            )
        assert refused.value.field == "step"
        assert workshop.agenda_items.count() == before


@pytest.mark.django_db(transaction=True)
async def test_its_op_runs_over_the_socket_and_reaches_everyone(sockets, facilitator):
    workshop = await database_sync_to_async(make_workshop)(facilitator, template_key="notes")
    ans = await database_sync_to_async(join)(workshop, "Ans")
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    console = await sockets(workshop, user=facilitator)
    before = await db_counts(workshop.pk)

    refused = await phone.op("note.add", {"text": 5})
    assert (refused["type"], refused["code"], refused["field"]) == ("rejected", "invalid", "text")
    assert await db_counts(workshop.pk) == before
    ack = await phone.op("note.add", {"text": "De bankjes zijn weg"})

    assert ack["type"] == "ack"
    for sock in (phone, console):
        event = await sock.recv()
        assert (event["seq"], event["kind"], event["data"]) == (
            ack["seq"],
            "note.added",
            {"text": "De bankjes zijn weg"},
        )
    snapshot = await database_sync_to_async(
        lambda: selectors.workshop_snapshot(Workshop.objects.get(pk=workshop.pk))
    )()
    assert snapshot["notes"] == {"notes": ["De bankjes zijn weg"]}


def test_its_op_runs_over_the_api_with_the_same_schema(client, facilitator):
    workshop = make_workshop(facilitator, template_key="notes")
    ans = join(workshop, "Ans")
    url = f"/workshops/{workshop.pk}/notes"

    refused = call(client, "POST", url, {"text": ["lijst"]}, token=ans.token)
    assert refused.status_code == 400 and refused.json()["field"] == "text"
    assert not WorkshopEvent.objects.filter(workshop=workshop, kind="note.added").exists()
    key = str(uuid.uuid4())
    made = call(client, "POST", url, {"text": "Meer licht"}, token=ans.token, key=key)
    again = call(client, "POST", url, {"text": "Meer licht"}, token=ans.token, key=key)

    assert made.status_code == 201 and made.json() == {
        "seq": made.json()["seq"],
        "text": "Meer licht",
    }
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert WorkshopEvent.objects.filter(workshop=workshop, kind="note.added").count() == 1


# --- Each op declared once ----------------------------------------------------------------------


def _openapi_write_routes() -> dict[str, str]:
    """``METHOD /workshops/{workshop_id}/…`` -> operation id, for every write route of a workshop."""
    routes = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        route = path.removeprefix("/api/v1")
        if not route.startswith("/workshops/{workshop_id}/"):
            continue
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                routes[f"{method.upper()} {route}"] = operation["operationId"]
    return routes


def test_the_declarations_and_the_api_routes_are_the_same_set_of_ops():
    declared = {op.kind: op for part in seam.parts() for op in part.ops}
    assert declared == seam.ops()
    routes = _openapi_write_routes()
    assert set(routes) - NOT_OPS == {
        f"{op.method} /workshops/{{workshop_id}}{op.path}" for op in declared.values()
    }
    for op in declared.values():
        route = f"{op.method} /workshops/{{workshop_id}}{op.path}"
        assert routes[route] == op.kind.replace(".", "_"), route


@pytest.mark.django_db(transaction=True)
async def test_the_socket_takes_exactly_the_declared_ops(sockets, facilitator):
    """A declared kind is read (its data is checked: not an object here), any other is unknown."""
    workshop = await database_sync_to_async(make_workshop)(facilitator)
    console = await sockets(workshop, user=facilitator)
    before = await db_counts(workshop.pk)
    for kind in sorted(seam.ops()):
        reply = await console.op(kind, [])
        assert (reply["type"], reply["code"], reply["field"]) == ("rejected", "invalid", "data"), (
            kind
        )
    for kind in ("postit.explode", "note", "appraisal", "group_create"):
        reply = await console.op(kind, {})
        assert (reply["type"], reply["code"], reply["field"]) == ("rejected", "invalid", "kind"), (
            kind
        )
    assert await db_counts(workshop.pk) == before


def test_each_example_is_valid_data_of_its_op():
    for kind, op in seam.ops().items():
        assert isinstance(op.arguments(op.plain_example), dict), kind
        assert json.dumps(op.plain_example), kind


# --- The engine names no method ---------------------------------------------------------------------


def _method_words() -> set[str]:
    words = {"appraisal", "afweg"}
    for method in seam.methods():
        words |= {method.key, method.snapshot_key}
        words |= {name.split(":")[0] for _label, name in method.nav}
    return words


def test_the_engine_imports_no_method_or_building_block():
    found = []
    for folder in ENGINE:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                found += [
                    f"{path.relative_to(ROOT)}: {name}"
                    for name in names
                    if name.startswith("wijktafel.") and not name.startswith(ENGINE_MAY_IMPORT)
                ]
    assert not found, found


def test_no_engine_script_or_template_names_a_method():
    words = re.compile("|".join(sorted(_method_words())), re.IGNORECASE)
    files = [
        *(ROOT / "static" / "js").glob("*.js"),
        *(ROOT / "templates" / "workshops").glob("*.html"),
        ROOT / "templates" / "base.html",
        *(ROOT / "wijktafel" / "core").rglob("*.html"),
    ]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in [words.search(path.read_text())]
        if match
    ]
    assert files and not found, found
