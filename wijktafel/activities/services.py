"""Writes on the post-it wall: each one a logged, idempotent, broadcast-after-commit operation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from wijktafel.core.db import rows
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.parking import services as parking
from wijktafel.parking.models import ParkedTopic
from wijktafel.parking.selectors import topic_payload
from wijktafel.workshops import rules
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import Column, Postit
from .selectors import column_payload, postit_payload

LIMITS = settings.WIJKTAFEL
POSTIT_MAX = LIMITS["POSTIT_MAX_CHARS"]
WHY_MAX = LIMITS["POSTIT_WHY_MAX_CHARS"]
COLUMN_TITLE_MAX = 80
PARK_NOTE_MAX = 300
POSITION_MAX = 100_000


def _clean_postit_text(text: object) -> str:
    return clean_text(text, max_length=POSTIT_MAX, field="text", label=_("The post-it"))


def _clean_why(why: object) -> str:
    return clean_text(
        why,
        max_length=WHY_MAX,
        field="why",
        label=_("Why is this a problem"),
        required=False,
        multiline=True,
    )


def _clean_column_title(title: object, field: str, *, required: bool = True) -> str:
    return clean_text(
        title,
        max_length=COLUMN_TITLE_MAX,
        field=field,
        label=_("Problem owner"),
        required=required,
    )


def _get_postit(workshop: Workshop, postit_id: object) -> Postit:
    try:
        return Postit.objects.select_related("author").get(workshop=workshop, pk=int(postit_id))  # type: ignore[arg-type]
    except (Postit.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This post-it no longer exists.")) from None


def _get_column(workshop: Workshop, column_id: object) -> Column:
    try:
        return Column.objects.get(workshop=workshop, pk=int(column_id))  # type: ignore[arg-type]
    except (Column.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This column no longer exists.")) from None


def _may_edit(actor: Actor, workshop: Workshop, postit: Postit) -> None:
    if actor.is_facilitator_of(workshop):
        return
    if not rules.owns_postit(actor.participant, postit):
        raise NotAllowed(_("You can only change your own post-its."))


def _next_position(workshop: Workshop) -> int:
    top = rows.max_of(Postit, "position", "workshop", workshop.pk)  # on every post-it: no ORM
    return 0 if top is None else top + 1


def postit_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    text: object,
    why: object = "",
    column_id: object = None,
    column_title: object = None,
) -> OpResult:
    """Add a post-it, optionally under an existing problem owner or a new one typed by the author."""
    text = _clean_postit_text(text)
    why = _clean_why(why)
    # A problem owner typed by the author; one that shows nothing is none (like "").
    new_title = _clean_column_title(column_title, "column_title", required=False)

    def change(workshop: Workshop) -> tuple[str, dict]:
        column = None
        if column_id not in (None, ""):
            column = _get_column(workshop, column_id)
        elif new_title:
            column = Column.objects.filter(workshop=workshop, title__iexact=new_title).first()
            if column is None:
                top = workshop.columns.aggregate(m=Max("position"))["m"]
                column = Column.objects.create(
                    workshop=workshop, title=new_title, position=0 if top is None else top + 1
                )
        postit = rows.insert(
            Postit(
                workshop=workshop,
                text=text,
                why=why,
                column=column,
                position=_next_position(workshop),
                author=actor.participant,
                author_user=None if actor.participant else actor.user,
            )
        )
        data = postit_payload(postit)
        if column is not None:
            data["column"] = column_payload(column)
        return events.POSTIT_CREATED, data

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def postit_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    postit_id: object,
    text: object = None,
    why: object = None,
    version: object = None,
) -> OpResult:
    """Change the text or the reason of a post-it (None keeps it); with ``version`` a concurrent
    edit is refused as a conflict."""
    text = None if text is None else _clean_postit_text(text)
    why = None if why is None else _clean_why(why)

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        _may_edit(actor, workshop, postit)
        if version is not None and version != postit.version:
            raise Conflict(
                _("Someone else changed this post-it. Look at the new text and try again.")
            )
        postit.text = postit.text if text is None else text
        postit.why = postit.why if why is None else why
        postit.version += 1
        postit.save(update_fields=["text", "why", "version", "updated_at"])
        data = postit_payload(postit)
        if postit.parked and text is not None:
            # A parked post-it is a topic of the parking lot: it keeps the post-it's text.
            data["parked_topic"] = topic_payload(parking.park_postit(workshop, postit))
        return events.POSTIT_UPDATED, data

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def postit_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, postit_id: object
) -> OpResult:
    """Delete a post-it; post-its merged into it come back as separate post-its."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        _may_edit(actor, workshop, postit)
        freed = list(postit.merged.values_list("pk", flat=True))
        Postit.objects.filter(pk__in=freed).update(merged_into=None)
        pk = postit.pk
        postit.delete()
        return events.POSTIT_DELETED, {"id": pk, "unmerged_ids": freed}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def postit_move(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    postit_id: object,
    column_id: object = None,
    position: object = None,
) -> OpResult:
    """Put a post-it in a column (or none) at a position; facilitators only."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        postit.column = None if column_id in (None, "") else _get_column(workshop, column_id)
        if position is not None:
            if (
                isinstance(position, bool)
                or not isinstance(position, int)
                or not 0 <= position <= POSITION_MAX
            ):
                raise Invalid(_("The position is not valid."), field="position")
            postit.position = position
        postit.version += 1
        postit.save(update_fields=["column", "position", "version", "updated_at"])
        return events.POSTIT_UPDATED, postit_payload(postit)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def postit_merge(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    postit_id: object,
    into_id: object,
) -> OpResult:
    """Merge a duplicate into another post-it; the duplicate stays readable under it.

    Both refusals below are about the post-its as stored, not the shape of the request (409):
    which post-it an id names, and whether the target is merged already."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        target = _get_postit(workshop, into_id)
        if postit.pk == target.pk:
            raise Conflict(_("A post-it cannot be merged with itself."), field="into_id")
        if target.merged_into_id is not None:
            raise Conflict(_("Merge into a post-it that is not merged itself."), field="into_id")
        Postit.objects.filter(merged_into=postit).update(merged_into=target)
        postit.merged_into = target
        postit.column = target.column
        postit.version += 1
        postit.save(update_fields=["merged_into", "column", "version", "updated_at"])
        return events.POSTIT_UPDATED, {
            **postit_payload(postit),
            "moved_ids": list(target.merged.values_list("pk", flat=True)),
        }

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def postit_unmerge(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, postit_id: object
) -> OpResult:
    """Take a merged post-it out again."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        if postit.merged_into_id is None:
            raise Conflict(_("This post-it is not merged."))
        postit.merged_into = None
        postit.version += 1
        postit.save(update_fields=["merged_into", "version", "updated_at"])
        return events.POSTIT_UPDATED, postit_payload(postit)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def postit_park(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    postit_id: object,
    parked: object = True,
    note: object = "",
    kind: object = None,
) -> OpResult:
    """Move a post-it to the parking lot with a note (it becomes a parked topic there, a
    solution idea that comes back at a step where the method says so, or what ``kind`` says),
    or bring it back (the topic goes)."""
    if not isinstance(parked, bool):
        raise Invalid(_("Choose park or unpark."))
    note = clean_text(note, max_length=PARK_NOTE_MAX, field="note", label=_("Note"), required=False)
    if kind is not None and kind not in ParkedTopic.Kind.values:
        raise Invalid(_("Choose a topic or a solution idea."), field="kind")

    def change(workshop: Workshop) -> tuple[str, dict]:
        postit = _get_postit(workshop, postit_id)
        postit.parked = parked
        postit.parked_note = note if parked else ""
        postit.version += 1
        postit.save(update_fields=["parked", "parked_note", "version", "updated_at"])
        # The parking lot keeps the parked post-it as a topic (decision 0013); back on the wall,
        # the topic goes. The event carries it (null: gone), so the parking lot stays live.
        data = postit_payload(postit)
        if parked:
            data["parked_topic"] = topic_payload(parking.park_postit(workshop, postit, kind))
        else:
            parking.unpark_postit(postit)
            data["parked_topic"] = None
        return events.POSTIT_UPDATED, data

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def column_create(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, title: object
) -> OpResult:
    """Add a column (a problem owner) at the end of the wall."""
    title = _clean_column_title(title, "title")

    def change(workshop: Workshop) -> tuple[str, dict]:
        if Column.objects.filter(workshop=workshop, title__iexact=title).exists():
            raise Conflict(_("There is already a column with this name."), field="title")
        top = workshop.columns.aggregate(m=Max("position"))["m"]
        column = Column.objects.create(
            workshop=workshop, title=title, position=0 if top is None else top + 1
        )
        return events.COLUMN_CREATED, column_payload(column)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def column_rename(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    column_id: object,
    title: object,
) -> OpResult:
    """Rename a column."""
    title = _clean_column_title(title, "title")

    def change(workshop: Workshop) -> tuple[str, dict]:
        column = _get_column(workshop, column_id)
        if (
            Column.objects.filter(workshop=workshop, title__iexact=title)
            .exclude(pk=column.pk)
            .exists()
        ):
            raise Conflict(_("There is already a column with this name."), field="title")
        column.title = title
        column.save(update_fields=["title"])
        return events.COLUMN_UPDATED, column_payload(column)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def column_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, column_id: object
) -> OpResult:
    """Delete a column; its post-its stay on the wall without a column."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        column = _get_column(workshop, column_id)
        pk = column.pk
        column.delete()
        return events.COLUMN_DELETED, {"id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
