"""How a socket op is described: its data fields, their JSON types and who may send it.

Kept apart from the consumer so that other apps (``wijktafel.appraisals.ops``) can declare
their op tables without importing the consumer, which imports those tables (no import cycle).
Types are checked before any service runs (docs/realtime.md, "Operations"); containers are
only checked for their own type here, their contents are validated by the service, which
raises ``Invalid`` with a message for people. Size and depth are already bounded by
``consumers.decode_frame``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijktafel.core.errors import Invalid

from .services import OpResult

FACILITATOR, PARTICIPANT = "facilitator", "participant"
EVERYONE, FACILITATORS = frozenset({FACILITATOR, PARTICIPANT}), frozenset({FACILITATOR})

ID, INT, STR, BOOL = "id", "int", "str", "bool"
IDS = "ids"  # a JSON array of ids (each as ID)
LIST, OBJECT = "list", "object"  # a JSON array / object; the service checks what is inside
_INT_RANGE = {ID: (1, 2**63 - 1), INT: (-(10**9), 10**9)}
_CONTAINERS = {STR: str, BOOL: bool, LIST: list, OBJECT: dict}


def _is_int(value: object, kind: str) -> bool:
    low, high = _INT_RANGE[kind]
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@dataclass(frozen=True)
class Field:
    """One key of an op's ``data``: its type, the service argument, and whether it must be there.
    An optional key that is null counts as absent; ``nullable`` lets a required key be null."""

    key: str
    type: str
    arg: str = ""
    required: bool = False
    nullable: bool = False

    def check(self, value: object) -> object:
        if value is None and self.nullable:
            return None
        if self.type in _INT_RANGE:
            ok = _is_int(value, self.type)
        elif self.type == IDS:
            ok = isinstance(value, list) and all(_is_int(item, ID) for item in value)
        else:
            ok = isinstance(value, _CONTAINERS[self.type])
        if not ok:
            raise Invalid(_("The field “%(field)s” is not valid.") % {"field": self.key},
                          field=self.key)
        return value


@dataclass(frozen=True)
class OpSpec:
    """An op kind: the service that performs it, its data fields and who may send it."""

    service: Callable[..., OpResult]
    fields: tuple[Field, ...]
    roles: frozenset[str]

    def arguments(self, data: object) -> dict:
        if not isinstance(data, dict):
            raise Invalid(_("The field “%(field)s” is not valid.") % {"field": "data"}, field="data")
        kwargs = {}
        for field in self.fields:
            value = data.get(field.key)
            if field.key not in data or (value is None and not field.nullable):
                if field.required:
                    raise Invalid(_("The field “%(field)s” is missing.") % {"field": field.key},
                                  field=field.key)
                continue
            kwargs[field.arg or field.key] = field.check(value)
        return kwargs
