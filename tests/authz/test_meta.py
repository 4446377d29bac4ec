"""The policy table covers exactly what exists: no endpoint without rows, no row without endpoint.

Sources of truth are the running app's own registries, never a list kept by hand:
* pages: Django's URL resolver (every pattern; named ones by ``namespace:name``, unnamed by route);
* API: the OpenAPI document of the Ninja API object (every path and method);
* websocket: ``MESSAGE_HANDLERS`` of the consumer, the declared ops (``seam.ops()``) and the
  websocket routes.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from config.routing import websocket_urlpatterns
from wijktafel.accounts.models import Organisation
from wijktafel.activities.models import Postit
from wijktafel.workshops import seam
from wijktafel.workshops.consumers import MESSAGE_HANDLERS, WorkshopConsumer

from . import policy

API_PREFIX = "/api/v1"
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}


def _resolver_entries(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _resolver_entries(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route


def _openapi_routes() -> set[str]:
    schema = api.get_openapi_schema()
    routes = set()
    for path, operations in schema["paths"].items():
        assert path.startswith(API_PREFIX), path
        for method in operations:
            if method in HTTP_METHODS:
                routes.add(f"{method.upper()} {path.removeprefix(API_PREFIX)}")
    return routes


def _as_openapi_path(route: str) -> str:
    """``api/v1/workshops/<int:workshop_id>`` -> ``/workshops/{workshop_id}``."""
    path = "/" + route
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
    return path.removeprefix(API_PREFIX)


def page_keys_in_app() -> set[str]:
    """Every URL pattern, minus those that serve API routes (those have rows in policy.API)."""
    api_paths = {route.split(" ", 1)[1] for route in _openapi_routes()}
    keys = set()
    for key, route in _resolver_entries(get_resolver().url_patterns):
        if key.startswith("api:") and _as_openapi_path(route) in api_paths:
            continue
        keys.add(key)
    return keys


def test_every_url_pattern_has_a_row_and_every_row_a_url_pattern():
    in_app = page_keys_in_app()
    in_policy = {policy.base_key(key) for key in policy.PAGES}
    assert not in_app - in_policy, (
        f"URL patterns without a row in policy.PAGES: {sorted(in_app - in_policy)}"
    )
    assert not in_policy - in_app, (
        f"rows in policy.PAGES for no URL pattern: {sorted(in_policy - in_app)}"
    )


def test_every_page_row_covers_get_and_post():
    for name, methods in policy.PAGES.items():
        assert set(methods) == {"GET", "POST"}, name


def test_every_api_route_has_a_row_and_every_row_a_route():
    in_app = _openapi_routes()
    in_policy = {policy.base_key(key) for key in policy.API}
    assert not in_app - in_policy, (
        f"API routes without a row in policy.API: {sorted(in_app - in_policy)}"
    )
    assert not in_policy - in_app, (
        f"rows in policy.API for no API route: {sorted(in_policy - in_app)}"
    )


def test_every_api_route_is_served_by_a_url_pattern():
    """The OpenAPI document and the URLs agree, so no route escapes both tables."""
    served = {
        _as_openapi_path(route)
        for key, route in _resolver_entries(get_resolver().url_patterns)
        if key.startswith("api:")
    }
    for route in _openapi_routes():
        assert route.split(" ", 1)[1] in served, route


def test_every_message_type_and_op_kind_has_a_row_and_every_row_one():
    assert "op" in MESSAGE_HANDLERS
    in_app = {t for t in MESSAGE_HANDLERS if t != "op"} | {f"op:{kind}" for kind in seam.ops()}
    in_policy = {policy.base_key(key) for key in policy.WS}
    assert not in_app - in_policy, (
        f"socket messages without a row in policy.WS: {sorted(in_app - in_policy)}"
    )
    assert not in_policy - in_app, (
        f"rows in policy.WS for no socket message: {sorted(in_policy - in_app)}"
    )


def test_the_only_websocket_route_is_the_workshop_socket():
    """A new socket route needs its own rows (and a test driver) before it can ship."""
    assert len(websocket_urlpatterns) == 1
    route = websocket_urlpatterns[0]
    assert str(route.pattern) == "ws/workshops/<int:workshop_id>/"
    assert getattr(route.callback, "consumer_class", None) is WorkshopConsumer


def test_every_row_names_every_role_with_a_known_outcome():
    http = re.compile(r"^\d{3}( [\w:.-]+)?( \+write)?$")
    socket = re.compile(
        r"^(close \d{4}|welcome (participant|facilitator)|frames|silent|"
        r"ack \+write( close \d{4})?|rejected (forbidden|not_found|invalid|conflict))$"
    )
    tables = [(f"{m} {n}", r, http) for n, ms in policy.PAGES.items() for m, r in ms.items()]
    tables += [(k, r, http) for k, r in policy.API.items()]
    tables += [(k, r, socket) for k, r in policy.WS.items()]
    for key, row, grammar in tables:
        assert tuple(row) == policy.ROLES, key
        for role, outcome in row.items():
            assert grammar.match(outcome), f"{key} / {role}: {outcome!r}"
    for key in list(policy.PAGES) + list(policy.API) + list(policy.WS):
        variant = key.partition(" #")[2]
        assert variant in {"", "others", "mirror"}, key


def test_the_policy_has_the_size_we_report():
    """A guard against a row silently dropping out of cells()."""
    expected = (
        sum(len(ms) for ms in policy.PAGES.values()) + len(policy.API) + len(policy.WS)
    ) * len(policy.ROLES)
    assert len(policy.cells()) == expected


@pytest.mark.django_db
def test_the_snapshot_sees_a_deleted_added_or_changed_row_in_every_table_of_the_world(held_world):
    """A refused cell passes when ``db_state`` is unchanged, so the snapshot must notice any
    write: one row of every non-empty table of the world deleted in turn, a row added, and a
    text changed."""
    from django.db import connection, transaction

    from tests.support.world import db_state

    before = db_state()
    models = {m._meta.label: m for m in apps.get_models(include_auto_created=True)}
    tables = [key for key, rows in before.items() if key in models and rows]
    assert len(tables) >= 20, tables
    for label in tables:
        model = models[label]
        with transaction.atomic():
            with connection.cursor() as cursor:
                table, pk = model._meta.db_table, model._meta.pk.column
                cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" = %s', [before[label][0][0]])
            assert db_state() != before, f"a deleted row of {label} went unnoticed"
            transaction.set_rollback(True)
    assert db_state() == before
    with transaction.atomic():
        Organisation.objects.create(name="Nieuw", slug="nieuw")
        assert db_state() != before
        transaction.set_rollback(True)
    Postit.objects.filter(pk=held_world.x.a.postits["own"].pk).update(text="Anders")
    assert db_state() != before
