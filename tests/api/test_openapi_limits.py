"""The OpenAPI document states the limits of every input it takes (issue 12): every string in
every request body (and every header a route takes) has a ``maxLength`` or is one of an ``enum``,
every integer a ``minimum`` and a ``maximum``, every list a ``maxItems``, every object its keys.
A field added without its limit fails here and names itself; the property-based run
(``test_schema_fuzz.py``) then proves the stated limits are the ones the services keep.
"""

from __future__ import annotations

import pytest

from tests.support.api import resolve

SCHEMA_KEYS = ("anyOf", "oneOf", "allOf")


def unbounded(document: dict, schema: dict, where: str, seen: frozenset = frozenset()) -> list:
    """Every place under ``schema`` that takes a value without saying how large it may be."""
    ref = schema.get("$ref")
    if ref in seen:
        return []
    schema = resolve(document, schema)
    seen = seen | {ref} if ref else seen
    found = []
    for key in SCHEMA_KEYS:
        for index, branch in enumerate(schema.get(key, [])):
            found += unbounded(document, branch, f"{where}|{index}", seen)
    kind = schema.get("type")
    if kind == "string" and "maxLength" not in schema and "enum" not in schema:
        found.append(f"{where}: a string without maxLength or enum")
    if kind == "integer" and not {"minimum", "maximum"} <= schema.keys():
        found.append(f"{where}: an integer without minimum and maximum")
    if kind == "number":
        found.append(f"{where}: a number (the API takes whole numbers only)")
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: a list without maxItems")
        found += unbounded(document, schema.get("items", {}), f"{where}[]", seen)
    if kind == "object":
        for name, value in schema.get("properties", {}).items():
            found += unbounded(document, value, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "propertyNames" not in schema and "maxProperties" not in schema:
                found.append(f"{where}: a map without propertyNames or maxProperties")
            found += unbounded(document, extra, f"{where}.*", seen)
    return found


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_request_body_states_its_limits(document):
    found = []
    bodies = 0
    for label, operation in operations(document):
        for content in operation.get("requestBody", {}).get("content", {}).values():
            bodies += 1
            found += unbounded(document, content["schema"], label)
    assert bodies > 50, bodies  # the document really was read
    assert not found, "\n".join(found)


def test_every_header_and_query_states_its_limits(document):
    found = []
    for label, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] in ("header", "query"):
                found += unbounded(
                    document, parameter["schema"], f"{label} {parameter['in']} {parameter['name']}"
                )
    assert not found, "\n".join(found)


def test_the_check_finds_what_is_unbounded():
    document = {"components": {"schemas": {"Item": {"type": "string"}}}}
    body = {
        "type": "object",
        "properties": {
            "title": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "count": {"type": "integer", "minimum": 1},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        },
    }

    assert unbounded(document, body, "X") == [
        "X.note|0: a string without maxLength or enum",
        "X.count: an integer without minimum and maximum",
        "X.tags: a list without maxItems",
        "X.tags[]: a string without maxLength or enum",
    ]
