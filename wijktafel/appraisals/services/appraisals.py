"""The appraisal itself: create, change and link its work sessions (facilitators)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.series import services as series_services
from wijktafel.series.models import Series
from wijktafel.workshops import rules as workshop_rules
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import facilitators_only, follow_up
from wijktafel.workshops.services import Actor, OpResult, apply_op

from .. import events, rules, selectors
from ..models import METHOD_KEY, Appraisal
from ._common import (
    SELECTION_MAX,
    SELECTION_MIN,
    _choice,
    _get,
    _horizon,
    _id,
    _int,
    _line,
    _op,
    _text,
)

# --- The appraisal itself (facilitators, outside a session) --------------------------------------

APPRAISAL_FIELDS = ("title", "trigger", "starting_point", "top_n", "status")


def _clean_appraisal_fields(fields: dict) -> dict:
    cleaned = {}
    if "title" in fields:
        cleaned["title"] = _line(fields["title"], "title", _("Title"), required=True)
    if "trigger" in fields:
        cleaned["trigger"] = _text(fields["trigger"], "trigger", _("Trigger"))
    if "starting_point" in fields:
        cleaned["starting_point"] = _choice(
            fields["starting_point"], Appraisal.StartingPoint.values, "starting_point"
        )
    if "top_n" in fields:
        cleaned["top_n"] = _int(
            fields["top_n"],
            "top_n",
            low=SELECTION_MIN,
            high=SELECTION_MAX,
            message=_("The pre-selection holds three, four or five solutions."),
        )
    if "status" in fields:
        cleaned["status"] = _choice(fields["status"], Appraisal.Status.values, "status")
    return cleaned


def _require_facilitator(user, appraisal: Appraisal) -> None:
    if not rules.can_facilitate_appraisal(user, appraisal):
        raise NotFound(_("This appraisal does not exist."))


def appraisal_create(
    *,
    user,
    title: object,
    trigger: object = "",
    starting_point: object = "problem",
    area=None,
    horizon_years: object = None,
    top_n: object = 3,
) -> Appraisal:
    """Start an appraisal for the user's organisation (not logged: no session is linked yet)."""
    if not workshop_rules.can_create_workshops(user):
        raise NotAllowed(_("Only facilitators of an organisation can start an appraisal."))
    cleaned = _clean_appraisal_fields(
        {"title": title, "trigger": trigger, "starting_point": starting_point, "top_n": top_n}
    )
    if horizon_years is not None:
        cleaned["horizon_years"] = _horizon(horizon_years)
    if area is not None and area.organisation_id != user.organisation_id:
        raise NotAllowed(_("This neighbourhood belongs to another organisation."))
    with transaction.atomic():  # with the series of its two work sessions
        series = Series.objects.create(
            organisation_id=user.organisation_id,
            title=cleaned["title"],
            method=METHOD_KEY,
            created_by=user,
        )
        return Appraisal.objects.create(
            organisation_id=user.organisation_id,
            area=area,
            created_by=user,
            series=series,
            **cleaned,
        )


@follow_up
@facilitators_only
def appraisal_update(
    *, user, appraisal_id: int, fields: dict, client_op_id: uuid.UUID | None = None
) -> Appraisal:
    """Change title, trigger, starting point, size of the pre-selection or status.

    The change is logged in every linked session (``appraisal.changed``) in one transaction."""
    cleaned = _clean_appraisal_fields(fields)
    if not cleaned:
        raise Invalid(_("Nothing to change."))
    with transaction.atomic():
        appraisal = _get(Appraisal, _("This appraisal does not exist."), pk=appraisal_id)
        _require_facilitator(user, appraisal)
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)

        def change(workshop, appraisal_):
            for name, value in cleaned.items():
                setattr(appraisal_, name, value)
            appraisal_.save(update_fields=list(cleaned))
            if "title" in cleaned and appraisal_.series_id:
                Series.objects.filter(pk=appraisal_.series_id).update(title=cleaned["title"])
            return events.APPRAISAL_CHANGED, selectors.appraisal_summary(appraisal_)

        if not appraisal.workshop_ids:
            change(None, appraisal)
        for workshop_id in appraisal.workshop_ids:
            _op(
                workshop_id=workshop_id,
                actor=Actor(user=user),
                client_op_id=client_op_id,
                change=change,
            )
    return Appraisal.objects.get(pk=appraisal_id)


@follow_up
@facilitators_only
def appraisal_link(
    *,
    user,
    appraisal_id: int,
    session: object,
    workshop_id: object,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Link a work session as session I or II; logged as ``appraisal.linked`` in that session."""
    if session not in (1, 2):
        raise Invalid(_("Choose work session I or II."), field="session")
    appraisal = _get(Appraisal, _("This appraisal does not exist."), pk=appraisal_id)
    _require_facilitator(user, appraisal)
    workshop = _get(Workshop, _("This session does not exist."), pk=_id(workshop_id, "workshop_id"))
    same_organisation = workshop.organisation_id == appraisal.organisation_id
    if not workshop_rules.can_facilitate(user, workshop) or not same_organisation:
        raise NotFound(_("This session does not exist."), field="workshop_id")
    field = "session_one" if session == 1 else "session_two"

    def change(ws: Workshop) -> tuple[str, dict]:
        current = Appraisal.objects.select_for_update().get(pk=appraisal_id)
        other = selectors.appraisal_for_workshop(ws)
        if other is not None and other.pk != current.pk:
            raise Conflict(
                _("This session already belongs to another appraisal."), field="workshop_id"
            )
        if ws.pk in current.workshop_ids and getattr(current, f"{field}_id") != ws.pk:
            raise Conflict(
                _("This session is already the other work session of this appraisal."),
                field="workshop_id",
            )
        setattr(current, field, ws)
        current.save(update_fields=[field])
        if current.series is not None:
            series_services.place_session(series=current.series, workshop=ws, position=session)
        if ws.method != METHOD_KEY:  # from now on the session runs the method
            ws.method = METHOD_KEY
            ws.save(update_fields=["method"])
        return events.APPRAISAL_LINKED, {
            "appraisal_id": current.pk,
            "session": session,
            "appraisal": selectors.appraisal_summary(current),
        }

    return apply_op(
        workshop_id=workshop.pk, actor=Actor(user=user), client_op_id=client_op_id, change=change
    )
