"""Writes on the register of agreements and actions: each one a logged, idempotent,
broadcast-after-commit operation (``apply_op``), like the post-it wall's.

Who may: a facilitator of the session everything; a participant may add an individual action
of their own, and may add progress to (and set the status of) the agreements they own; nobody
else. ``apply_op`` checks first that a participant is still in the session and that it runs."""

from __future__ import annotations

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.dates import parse_date
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.ops import facilitators_only, follow_up
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import Agreement, Distribution, ProgressUpdate
from .selectors import agreement_payload, distribution_payload

MAX_AGREEMENTS = 500  # per session
MAX_PROGRESS = 100  # per agreement
MAX_OWNERS = 20
MAX_CONTRIBUTORS = 50
DESCRIPTION_MAX = 500
OWNER_NAMES_MAX = 200
USES_EXISTING_MAX = 500
# The action form's fields (METHODS.md §4.3 blocks 5 and 6, §4.7): one line each.
SOLUTION_DIRECTION_MAX = 300
FIRST_STEP_MAX = 300
WITH_WHOM_MAX = 300
REPORT_BACK_MAX = 300
LINK_LABEL_MAX = 200
PROGRESS_MAX = 500
MAX_RECIPIENTS = 1000

KINDS = Agreement.Kind.values
STATUSES = Agreement.Status.values
LINK_KINDS = Agreement.LinkKind.values  # "" is no link
# The optional texts, set as given ("" empties one).
TEXTS = ("uses_existing", "solution_direction", "first_step", "with_whom", "report_back")


# --- Cleaning what was typed --------------------------------------------------------------------


def _choice(value: object, choices: list[str], field: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise Invalid(_("Choose one of the options."), field=field)
    return value


def _ids(value: object, field: str, most: int) -> list[int]:
    if value is None:
        return []
    if (
        not isinstance(value, (list, tuple))
        or len(value) > most
        or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        raise Invalid(
            _("Choose at most %(max)d people from the list.") % {"max": most}, field=field
        )
    return list(dict.fromkeys(value))


def _clean(fields: dict) -> dict:
    """The given fields, checked and normalised (only those that were given)."""
    cleaned: dict = {}
    if "kind" in fields:
        cleaned["kind"] = _choice(fields["kind"], KINDS, "kind")
    if "description" in fields:
        cleaned["description"] = clean_text(
            fields["description"],
            max_length=DESCRIPTION_MAX,
            field="description",
            label=_("The agreement"),
            multiline=True,
        )
    if "owner_ids" in fields:
        cleaned["owner_ids"] = _ids(fields["owner_ids"], "owner_ids", MAX_OWNERS)
    if "owner_names" in fields:
        cleaned["owner_names"] = clean_text(
            fields["owner_names"],
            max_length=OWNER_NAMES_MAX,
            field="owner_names",
            label=_("Other owners"),
            required=False,
        )
    if "contributor_ids" in fields:
        cleaned["contributor_ids"] = _ids(
            fields["contributor_ids"], "contributor_ids", MAX_CONTRIBUTORS
        )
    if "due_date" in fields:
        cleaned["due_date"] = parse_date(fields["due_date"], "due_date")
    if "status" in fields:
        cleaned["status"] = _choice(fields["status"], STATUSES, "status")
    if "uses_existing" in fields:
        cleaned["uses_existing"] = clean_text(
            fields["uses_existing"],
            max_length=USES_EXISTING_MAX,
            field="uses_existing",
            label=_("Existing contacts, means or processes"),
            required=False,
            multiline=True,
        )
    for name, most, label in (
        ("solution_direction", SOLUTION_DIRECTION_MAX, _("The solution direction")),
        ("first_step", FIRST_STEP_MAX, _("The first step")),
        ("with_whom", WITH_WHOM_MAX, _("With whom")),
        ("report_back", REPORT_BACK_MAX, _("How you report back")),
    ):
        if name in fields:
            cleaned[name] = clean_text(
                fields[name], max_length=most, field=name, label=label, required=False
            )
    if "link_kind" in fields:
        cleaned["link_kind"] = _choice(fields["link_kind"] or "", LINK_KINDS, "link_kind")
    if "link_id" in fields:
        link_id = fields["link_id"]
        if link_id is not None and (
            isinstance(link_id, bool) or not isinstance(link_id, int) or link_id < 1
        ):
            raise Invalid(
                _("The field “%(field)s” is not valid.") % {"field": "link_id"}, field="link_id"
            )
        cleaned["link_id"] = link_id
    if "link_label" in fields:
        cleaned["link_label"] = clean_text(
            fields["link_label"],
            max_length=LINK_LABEL_MAX,
            field="link_label",
            label=_("What it is linked to"),
            required=False,
        )
    return cleaned


def _members(workshop: Workshop, ids: list[int], field: str) -> list[Participant]:
    """The active participants of this session with these ids, or NotFound (an id of another
    session, of someone removed or of no one changes nothing)."""
    if not ids:
        return []
    found = {
        p.pk: p
        for p in Participant.objects.filter(workshop=workshop, pk__in=ids, removed_at__isnull=True)
    }
    if len(found) != len(ids):
        raise NotFound(_("Choose people who take part in this session."), field=field)
    return [found[pk] for pk in ids]


def _get(workshop: Workshop, agreement_id: object) -> Agreement:
    try:
        return Agreement.objects.get(workshop=workshop, pk=int(agreement_id))  # type: ignore[arg-type]
    except (Agreement.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This agreement no longer exists.")) from None


def _owns(actor: Actor, agreement: Agreement) -> bool:
    return (
        actor.participant is not None and agreement.owners.filter(pk=actor.participant.pk).exists()
    )


def _may_report(actor: Actor, workshop: Workshop, agreement: Agreement) -> None:
    """Facilitators, and participants who own the agreement."""
    if actor.is_facilitator_of(workshop) or _owns(actor, agreement):
        return
    raise NotAllowed(_("Only the facilitator and the owners of this agreement may do this."))


def _apply_link(agreement: Agreement, cleaned: dict) -> None:
    """Set the link's fields that were given; an id needs a kind, and no kind keeps no link."""
    for name in ("link_kind", "link_id", "link_label"):
        if name in cleaned:
            setattr(agreement, name, cleaned[name])
    if not agreement.link_kind:
        if cleaned.get("link_id") is not None:
            if "link_kind" in cleaned:  # the request itself gives an id without a kind
                raise Invalid(_("Say what the agreement is linked to."), field="link_kind")
            # A change of the id alone, of an agreement linked to nothing (409).
            raise Conflict(
                _("This agreement is not linked to anything yet. Say what it is linked to."),
                field="link_kind",
            )
        agreement.link_id, agreement.link_label = None, ""


# --- The ops ----------------------------------------------------------------------------------------


@follow_up
def agreement_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    kind: object,
    description: object,
    owner_ids: object = None,
    owner_names: object = "",
    contributor_ids: object = None,
    due_date: object = None,
    link_kind: object = "",
    link_id: object = None,
    link_label: object = "",
    status: object = None,
    uses_existing: object = "",
    solution_direction: object = "",
    first_step: object = "",
    with_whom: object = "",
    report_back: object = "",
) -> OpResult:
    """Add an agreement or action. A participant may add only an individual action of their own
    (``owner_ids`` left out: themselves), with all its fields. A status left out (or null) is
    open."""
    cleaned = _clean(
        {
            "kind": kind,
            "description": description,
            "owner_ids": owner_ids,
            "owner_names": owner_names,
            "contributor_ids": contributor_ids,
            "due_date": due_date,
            "link_kind": link_kind,
            "link_id": link_id,
            "link_label": link_label,
            "status": Agreement.Status.OPEN if status is None else status,
            "uses_existing": uses_existing,
            "solution_direction": solution_direction,
            "first_step": first_step,
            "with_whom": with_whom,
            "report_back": report_back,
        }
    )

    def change(workshop: Workshop) -> tuple[str, dict]:
        ids = cleaned["owner_ids"]
        if not ids and actor.participant is not None and not cleaned["owner_names"]:
            ids = [actor.participant.pk]
        owners = _members(workshop, ids, "owner_ids")
        contributors = _members(workshop, cleaned["contributor_ids"], "contributor_ids")
        if not owners and not cleaned["owner_names"]:
            # Other owners typed as only spaces are none: the message is about what was typed.
            typed = owner_names not in (None, "") and not ids
            raise Invalid(
                _("Choose who owns this agreement."), field="owner_names" if typed else "owner_ids"
            )
        if not actor.is_facilitator_of(workshop) and (
            cleaned["kind"] != Agreement.Kind.INDIVIDUAL_ACTION
            or [p.pk for p in owners] != [actor.participant.pk]
            or cleaned["owner_names"]
        ):
            raise NotAllowed(_("You can add only an individual action of your own."))
        if Agreement.objects.filter(workshop=workshop).count() >= MAX_AGREEMENTS:
            raise Conflict(
                _("This session has %(max)d agreements, the most it can hold.")
                % {"max": MAX_AGREEMENTS}
            )
        agreement = Agreement(
            workshop=workshop,
            created_by=actor.participant,
            created_by_user=None if actor.participant else actor.user,
            **{
                k: v
                for k, v in cleaned.items()
                if k not in ("owner_ids", "contributor_ids", "link_kind", "link_id", "link_label")
            },
        )
        _apply_link(agreement, cleaned)
        agreement.save()
        agreement.owners.set(owners)
        agreement.contributors.set(contributors)
        return events.AGREEMENT_CREATED, agreement_payload(agreement)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@follow_up
def agreement_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    agreement_id: object,
    fields: dict,
    version: object = None,
) -> OpResult:
    """Change the fields that are given (the rest stays). An owner who is a participant may
    change the status only; with ``version`` a change by someone else since is a conflict."""
    cleaned = _clean(fields)
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop: Workshop) -> tuple[str, dict]:
        agreement = _get(workshop, agreement_id)
        if not actor.is_facilitator_of(workshop):
            _may_report(actor, workshop, agreement)
            if set(cleaned) != {"status"}:
                raise NotAllowed(
                    _(
                        "You can change only the status of your action; the facilitator can change the rest."
                    )
                )
        if version is not None and version != agreement.version:
            raise Conflict(
                _("Someone else changed this agreement. Look at it again and try once more.")
            )
        owners = contributors = None
        if "owner_ids" in cleaned:
            owners = _members(workshop, cleaned["owner_ids"], "owner_ids")
        if "contributor_ids" in cleaned:
            contributors = _members(workshop, cleaned["contributor_ids"], "contributor_ids")
        for name in ("kind", "description", "owner_names", "due_date", "status", *TEXTS):
            if name in cleaned:
                setattr(agreement, name, cleaned[name])
        _apply_link(agreement, cleaned)
        has_owner = (
            bool(owners) if owners is not None else agreement.owners.exists()
        ) or agreement.owner_names
        if not has_owner:
            if {"owner_ids", "owner_names"} <= cleaned.keys():  # the request names no owner
                raise Invalid(_("Choose who owns this agreement."), field="owner_ids")
            # One kind of owner taken away, and the agreement has none of the other (409).
            raise Conflict(
                _("This would leave the agreement without an owner. Choose who owns it."),
                field="owner_names" if "owner_names" in cleaned else "owner_ids",
            )
        agreement.version += 1
        agreement.save()
        if owners is not None:
            agreement.owners.set(owners)
        if contributors is not None:
            agreement.contributors.set(contributors)
        return events.AGREEMENT_UPDATED, agreement_payload(agreement)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@follow_up
@facilitators_only
def agreement_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, agreement_id: object
) -> OpResult:
    """Delete an agreement with its progress updates."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        agreement = _get(workshop, agreement_id)
        pk = agreement.pk
        agreement.delete()
        return events.AGREEMENT_DELETED, {"id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@follow_up
def agreement_progress(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    agreement_id: object,
    text: object,
    date: object = None,
    status: object = None,
) -> OpResult:
    """Add a progress update (today in Amsterdam unless ``date`` says otherwise), and set the
    status with it when ``status`` is given; facilitators and the agreement's owners."""
    return _progress(workshop_id, actor, client_op_id, agreement_id, text, date, status)


def agreement_progress_follow_up(
    *, participant: Participant, agreement_id: object, text: object, status: object = None
) -> OpResult:
    """An owner's update on their action after the session, also when it has ended: from the
    device or the personal link that recognised them (``wijktafel.series``)."""
    return _progress(
        participant.workshop_id,
        Actor(participant=participant),
        None,
        agreement_id,
        text,
        None,
        status,
        after_end=True,
    )


def _progress(
    workshop_id, actor, client_op_id, agreement_id, text, date, status, *, after_end=False
) -> OpResult:
    text = clean_text(
        text, max_length=PROGRESS_MAX, field="text", label=_("The update"), multiline=True
    )
    day = parse_date(date, "date") or timezone.localdate()
    new_status = None if status is None else _choice(status, STATUSES, "status")

    def change(workshop: Workshop) -> tuple[str, dict]:
        agreement = _get(workshop, agreement_id)
        _may_report(actor, workshop, agreement)
        if agreement.progress.count() >= MAX_PROGRESS:
            raise Conflict(
                _("This agreement has %(max)d updates, the most it can hold.")
                % {"max": MAX_PROGRESS}
            )
        ProgressUpdate.objects.create(
            agreement=agreement,
            text=text,
            date=day,
            author=actor.participant,
            author_user=None if actor.participant else actor.user,
        )
        if new_status is not None:
            agreement.status = new_status
        agreement.version += 1
        agreement.save(update_fields=["status", "version", "updated_at"])
        return events.PROGRESS_ADDED, agreement_payload(agreement)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=change,
        after_end=after_end,
    )


@follow_up
@facilitators_only
def agreement_distribution_record(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    recipient_ids: object = None,
    kinds: object = None,
) -> OpResult:
    """Record that the facilitator sent the agreements (of ``kinds``, all when left out) to
    ``recipient_ids`` (every active participant when left out). Nothing is sent from here."""
    recipients_given = recipient_ids is not None
    ids = _ids(recipient_ids, "recipient_ids", MAX_RECIPIENTS)
    if kinds is None:
        chosen = list(KINDS)
    elif isinstance(kinds, (list, tuple)) and kinds and len(kinds) <= len(KINDS):
        given = {_choice(kind, KINDS, "kinds") for kind in kinds}
        chosen = [kind for kind in KINDS if kind in given]
    else:
        raise Invalid(_("Choose one of the options."), field="kinds")

    def change(workshop: Workshop) -> tuple[str, dict]:
        if recipients_given:
            people = _members(workshop, ids, "recipient_ids")
        else:
            people = list(
                Participant.objects.filter(workshop=workshop, removed_at__isnull=True).order_by(
                    "joined_at", "pk"
                )
            )
        if not people:
            raise Conflict(_("There is no one to send the agreements to."), field="recipient_ids")
        sent = list(
            Agreement.objects.filter(workshop=workshop, kind__in=chosen)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not sent:
            raise Conflict(_("There are no agreements of these kinds to send."), field="kinds")
        distribution = Distribution.objects.create(
            workshop=workshop,
            sent_at=timezone.now(),
            sent_by=actor.user,
            recipients=[{"participant_id": p.pk, "name": p.display_name} for p in people],
            kinds=chosen,
            agreement_ids=sent,
        )
        return events.DISTRIBUTED, distribution_payload(distribution)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
