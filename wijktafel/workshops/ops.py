"""Live operations, each declared once (decision 0011).

An ``Op`` is one change a member of a work session can make: its socket op kind, its API route
under ``/workshops/{workshop_id}``, its input schema, the service that performs it, who may use
it and an example body. The socket consumer and the API both validate ``data`` with the op's
schema and call its service; the API routes are made from the declarations
(``workshops.api_ops``), and the authorization matrix takes its request bodies from the
examples. Apps declare their ops in their plug-in module (``seam``).

Who may use an op is stated once, on its service: ``@facilitators_only`` (the service refuses
everyone else itself, on every path; the socket and the API refuse before the service runs).
"""

from __future__ import annotations

import contextvars
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AliasChoices, BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as PydanticField

from wijktafel.core.dates import DAY_PATTERN
from wijktafel.core.errors import Invalid

FACILITATOR, PARTICIPANT = "facilitator", "participant"
EVERYONE, FACILITATORS = frozenset({FACILITATOR, PARTICIPANT}), frozenset({FACILITATOR})

# The JSON types of op data. Strict: a socket frame's "5" is not 5 and 2.0 is not 2, on every path.
MAX_ID = 2**63 - 1  # the largest id a database row can have (a signed 64-bit integer)
Id = Annotated[int, PydanticField(strict=True, ge=1, le=MAX_ID)]
INT_MIN, INT_MAX = -(10**9), 10**9
Int = Annotated[int, PydanticField(strict=True, ge=INT_MIN, le=INT_MAX)]
Text = Annotated[str, PydanticField(strict=True)]
Flag = Annotated[bool, PydanticField(strict=True)]
Ids = Annotated[list[Id], PydanticField(strict=True)]

# --- The limits of op data, as the API document states them -------------------------------------
# The services refuse what breaks a limit, with their own message in the request's language and
# the field it is about (``clean_text``, ``Invalid``); the types below only state the limit in the
# document (``json_schema_extra``), from the service's own constant, so there is one number. The
# schema refuses only what is not even of the right JSON type (and integers past ``Int``). A
# limit that depends on what is registered (templates, method steps) is given as a function and
# read when the document is made.

# What no text may hold: NUL (``clean_text`` refuses it; lone surrogates cannot be sent as UTF-8).
NO_NUL = "^[^\\u0000]*$"


def _stated(limits: dict[str, Any]) -> Callable[[dict], None]:
    """``json_schema_extra`` that writes ``limits`` (values or functions of none) into a schema."""

    def state(schema: dict) -> None:
        schema.update({k: v() if callable(v) else v for k, v in limits.items()})

    return state


def Chars(max_length: int, *, empty: bool = False) -> Any:  # noqa: N802 - used as a type
    """Text of at most ``max_length`` characters (after normalisation, ``clean_text``); not empty
    unless ``empty``. Text that shows nothing (only spaces or invisible characters) is empty too,
    which JSON Schema cannot say: the document's ``minLength`` counts the characters sent."""
    limits: dict[str, Any] = {"maxLength": max_length, "pattern": NO_NUL}
    if not empty:
        limits["minLength"] = 1
    return Annotated[str, PydanticField(strict=True, json_schema_extra=limits)]


def OneOf(values: Iterable[str] | Callable[[], Iterable[str]]) -> Any:  # noqa: N802 - a type
    """One of ``values`` (a choice the service checks, e.g. a model's ``TextChoices.values``)."""
    enum = (lambda: list(values())) if callable(values) else list(values)
    return Annotated[str, PydanticField(strict=True, json_schema_extra=_stated({"enum": enum}))]


def IntRange(low: int | Callable[[], int], high: int | Callable[[], int]) -> Any:  # noqa: N802
    """A whole number from ``low`` to ``high`` that the service checks (as far as ``Int`` reaches:
    past INT_MIN and INT_MAX the schema refuses it)."""

    def clip(bound, limit, pick):
        return (lambda: pick(bound(), limit)) if callable(bound) else pick(bound, limit)

    limits = {"minimum": clip(low, INT_MIN, max), "maximum": clip(high, INT_MAX, min)}
    return Annotated[
        int, PydanticField(strict=True, ge=INT_MIN, le=INT_MAX, json_schema_extra=_stated(limits))
    ]


def ListOf(item: Any, *, most: int, least: int = 0, unique: bool = False) -> Any:  # noqa: N802
    """A list of ``least`` to ``most`` items (``unique``: none twice) that the service checks."""
    limits: dict[str, Any] = {"maxItems": most}
    if least:
        limits["minItems"] = least
    if unique:
        limits["uniqueItems"] = True
    return Annotated[list[item], PydanticField(strict=True, json_schema_extra=limits)]


def IdsUpTo(most: int, *, least: int = 0, unique: bool = False) -> Any:  # noqa: N802 - a type
    """Ids of rows, at most ``most`` of them."""
    return ListOf(Id, most=most, least=least, unique=unique)


# A date like 2026-12-31 in the years ``core.dates`` takes (``parse_date`` checks it).
Day = Annotated[
    str,
    PydanticField(
        strict=True,
        json_schema_extra={"format": "date", "pattern": DAY_PATTERN, "maxLength": 10},
    ),
]


def one_of_given(*names: str, nonempty: bool = False, nulls: tuple[str, ...] = ()) -> dict:
    """A rule of a whole body: at least one of ``names`` is sent and not null (``nonempty``: and
    not ""; one of ``nulls`` counts when it is null too), else the service refuses it ("Nothing
    to change")."""
    given: dict[str, Any] = {"not": {"type": "null"}}
    if nonempty:
        given["minLength"] = 1
    return {
        "anyOf": [
            {"required": [name]}
            if name in nulls
            else {"required": [name], "properties": {name: given}}
            for name in names
        ]
    }


def id_of(name: str, *, legacy: str | None = None, **kwargs: Any) -> Any:
    """A required id field; ``legacy`` is an older key of the same value that queued outboxes may
    still send (read as well, never written)."""
    aliases = AliasChoices(name, legacy) if legacy else None
    return PydanticField(validation_alias=aliases, **kwargs)


class OpInput(BaseModel):
    """Base of an op's input schema: its data on the socket, path ids plus body in the API.

    Unknown keys are ignored. An op whose service takes ``fields`` may also be sent as
    ``{"fields": {...}}`` (the shape socket clients used before decision 0011), read as if its
    keys stood at the top (a key that is at the top too keeps that value)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _lift_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and "fields" not in cls.model_fields:
            nested = data.get("fields")
            if isinstance(nested, dict):
                return {**nested, **{k: v for k, v in data.items() if k != "fields"}}
        return data


@dataclass(frozen=True)
class Ref:
    """An id in an op's example body: an object of ``kind`` in the session. The API documents
    ``example``; the authorization matrix puts a real object of its world in its place (of
    another organisation in its mirror rows, unless ``mirror`` is False)."""

    kind: str
    which: str = ""  # which of several (e.g. "second" participant), when it matters
    mirror: bool = True
    example: object = 1


def _plain(value: object) -> object:
    """An example with every ``Ref`` replaced by its example number (for the API documents)."""
    if isinstance(value, Ref):
        return value.example
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --- The shape of an op's data, for documents and generated tests -----------------------------

ID, INT, STR, BOOL, IDS, LIST, OBJECT = "id", "int", "str", "bool", "ids", "list", "object"


@dataclass(frozen=True)
class FieldShape:
    """One key of an op's data: its JSON type (ID, INT, STR, BOOL, IDS, LIST, OBJECT), the
    service argument it becomes, and whether it must be there / may be null."""

    key: str
    type: str
    arg: str
    required: bool
    nullable: bool


def _json_type(annotation: object, metadata: list) -> tuple[str, bool]:
    """(type, nullable) of a field annotation of an op schema."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
    if typing.get_origin(annotation) is Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata = [*metadata, *(m for e in extra for m in getattr(e, "metadata", [e]))]
    origin = typing.get_origin(annotation) or annotation
    if origin is bool:
        return BOOL, nullable
    if origin is int:
        is_id = any(getattr(m, "ge", None) == 1 for m in metadata)
        return (ID if is_id else INT), nullable
    if origin is str:
        return STR, nullable
    if origin is list:
        inner = (typing.get_args(annotation) or (object,))[0]
        return (IDS if _json_type(inner, [])[0] == ID else LIST), nullable
    return OBJECT, nullable


# --- Who may: stated once, on the service ------------------------------------------------------

_FACILITATOR_ONLY = contextvars.ContextVar("facilitator_only", default=False)


def _with(var: contextvars.ContextVar, value, service: Callable, /, *args, **kwargs):
    """Call ``service`` with ``var`` set to ``value``, and reset it after."""
    token = var.set(value)
    try:
        return service(*args, **kwargs)
    finally:
        var.reset(token)


def facilitators_only(service: Callable) -> Callable:
    """Mark a service as the facilitator's alone: ``apply_op`` refuses every other actor, and the
    socket and the API refuse participants before the service runs."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        return _with(_FACILITATOR_ONLY, True, service, *args, **kwargs)

    wrapper.roles = FACILITATORS  # type: ignore[attr-defined]
    return wrapper


def facilitator_only_now() -> bool:
    """True while a ``@facilitators_only`` service runs (read by ``services.apply_op``)."""
    return _FACILITATOR_ONLY.get()


_FOLLOW_UP = contextvars.ContextVar("follow_up", default=False)


def follow_up(service: Callable) -> Callable:
    """Mark a service as part of the follow-up: its facilitators may still run it after the session
    has ended (the register of agreements, the appraisal's report). Every other write is refused
    in an ended session, to everyone (``services.apply_op``)."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        return _with(_FOLLOW_UP, True, service, *args, **kwargs)

    wrapper.follow_up = True  # type: ignore[attr-defined]
    return wrapper


def follow_up_now() -> bool:
    """True while a ``@follow_up`` service runs (read by ``services.apply_op``)."""
    return _FOLLOW_UP.get()


# --- Which op is running: an op id names one operation ------------------------------------------

_OP_KIND = contextvars.ContextVar("op_kind", default="")


def op_kind_now() -> str:
    """The kind of the op whose service runs ("" for a page or the server), which
    ``services.apply_op`` logs with the event and compares when an op id comes again."""
    return _OP_KIND.get()


def run_as(kind: str, service: Callable, /, **kwargs):
    """Call ``service`` as the op ``kind``: the socket, the API and every route that takes an
    ``Idempotency-Key`` go through here, so a key reused for another op is refused."""
    return _with(_OP_KIND, kind, service, **kwargs)


# --- The declaration ------------------------------------------------------------------------------


def _default_answer(result, data: dict) -> dict:
    return {"seq": result.seq, **result.event.payload}


@dataclass(frozen=True)
class Op:
    """One live operation: socket op ``kind`` and API route ``method path`` for ``service``."""

    kind: str
    service: Callable
    schema: type[OpInput]
    method: str  # of the API route: POST, PUT, PATCH or DELETE
    path: str  # under /workshops/{workshop_id}; "{name}" segments are ids of the data
    summary: str
    example: Mapping[str, object] = field(default_factory=dict)
    status: int = 200  # of the API answer (201 when it creates something)
    response: type[Schema] | None = None  # the API answer's schema
    # The API answer from the service's OpResult and the validated data.
    answer: Callable[[Any, dict], dict] = _default_answer
    # Keys of the data the service takes as keyword arguments of its own (the rest goes into its
    # ``fields`` argument when ``into_fields``); renames map a data key to another argument name.
    into_fields: bool = False
    args: tuple[str, ...] = ()
    renames: Mapping[str, str] = field(default_factory=dict)
    # A null means "leave it as it is" for these ops (PATCH): null keys are dropped, except these.
    drop_nulls: bool = False
    keep_nulls: tuple[str, ...] = ()
    description: str = ""

    @property
    def roles(self) -> frozenset[str]:
        return getattr(self.service, "roles", EVERYONE)

    def run(self, /, **kwargs):
        """Run the service as this op (``run_as``)."""
        return run_as(self.kind, self.service, **kwargs)

    @property
    def facilitators_only(self) -> bool:
        return self.roles == FACILITATORS

    @functools.cached_property
    def path_params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.path))

    def shape(self) -> tuple[FieldShape, ...]:
        """The keys of the op's data with their JSON types (from the schema)."""
        shapes = []
        for name, info in self.schema.model_fields.items():
            json_type, nullable = _json_type(info.annotation, list(info.metadata))
            shapes.append(
                FieldShape(
                    name, json_type, self.renames.get(name, name), info.is_required(), nullable
                )
            )
        return tuple(shapes)

    @property
    def plain_example(self) -> dict:
        return _plain(dict(self.example))  # type: ignore[return-value]

    def validate(self, data: object) -> dict:
        """The op's data checked against its schema: the keys that were sent, typed; or Invalid."""
        if not isinstance(data, dict):
            raise Invalid(
                _("The field “%(field)s” is not valid.") % {"field": "data"}, field="data"
            )
        try:
            model = self.schema.model_validate(data)
        except ValidationError as error:
            raise invalid_from(error) from None
        return model.model_dump(exclude_unset=True)

    def arguments(self, data: object) -> dict:
        """The service's keyword arguments (after ``workshop_id``, ``actor``, ``client_op_id``)."""
        return self.arguments_of(self.validate(data))

    def arguments_of(self, values: dict) -> dict:
        """The service's keyword arguments from data that ``validate`` already checked."""
        if self.drop_nulls:
            values = {k: v for k, v in values.items() if v is not None or k in self.keep_nulls}
        kwargs = {self.renames.get(k, k): v for k, v in values.items()}
        if self.into_fields:
            kept = set(self.args)
            fields = {k: v for k, v in kwargs.items() if k not in kept}
            kwargs = {k: v for k, v in kwargs.items() if k in kept}
            kwargs["fields"] = fields
        return kwargs


def invalid_from(error: ValidationError) -> Invalid:
    """A schema's refusal as the API and the socket both word it: the first field that failed."""
    first = error.errors()[0] if error.errors() else {}
    path = [str(part) for part in first.get("loc", ()) if not isinstance(part, int)]
    name = path[0] if path else "data"
    if first.get("type") == "missing":
        message = _("The field “%(field)s” is missing.") % {"field": name}
    else:
        message = _("The field “%(field)s” is not valid.") % {"field": name}
    return Invalid(message, field=name)
