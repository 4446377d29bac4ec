"""An id beyond what the database can hold (2**63 and more) names nothing: every page and every
API route answers 404 (or 400 for a body), never 500 (issue 12: SQLite raised OverflowError)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.support.api import call

pytestmark = pytest.mark.django_db

HUGE = (2**63, 10**30)


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every page route with an id in it, as a template with {} for each id."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" in route and not route.startswith("^"):
            converters = {c for c, _ in PARAM.findall(route)}
            if converters <= {"int", "id"} and converters:
                found.append(PARAM.sub("{}", route))
    return found


def test_pages_answer_not_found_for_an_id_out_of_range(fac_client, workshop):
    pages = routes()
    assert len(pages) > 15, pages
    wrong = []
    for route in pages:
        for huge in HUGE:
            # Every id out of range, and the first one a real session (its items, post-its, ...).
            paths = {"/" + route.replace("{}", str(huge))}
            if route.count("{}") > 1:
                paths.add("/" + route.replace("{}", str(workshop.pk), 1).replace("{}", str(huge)))
            for path, method in ((p, m) for p in paths for m in ("get", "post")):
                status = getattr(fac_client, method)(path).status_code
                if status >= 500:
                    wrong.append(f"{method.upper()} {path}: {status}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("who", ["facilitator", "participant"])
def test_api_routes_answer_not_found_for_an_id_out_of_range(fac_client, ans, who):
    document = fac_client.get("/api/v1/openapi.json").json()
    client, token = (fac_client, None) if who == "facilitator" else (Client(), ans.token)
    paths = [p for p in document["paths"] if "{" in p]
    assert len(paths) > 20, paths
    wrong = []
    for path, operations in document["paths"].items():
        if "{" not in path:
            continue
        for method in operations:
            for huge in HUGE:
                # Every id out of range; and a real session, so that what is looked up inside it
                # is the id out of range.
                variants = {re.sub(r"\{\w+\}", str(huge), path)}
                inside = path.replace("{workshop_id}", str(ans.participant.workshop_id))
                if "{" in inside:
                    variants.add(re.sub(r"\{\w+\}", str(huge), inside))
                for concrete in (v.removeprefix("/api/v1") for v in variants):
                    body = {} if method != "get" else None
                    response = call(client, method.upper(), concrete, body, token=token)
                    if response.status_code >= 500:
                        wrong.append(f"{who} {method.upper()} {concrete}: {response.status_code}")
                    elif method == "get":
                        assert response.status_code in (401, 403, 404), (
                            concrete,
                            response.status_code,
                        )
    assert wrong == [], "\n".join(wrong)
