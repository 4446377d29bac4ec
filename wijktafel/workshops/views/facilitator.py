"""Pages and endpoints for facilitators: dashboard, creation, console, big screen, agenda editor."""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from wijktafel.core.errors import Refused

from .. import rules, seam, selectors, services
from ..forms import AgendaItemForm, WorkshopCreateForm
from ..models import AgendaItem, Workshop
from ..services import Actor
from .common import live_context

AGENDA_FIELDS = ("title", "duration_minutes", "work_form", "activity", "instruction", "materials")


def _workshop_for(request, pk: int) -> Workshop:
    """The workshop if this user may facilitate it; a 404 otherwise, so nothing leaks."""
    workshop = get_object_or_404(Workshop.objects.select_related("organisation", "area"), pk=pk)
    if not rules.can_facilitate(request.user, workshop):
        raise Http404
    return workshop


def _console_url(workshop: Workshop) -> str:
    return reverse("workshops:console", args=[workshop.pk])


# --- Dashboard and creation ---------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request):
    """The sessions of the user's organisation, newest first."""
    workshops = (
        selectors.workshops_for_user(request.user).select_related("area").order_by("-planned_start")
    )
    return render(
        request,
        "workshops/list.html",
        {
            "workshops": workshops,
            "can_create": rules.can_create_workshops(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Create a session from an agenda template; then open its console."""
    if not rules.can_create_workshops(request.user):
        raise PermissionDenied
    form = WorkshopCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                user=request.user,
                title=form.cleaned_data["title"],
                template_key=form.cleaned_data["template_key"],
                planned_start=form.planned_start(),
                area=form.cleaned_data["area"],
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("The session is ready. You can change the agenda below."))
            return redirect(_console_url(workshop))
    templates = [
        {
            "key": t.key,
            "name": t.name,
            "description": t.description,
            "total_minutes": t.total_minutes,
            "item_count": len(t.items),
        }
        for t in seam.templates()
    ]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workshops/create.html", {"form": form, "templates": templates}, status=status
    )


# --- Live views ----------------------------------------------------------------------------


@login_required
@require_GET
def console(request, pk: int):
    """The facilitator console: agenda with the current item, timer controls, participants."""
    workshop = _workshop_for(request, pk)
    return render(request, "workshops/console.html", _console_context(request, workshop))


def _console_context(request, workshop: Workshop, **agenda_kwargs) -> dict:
    context = live_context(request, workshop, with_secrets=True)
    context.update(agenda_context(workshop, **agenda_kwargs))
    context["block_panels"] = seam.console_panels(workshop)
    return context


@login_required
@require_GET
def screen(request, pk: int):
    """The big screen for the beamer: current item, countdown, join code and QR, the wall."""
    workshop = _workshop_for(request, pk)
    context = live_context(request, workshop, with_secrets=True)
    context["plan"] = selectors.agenda_plan(workshop)
    return render(request, "workshops/screen.html", context)


@login_required
@require_GET
def qr(request, pk: int):
    """The QR code of the join link as SVG; never cached, because the link changes on rotation."""
    workshop = _workshop_for(request, pk)
    url = live_context(request, workshop, with_secrets=True)["join_url"]
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        svgns=True,
        title=_("QR code to join the session"),
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


# --- Agenda editor -------------------------------------------------------------------------


def agenda_context(
    workshop: Workshop,
    *,
    errors: dict | None = None,
    error_item: int | str | None = None,
    posted: dict | None = None,
) -> dict:
    """Context of ``_agenda.html``: the plan, a row per item with its form values, warnings, errors.

    ``error_item`` is an item id, or "new" for the add form; its form shows ``posted`` and ``errors``.
    """
    plan = selectors.agenda_plan(workshop)
    rows = []
    for index, entry in enumerate(plan.items):
        item = entry.item
        mine = error_item == item.pk
        values = {name: getattr(item, name) for name in AGENDA_FIELDS}
        if mine and posted is not None:
            values.update({name: posted.get(name, "") for name in AGENDA_FIELDS})
        rows.append(
            {
                "entry": entry,
                "item": item,
                "values": values,
                "errors": (errors or {}) if mine else {},
                "is_current": item.pk == workshop.current_item_id,
                "is_first": index == 0,
                "is_last": index == len(plan.items) - 1,
            }
        )
    warnings = [
        ngettext(
            "%(minutes)d minute not planned before %(time)s.",
            "%(minutes)d minutes not planned before %(time)s.",
            entry.item.gap_before_minutes,
        )
        % {"minutes": entry.item.gap_before_minutes, "time": _hhmm(entry.starts_at)}
        for entry in plan.gaps
    ]
    if plan.missing_break_at is not None:
        stretch_start = plan.missing_break_at - dt.timedelta(minutes=selectors.BREAK_EVERY_MINUTES)
        warnings.append(
            _("No break between %(start)s and %(end)s. Plan a break at least every 2.5 hours.")
            % {"start": _hhmm(stretch_start), "end": _hhmm(plan.missing_break_at)}
        )
    add_values = {
        "title": "",
        "duration_minutes": 15,
        "work_form": "plenary",
        "activity": "none",
        "instruction": "",
        "materials": "",
    }
    if error_item == "new" and posted is not None:
        add_values.update({name: posted.get(name, "") for name in AGENDA_FIELDS})
    return {
        "plan": plan,
        "agenda": {
            "rows": rows,
            "warnings": warnings,
            "ends_at": plan.ends_at,
            "total_minutes": plan.total_minutes,
            "add_values": add_values,
            "add_errors": (errors or {}) if error_item == "new" else {},
            "work_forms": AgendaItem.WorkForm.choices,
            "activities": AgendaItem.Activity.choices,
        },
    }


def _hhmm(moment) -> str:
    return moment.strftime("%H:%M")


@login_required
@require_GET
def agenda(request, pk: int):
    """The agenda editor as a fragment (htmx refresh after a live agenda change)."""
    workshop = _workshop_for(request, pk)
    return render(
        request, "workshops/_agenda.html", {"workshop": workshop, **agenda_context(workshop)}
    )


def _agenda_response(request, workshop: Workshop, *, errors=None, error_item=None, posted=None):
    """After a write: the fragment for htmx, a redirect to the console without JS.

    With errors: htmx gets the fragment with the messages next to the fields (HTTP 200, so
    htmx swaps it in); a plain form post gets the whole console with the messages (HTTP 400).
    """
    workshop.refresh_from_db()
    if not errors:
        if request.htmx:
            return render(
                request,
                "workshops/_agenda.html",
                {"workshop": workshop, **agenda_context(workshop)},
            )
        return redirect(_console_url(workshop) + "#agenda")
    if error_item != "new" and not workshop.agenda_items.filter(pk=error_item).exists():
        # Not an item of this agenda (gone, or another workshop's): it has no row to show the
        # message next to, so it goes above the add form instead of being lost.
        errors, error_item, posted = {"general": " ".join(errors.values())}, "new", None
    kwargs = {"errors": errors, "error_item": error_item, "posted": posted}
    if request.htmx:
        return render(
            request,
            "workshops/_agenda.html",
            {"workshop": workshop, **agenda_context(workshop, **kwargs)},
        )
    return render(
        request, "workshops/console.html", _console_context(request, workshop, **kwargs), status=400
    )


def _form_errors(form) -> dict:
    errors = {
        name: " ".join(str(m) for m in msgs)
        for name, msgs in form.errors.items()
        if name != "__all__"
    }
    if form.non_field_errors():
        errors["general"] = " ".join(form.non_field_errors())
    return errors


def _refusal_errors(refusal: Refused, fields=AGENDA_FIELDS) -> dict:
    key = refusal.field if refusal.field in fields else "general"
    return {key: str(refusal.message)}


def _posted(request) -> dict:
    return {name: request.POST.get(name, "") for name in AGENDA_FIELDS}


@login_required
@require_POST
def agenda_add(request, pk: int):
    workshop = _workshop_for(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _agenda_response(
            request, workshop, errors=_form_errors(form), error_item="new", posted=_posted(request)
        )
    try:
        services.agenda_item_add(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            fields=form.service_fields(),
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        return _agenda_response(
            request,
            workshop,
            errors=_refusal_errors(refusal),
            error_item="new",
            posted=_posted(request),
        )
    return _agenda_response(request, workshop)


@login_required
@require_POST
def agenda_update(request, pk: int, item_id: int):
    workshop = _workshop_for(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _agenda_response(
            request,
            workshop,
            errors=_form_errors(form),
            error_item=item_id,
            posted=_posted(request),
        )
    try:
        services.agenda_item_update(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            item_id=item_id,
            fields=form.service_fields(),
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        return _agenda_response(
            request,
            workshop,
            errors=_refusal_errors(refusal),
            error_item=item_id,
            posted=_posted(request),
        )
    return _agenda_response(request, workshop)


@login_required
@require_POST
def agenda_remove(request, pk: int, item_id: int):
    workshop = _workshop_for(request, pk)
    try:
        services.agenda_item_remove(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            item_id=item_id,
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        return _agenda_response(
            request, workshop, errors={"general": str(refusal.message)}, error_item=item_id
        )
    return _agenda_response(request, workshop)


@login_required
@require_POST
def agenda_move(request, pk: int, item_id: int):
    workshop = _workshop_for(request, pk)
    try:
        services.agenda_item_move(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            item_id=item_id,
            direction=request.POST.get("direction", ""),
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        return _agenda_response(
            request, workshop, errors={"general": str(refusal.message)}, error_item=item_id
        )
    return _agenda_response(request, workshop)


# --- Session control -----------------------------------------------------------------------


def _back_to_console(request, workshop: Workshop):
    url = _console_url(workshop)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def rotate_code(request, pk: int):
    """Give the session a new code and QR link; the old ones stop working at once."""
    workshop = _workshop_for(request, pk)
    try:
        services.workshop_rotate_code(workshop_id=workshop.pk, actor=Actor(user=request.user))
    except Refused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request, _("The session has a new code. The old code and QR code no longer work.")
        )
    return _back_to_console(request, workshop)


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk: int):
    """Ask for confirmation, then end the session for everyone."""
    workshop = _workshop_for(request, pk)
    if request.method == "GET":
        return render(request, "workshops/end_confirm.html", {"workshop": workshop})
    try:
        services.workshop_end(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request, _("The session has ended. Participants can no longer make changes.")
        )
    return _back_to_console(request, workshop)


@login_required
@require_POST
def remove_participant(request, pk: int, participant_id: int):
    """Remove someone from the session; their screen is disconnected at once."""
    workshop = _workshop_for(request, pk)
    try:
        services.participant_remove(
            workshop_id=workshop.pk,
            actor=Actor(user=request.user),
            participant_id=participant_id,
            client_op_id=services.parse_op_id(request.POST.get("client_op_id")),
        )
    except Refused as refusal:
        if request.htmx:  # a fragment that says it is an error, in place of the button
            return render(
                request,
                "includes/alert_error.html",
                {"message": refusal.message},
                status=refusal.http_status,
            )
        messages.error(request, str(refusal.message))
    else:
        if request.htmx:
            return HttpResponse(status=204)
        messages.success(request, _("The participant has been removed."))
    return redirect(_console_url(workshop))
