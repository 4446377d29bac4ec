"""Pages for participants, who join by code or QR code without an account."""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wijktafel.core.errors import Refused, TooManyAttempts

from .. import rules, seam, selectors, throttle
from ..forms import JoinCodeForm, JoinNameForm
from ..identity import PENDING_KEY, participant_for, remember_participant
from ..models import Workshop
from .common import live_context

# Between the code (or QR code) and the name form the session remembers which workshop
# was found; after this many seconds the code must be typed again.
PENDING_MAX_AGE = 60 * 60


def _participate_url(workshop_id: int) -> str:
    return reverse("workshops:participate", args=[workshop_id])


def _remember_pending(request, workshop: Workshop):
    """Go on to the name form, or straight into the session when this device already joined."""
    if participant_for(request.session, workshop.pk) is not None:
        return redirect(_participate_url(workshop.pk))
    request.session[PENDING_KEY] = {"workshop_id": workshop.pk, "at": int(time.time())}
    return redirect("workshops:join_name")


def _pending_workshop(request) -> Workshop | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if time.time() - pending["at"] > PENDING_MAX_AGE:
        return None
    return Workshop.objects.filter(pk=pending.get("workshop_id")).first()


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    """Type the code from the big screen."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = throttle.find_workshop_to_join(
                ip=request.META.get("REMOTE_ADDR", ""),
                session=request.session,
                code=form.cleaned_data["code"],
            )
        except Refused as refusal:
            form.add_error("code", str(refusal.message))
            return _join_refused(request, form, refusal)
        else:
            return _remember_pending(request, workshop)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workshops/join.html",
        {"form": form, "offers": _offers(request)},
        status=status,
    )


def _offers(request) -> list[tuple[str, dict]]:
    """What blocks offer on the code page (the series: sessions to join with one tap)."""
    offers = (joining.offers(request) for _key, joining in seam.joinings() if joining.offers)
    return [offer for offer in offers if offer]


def remember_blocks(request, response, joined) -> None:
    """Let the blocks that take part in joining remember the join on this device."""
    for _key, joining in seam.joinings():
        if joining.remember:
            joining.remember(request, response, joined)


def _join_refused(request, form, refusal: Refused):
    """The code form with the refusal; 429 with Retry-After when there were too many tries."""
    status = refusal.http_status if isinstance(refusal, TooManyAttempts) else 400
    response = render(request, "workshops/join.html", {"form": form}, status=status)
    if isinstance(refusal, TooManyAttempts):
        response["Retry-After"] = str(refusal.retry_after)
    return response


@never_cache
@require_GET
def join_qr(request, token: str):
    """The QR code's target: remember the workshop, then continue on a URL without the token."""
    try:
        workshop = throttle.find_workshop_to_join(
            ip=request.META.get("REMOTE_ADDR", ""), session=request.session, token=token
        )
    except Refused as refusal:
        form = JoinCodeForm(
            {"code": ""}
        )  # the message goes on the code form: typing the code still works
        form.is_valid()
        form.add_error("code", str(refusal.message))
        response = render(
            request, "workshops/join.html", {"form": form}, status=refusal.http_status
        )
        if isinstance(refusal, TooManyAttempts):
            response["Retry-After"] = str(refusal.retry_after)
        return response
    return _remember_pending(request, workshop)


@never_cache
@require_http_methods(["GET", "POST"])
def join_name(request):
    """Name, and optionally organisation and role, as the group will see them."""
    workshop = _pending_workshop(request)
    if workshop is None:
        messages.info(request, _("Type the code of the session first."))
        return redirect("workshops:join")
    recognised = _recognised(request, workshop)
    form = JoinNameForm(
        request.POST if request.method == "POST" else None,
        initial=recognised.initial if recognised else None,
    )
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["display_name"]
        try:
            joined = throttle.join(
                ip=request.META.get("REMOTE_ADDR", ""),
                workshop=workshop,
                display_name=name,
                organisation_name=form.cleaned_data["organisation_name"],
                role_text=form.cleaned_data["role_text"],
                kind=form.cleaned_data["kind"],
                # the same name as the device was recognised as: that person; else someone new
                context=dict(recognised.context)
                if recognised and _same_name(name, recognised.initial.get("display_name", ""))
                else None,
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            request.session.pop(PENDING_KEY, None)
            request.session.cycle_key()
            remember_participant(request.session, workshop.pk, joined.token)
            response = redirect(_participate_url(workshop.pk))
            remember_blocks(request, response, joined)
            return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workshops/join_name.html",
        {"form": form, "workshop": workshop, "recognised": recognised},
        status=status,
    )


def _recognised(request, workshop: Workshop) -> seam.Recognised | None:
    """Who a block knows this device as (the series: a person of an earlier session)."""
    for _key, joining in seam.joinings():
        found = joining.recognise(request, workshop) if joining.recognise else None
        if found is not None:
            return found
    return None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@never_cache
@require_GET
def participate(request, pk: int):
    """The participant's phone view: what is asked now, and the input for it."""
    participant = participant_for(request.session, pk)
    if participant is None:
        messages.info(request, _("Join the session with its code first."))
        return redirect("workshops:join")
    workshop = participant.workshop
    context = live_context(request, workshop, with_secrets=False)
    context["participant"] = participant
    return render(request, "workshops/participate.html", context)


@never_cache
@require_GET
def events(request, pk: int):
    """Log entries after ``after`` (or a snapshot when too old or absent) for a member of the workshop."""
    workshop = Workshop.objects.filter(pk=pk).first()
    allowed = workshop is not None and (
        rules.can_facilitate(request.user, workshop)
        or participant_for(request.session, pk) is not None
    )
    if not allowed:
        return JsonResponse(
            {"code": "forbidden", "message": _("You are not part of this session.")}, status=403
        )
    try:
        after = int(request.GET["after"])
    except (KeyError, TypeError, ValueError):
        after = None
    frames = selectors.events_after(workshop=workshop, after=after) if after is not None else None
    if frames is None:
        return JsonResponse({"snapshot": selectors.shared_snapshot(workshop)})
    return JsonResponse({"events": frames, "head": workshop.last_seq})


@require_GET
def home(request):
    """Facilitators go to their sessions; everyone else chooses between joining and logging in."""
    if request.user.is_authenticated:
        return redirect("workshops:list")
    return render(request, "home.html")
