"""The seam through which the session engine hosts methods and building blocks (decision 0011).

An app plugs in with a module ``plugin.py`` that calls ``register(...)``; the engine imports
every installed app's ``plugin`` module when Django is ready (``WorkshopsConfig.ready``, the way
the admin finds ``admin.py``). From then on the consumer, the API, the snapshot, the pages and
the agenda find the app's parts only here:

* a ``Block`` is a building block every session has (the post-it wall): its live ops, its
  event kinds and its part of the snapshot (keys merged into the snapshot's top level);
* a ``Method`` is a way of working a session runs (``Workshop.method``), with everything a block
  has plus its agenda templates and steps, its panels for console, big screen and phone, its
  static assets, its own API routes and pages, a link in the site navigation and its demo.

The engine never imports a method app; a method imports the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from .agenda_templates import PLAIN_TEMPLATES, ROUND_PRESETS, AgendaTemplate, RoundPreset
from .ops import Op

if TYPE_CHECKING:
    from .models import Workshop


@dataclass(frozen=True)
class Block:
    """A building block of every session: ops, event kinds and snapshot keys of its own."""

    key: str
    tag: str  # the API group of its op routes
    ops: Sequence[Op] = ()
    event_kinds: Sequence[str] = ()
    snapshot: Callable[[Workshop], dict] | None = None  # keys merged into the snapshot
    snapshot_schema: Mapping[str, Any] = field(default_factory=dict)  # their types, for the API
    api_routers: Callable[[], Sequence[Any]] | None = None  # its own routes besides its ops
    joining: Joining | None = None  # its part in joining a session (the series: coming back)
    # A panel of its own on the facilitator's console, rendered on load with ``console_context``
    # (the series: what is still open from earlier sessions); nothing when the context is None.
    console_panel: str = ""
    console_context: Callable[[Workshop], dict | None] | None = None


@dataclass(frozen=True)
class Recognised:
    """Who a block recognised a device as: the name form starts from ``initial`` under the
    heading ``welcome``; joined under that same name, ``context`` goes to the join."""

    initial: Mapping[str, str]
    welcome: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class Joining:
    """A block's part in joining a session, for a block that knows people across sessions.

    ``joined(participant, context)`` runs inside the join's transaction and returns what the
    block keeps of it (``Joined.extras[key]``); ``context`` is what the page passed to
    ``participant_join`` (the engine passes it on unread). The page hooks: ``recognise`` tells the
    name form who a device that typed a session's code is (``Recognised``, else None); ``offers``
    gives a template and its context for the code page (sessions to join with one tap);
    ``remember`` lets the response of a join remember what the block needs on the device."""

    joined: Callable[[Any, dict], Any]
    recognise: Callable[[Any, Workshop], Recognised | None] | None = None
    offers: Callable[[Any], tuple[str, dict] | None] | None = None
    remember: Callable[[Any, Any, Any], None] | None = None


@dataclass(frozen=True)
class Panels:
    """Templates a method adds to the live pages (included with the page's context)."""

    console: str = ""
    screen: str = ""
    participant: str = ""
    console_links: str = ""  # links next to the console's title


@dataclass(frozen=True)
class Demo:
    """What ``load_demo`` makes for a method: the session's template and a hook that adds the
    method's own demo objects to it and returns lines ``(label, url path)`` to print."""

    template: str
    build: Callable[..., list[tuple[str, str]]]


@dataclass(frozen=True)
class Rehearsal:
    """A session of a method at one of its steps, made by ``Method.rehearse`` for the screen tests
    (tests/e2e/test_phone_now.py) and the screenshots: its agenda runs that step, with what the
    steps before made; ``participant`` (with its device ``token``) is placed where a phone would
    be, in a group whose work is partly done. ``phone_input``: whether that phone has an input
    at this step (False: it follows the big screen)."""

    workshop: Workshop
    participant: Any
    token: str
    phone_input: bool


@dataclass(frozen=True)
class Method:
    """A method a session can run, with every part the engine shows or serves of it."""

    key: str  # stored in Workshop.method
    name: Promise
    tag: str  # the API group of its op routes
    snapshot_key: str  # its part of the snapshot: snapshot[snapshot_key] (None outside it)
    snapshot: Callable[[Workshop], Any]
    snapshot_schema: Any = None  # the part's type in the API document (a Schema); else dict
    ops: Sequence[Op] = ()
    event_kinds: Sequence[str] = ()
    templates: Sequence[AgendaTemplate] = ()
    steps: Sequence[int] = ()  # the method steps an agenda item may name
    panels: Panels = field(default_factory=Panels)
    css: Sequence[str] = ()  # static paths, loaded on the live pages of its sessions
    js: Sequence[str] = ()  # ES modules that register its reducer and panel (static/js/methods.js)
    api_routers: Callable[[], Sequence[Any]] | None = None  # its own routes (ninja Routers)
    urls: str = ""  # module of its pages, included at the site root
    nav: Sequence[tuple[Promise, str]] = ()  # (label, URL name) in the site navigation
    demo: Demo | None = None
    round_presets: Sequence[RoundPreset] = ()  # its timed rounds, after the engine's own
    # What is parked while an agenda item of step k runs comes back at step v as a solution
    # idea (a parked post-it, wijktafel/parking): {k: v}.
    parked_returns: Mapping[int, int] = field(default_factory=dict)
    # Called after a workshop was created from one of its templates (inside the transaction).
    on_workshop_created: Callable[[Workshop], None] | None = None
    # (facilitator, step) -> Rehearsal, for every step in ``steps``: the screens of every step are
    # tested on it (a method without it fails those tests).
    rehearse: Callable[[Any, int], Rehearsal] | None = None


_BLOCKS: dict[str, Block] = {}
_METHODS: dict[str, Method] = {}
_OPS: dict[str, Op] = {}
_OWNER: dict[str, str] = {}  # op kind or event kind -> key of the block or method


def register(part: Block | Method) -> Block | Method:
    """Add a block or a method; every op kind, event kind and template key must be new."""
    registry = _METHODS if isinstance(part, Method) else _BLOCKS
    if part.key in _BLOCKS or part.key in _METHODS:
        raise ImproperlyConfigured(f"{part.key!r} is registered twice")
    for op in part.ops:
        _claim(op.kind, part.key)
    for kind in part.event_kinds:
        _claim("event:" + kind, part.key)
    if isinstance(part, Method):
        for template in part.templates:
            _claim("template:" + template.key, part.key)
    registry[part.key] = part
    _OPS.update({op.kind: op for op in part.ops})
    return part


def unregister(key: str) -> None:
    """Remove a block or a method again (tests that register their own)."""
    part = _METHODS.pop(key, None) or _BLOCKS.pop(key, None)
    if part is None:
        return
    for name in [name for name, owner in _OWNER.items() if owner == key]:
        del _OWNER[name]
    for op in part.ops:
        _OPS.pop(op.kind, None)


def _claim(name: str, owner: str) -> None:
    if name in _OWNER:
        raise ImproperlyConfigured(f"{name!r} of {owner!r} is already declared by {_OWNER[name]!r}")
    _OWNER[name] = owner


def blocks() -> list[Block]:
    return list(_BLOCKS.values())


def methods() -> list[Method]:
    return list(_METHODS.values())


def method(key: str) -> Method | None:
    """The method of that key, or None (also for the blank key of a session without one)."""
    return _METHODS.get(key) if key else None


def ops() -> dict[str, Op]:
    """Every declared op by kind."""
    return dict(_OPS)


def op(kind: object) -> Op | None:
    return _OPS.get(kind) if isinstance(kind, str) else None


def console_panels(workshop: Workshop) -> list[tuple[str, dict]]:
    """(template, context) of the blocks' own console panels that have something to show."""
    panels = []
    for block in _BLOCKS.values():
        if block.console_panel and block.console_context:
            context = block.console_context(workshop)
            if context is not None:
                panels.append((block.console_panel, context))
    return panels


def joinings() -> list[tuple[str, Joining]]:
    """The blocks that take part in joining, with their keys."""
    return [(block.key, block.joining) for block in _BLOCKS.values() if block.joining]


def parts() -> list[Block | Method]:
    """Blocks first, then methods, each in registration order."""
    return [*_BLOCKS.values(), *_METHODS.values()]


def event_kinds() -> list[str]:
    """The event kinds of every block and method."""
    return [kind for part in parts() for kind in part.event_kinds]


def method_of_template(template_key: str) -> Method | None:
    """The method whose agenda template this is (None for the engine's own templates)."""
    owner = _OWNER.get("template:" + template_key)
    return _METHODS.get(owner) if owner else None


def round_presets(workshop: Workshop) -> list[RoundPreset]:
    """The timed rounds of a session: the engine's own, then those of the method it runs."""
    own = method(workshop.method)
    return [*ROUND_PRESETS, *(own.round_presets if own else ())]


def any_round_presets() -> list[str]:
    """The keys of the timed rounds any session can have: the engine's and every method's (what
    the API document offers; one session offers those of its own method, ``round_presets``)."""
    keys = [p.key for p in ROUND_PRESETS]
    keys += [p.key for m in _METHODS.values() for p in m.round_presets]
    return list(dict.fromkeys(keys))


def any_steps() -> list[int]:
    """The method steps an agenda item of any session can name: those of every method, or just
    step 1 when no method is registered (what the API document offers; one session offers the
    steps of its own method)."""
    return sorted({step for m in _METHODS.values() for step in m.steps}) or [1]


def templates() -> list[AgendaTemplate]:
    """Every agenda template: the methods' (in registration order), then the engine's own."""
    return [*(t for m in _METHODS.values() for t in m.templates), *PLAIN_TEMPLATES]


def template(key: object) -> AgendaTemplate | None:
    """The template of that key, or None."""
    return next((t for t in templates() if t.key == key), None)
