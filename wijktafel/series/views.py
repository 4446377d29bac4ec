"""Pages of a series: the facilitator's overview (sessions, who came, links, merging) and the
pages of a person who comes back (their link, their next session, their actions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijktafel.agreements.models import Agreement
from wijktafel.agreements.services import agreement_progress_follow_up
from wijktafel.core.errors import Refused
from wijktafel.workshops import throttle
from wijktafel.workshops.identity import PENDING_KEY, participant_for, remember_participant
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.rules import can_create_workshops

from . import device, selectors, services
from .models import PersonalLink, Series

# --- facilitators ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_list(request):
    """The organisation's series, and a new one."""
    if request.method == "POST":
        try:
            series = services.series_create(user=request.user, title=request.POST.get("title"))
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            return redirect("series:detail", series.pk)
    rows = (
        Series.objects.filter(organisation_id=request.user.organisation_id)
        if request.user.organisation_id
        else Series.objects.none()
    )
    return render(
        request,
        "series/list.html",
        {"series_list": rows[:200], "may_create": can_create_workshops(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def series_detail(request, pk: int):
    """The sessions in order, who came to which, and per person their links."""
    series = _series_or_404(request, pk)
    table = services.attendance_table(series)
    in_series = series.entries.values_list("workshop_id", flat=True)
    addable = Workshop.objects.filter(organisation_id=series.organisation_id).exclude(
        pk__in=in_series
    )
    links = PersonalLink.objects.filter(person__series=series).select_related("person")
    return render(
        request,
        "series/detail.html",
        {
            "series": series,
            "table": table,
            "addable": addable.filter(series_entry__isnull=True)[:100],
            "links": links[:200],
            "purposes": PersonalLink.Purpose.choices,
            "new_link": request.session.pop("series_new_link", None),
        },
    )


def _series_or_404(request, pk: int) -> Series:
    try:
        return services.get_series(user=request.user, series_id=pk)
    except Refused:
        raise Http404(_("This series does not exist.")) from None


def _series_action(request, pk: int, action):
    """Run a facilitator's change of a series they may manage (404 for anyone else) and go
    back to the series, with the refusal as a message."""
    _series_or_404(request, pk)
    try:
        action()
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("series:detail", pk)


@login_required
@require_POST
def series_add_session(request, pk: int):
    def add():
        services.series_add_session(
            user=request.user, series_id=pk, workshop_id=request.POST.get("workshop_id")
        )
        messages.success(request, _("The session was added to the series."))

    return _series_action(request, pk, add)


@login_required
@require_POST
def link_create(request, pk: int):
    def create():
        link, token = services.link_create(
            user=request.user,
            series_id=pk,
            person_id=request.POST.get("person_id"),
            purpose=request.POST.get("purpose") or PersonalLink.Purpose.RETURN,
            days=request.POST.get("days") or services.LINK_DAYS_DEFAULT,
        )
        # Shown once, on the next page: only a digest is kept.
        request.session["series_new_link"] = {
            "name": link.person.display_name,
            "url": request.build_absolute_uri(reverse("series:link", args=[token])),
            "expires_at": link.expires_at.isoformat(),
        }

    return _series_action(request, pk, create)


@login_required
@require_POST
def link_revoke(request, pk: int, link_id: int):
    def revoke():
        services.link_revoke(user=request.user, series_id=pk, link_id=link_id)
        messages.success(request, _("The link no longer works."))

    return _series_action(request, pk, revoke)


@login_required
@require_POST
def persons_merge(request, pk: int):
    def merge():
        keep = services.persons_merge(
            user=request.user,
            series_id=pk,
            keep_id=request.POST.get("keep_id"),
            merge_id=request.POST.get("merge_id"),
        )
        messages.success(request, _("Merged into %(name)s.") % {"name": keep.display_name})

    return _series_action(request, pk, merge)


@login_required
@require_POST
def forget_devices(request, pk: int, person_id: int):
    def forget():
        person = services.forget_devices(user=request.user, series_id=pk, person_id=person_id)
        messages.success(
            request,
            _("No device recognises %(name)s any more.") % {"name": person.display_name},
        )

    return _series_action(request, pk, forget)


@login_required
@require_POST
def carry_groups(request, workshop_id: int):
    """The facilitator takes over the groups of the previous session of the series."""
    try:
        services.carry_groups_over(user=request.user, workshop_id=workshop_id)
    except Refused as refusal:
        if refusal.http_status == 404:
            raise Http404(refusal.message) from None
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The groups of the previous session are here again."))
    return redirect("workshops:console", workshop_id)


# --- a person who comes back ----------------------------------------------------------------


@never_cache
@require_GET
def open_link(request, token: str):
    """A personal link: this device recognises the person from now on; on to their page."""
    try:
        _link, person = services.link_open(token)
    except Refused as refusal:
        return render(request, "series/link_refused.html", {"message": refusal.message}, status=403)
    response = redirect("series:me")
    device.remember(request, response, person)
    return response


@never_cache
@require_GET
def me(request):
    """What this device's person can do: join their next session as themselves, open the
    sessions they are in, and write an update on their open actions."""
    people = []
    for person in device.known_persons(request).values():
        attended = [
            a.workshop
            for a in person.attendances.select_related("workshop").order_by("workshop_id")
        ]
        people.append(
            {
                "person": person,
                "series": person.series,
                "joinable": services.joinable_sessions(person),
                "open_here": [w for w in attended if participant_for(request.session, w.pk)],
                "attended": attended,
                "actions": selectors.open_actions(person),
            }
        )
    return render(request, "series/me.html", {"people": people})


def _recognised(request, workshop_id: int):
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    series = services.series_of(workshop_id) if workshop else None
    person = device.known_person(request, series.pk) if series else None
    return workshop, person


@never_cache
@require_http_methods(["GET", "POST"])
def join_back(request, workshop_id: int):
    """ "Welcome back": join a session of one's series as oneself, with one tap."""
    workshop, person = _recognised(request, workshop_id)
    if workshop is None or person is None:
        messages.info(request, _("Join the session with its code first."))
        return redirect("workshops:join")
    if participant_for(request.session, workshop.pk) is not None:
        return redirect("workshops:participate", workshop.pk)
    if request.method == "POST":
        try:
            joined = throttle.join(
                ip=request.META.get("REMOTE_ADDR", ""),
                workshop=workshop,
                display_name=person.display_name,
                organisation_name=person.organisation_name,
                kind=person.kind,
                context={"person": person},
            )
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            request.session.pop(PENDING_KEY, None)
            request.session.cycle_key()
            remember_participant(request.session, workshop.pk, joined.token)
            response = redirect("workshops:participate", workshop.pk)
            device.remember(request, response, joined.extras["series"])
            return response
    pending = request.session.get(PENDING_KEY)
    return render(
        request,
        "series/join_back.html",
        {
            "workshop": workshop,
            "person": person,
            "code_typed": isinstance(pending, dict) and pending.get("workshop_id") == workshop.pk,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_POST
def action_update(request, agreement_id: int):
    """An update on one of the person's own actions, also after the session ended."""
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    participant = None
    if agreement is not None:
        series = services.series_of(agreement.workshop_id)
        person = device.known_person(request, series.pk) if series else None
        if person is not None:
            participant = (
                agreement.owners.filter(attendance__person=person)
                .select_related("workshop")
                .first()
            )
    if participant is None:
        messages.error(request, _("This action is not yours, or no longer exists."))
        return redirect("series:me")
    status = request.POST.get("status") or None
    try:
        agreement_progress_follow_up(
            participant=participant,
            agreement_id=agreement.pk,
            text=request.POST.get("text", ""),
            status=status if status in Agreement.Status.values else None,
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your update was saved."))
    return redirect("series:me")
