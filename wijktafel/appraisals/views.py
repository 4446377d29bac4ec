"""The facilitator's appraisal pages: list, start, overview, change, and linking the two work sessions.

Only facilitators and admins of the appraisal's organisation (and platform admins) see an
appraisal, the same rule as ``GET /api/v1/appraisals/{id}``; anyone else gets a 404, so nothing
leaks. Every write goes through ``services``: a refusal is shown on the page and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijktafel.activities.models import Postit
from wijktafel.core.errors import Refused
from wijktafel.workshops import rules as workshop_rules
from wijktafel.workshops import services as workshop_services
from wijktafel.workshops.models import Workshop

from . import rules, selectors, services
from .agenda import AFWEGEN_I, AFWEGEN_II
from .forms import AppraisalForm, SessionCreateForm
from .models import Appraisal, Choice

SESSIONS = {1: AFWEGEN_I, 2: AFWEGEN_II}
MAX_LINKABLE = 50  # workshops offered to link, newest first


def _appraisal_for(request, appraisal_id: int) -> Appraisal:
    """The appraisal if this user may facilitate it; a 404 otherwise (same as the API)."""
    appraisal = get_object_or_404(
        Appraisal.objects.select_related("area", "session_one", "session_two"), pk=appraisal_id
    )
    if not rules.can_facilitate_appraisal(request.user, appraisal):
        raise Http404
    return appraisal


def _detail_url(appraisal_id: int) -> str:
    return reverse("appraisals:detail", args=[appraisal_id])


def _warnings(appraisal: Appraisal) -> list[str]:
    return [selectors.warning_message(w) for w in selectors.trigger_warnings(appraisal.trigger)]


# --- List and start ----------------------------------------------------------------------------


@login_required
@require_GET
def appraisal_list(request):
    """The appraisals of the user's organisation, newest first, with their two work sessions."""
    appraisals = selectors.appraisals_for_user(request.user).select_related(
        "area", "session_one", "session_two"
    )
    return render(
        request,
        "appraisals/list.html",
        {
            "appraisals": appraisals,
            "can_create": workshop_rules.can_create_workshops(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Start an appraisal for the user's organisation; then open its overview."""
    if not workshop_rules.can_create_workshops(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = AppraisalForm(
        request.POST if posted else None, organisation_id=request.user.organisation_id
    )
    if posted and form.is_valid():
        try:
            appraisal = services.appraisal_create(
                user=request.user, area=form.cleaned_data["area"], **form.service_fields()
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request, _("The appraisal has started. Now link or create work session I.")
            )
            return redirect(_detail_url(appraisal.pk))
    return render(request, "appraisals/create.html", {"form": form}, status=400 if posted else 200)


# --- Overview and change -----------------------------------------------------------------------


def _linkable_workshops(appraisal: Appraisal):
    """Sessions of the appraisal's organisation that no appraisal uses yet and have not ended."""
    used = set()
    for one, two in Appraisal.objects.filter(organisation_id=appraisal.organisation_id).values_list(
        "session_one_id", "session_two_id"
    ):
        used.update(pk for pk in (one, two) if pk is not None)
    return list(
        Workshop.objects.filter(organisation_id=appraisal.organisation_id)
        .exclude(pk__in=used)
        .exclude(status=Workshop.Status.ENDED)
        .order_by("-planned_start", "-pk")[:MAX_LINKABLE]
    )


def _steps(appraisal: Appraisal, payload: dict) -> list[dict]:
    """One row per step (1–8) with what has been made so far, for the overview."""
    postits = Postit.objects.filter(
        workshop_id__in=appraisal.workshop_ids, parked=False, merged_into__isnull=True
    )
    core_problems = payload["core_problems"]
    solutions = [s for s in payload["solutions"] if s["merged_into_id"] is None]
    ranked_groups = {r["group_id"] for r in payload["rankings"] if r["ordered_solution_ids"]}
    groups = payload["groups"]
    selection = payload["selection"]
    choice = payload["choice"]
    baseline = payload["baseline"]
    needed_effect_cards = len(payload["effect_cards"]) + len(payload["effect_cards_missing"])

    def row(step, session, title, counts, done):
        return {"step": step, "session": session, "title": title, "counts": counts, "done": done}

    return [
        row(
            1,
            1,
            _("Inventory of problems"),
            [
                (_("Post-its"), postits.count()),
                (_("“Problem 1” marks"), len(payload["problem_marks"])),
                (_("Pitches"), len(payload["pitches"])),
            ],
            postits.exists(),
        ),
        row(
            2,
            1,
            _("Sharpen the problems"),
            [
                (
                    _("Core problems confirmed"),
                    _("%(done)d of %(total)d")
                    % {
                        "done": sum(1 for cp in core_problems if cp["confirmed_sharp"]),
                        "total": len(core_problems),
                    },
                ),
            ],
            bool(core_problems) and all(cp["confirmed_sharp"] for cp in core_problems),
        ),
        row(
            3,
            1,
            _("Baseline alternative"),
            [
                (_("Described"), _("yes") if baseline and baseline["description"] else _("no")),
                (
                    _("Horizon"),
                    ngettext("%(years)d year", "%(years)d years", appraisal.horizon_years)
                    % {"years": appraisal.horizon_years}
                    if appraisal.horizon_years
                    else "–",
                ),
            ],
            bool(baseline and baseline["description"]),
        ),
        row(
            4,
            1,
            _("Solutions"),
            [
                (_("Solutions"), len(solutions)),
                (_("Out of the box"), sum(1 for s in solutions if s["out_of_the_box"])),
            ],
            bool(solutions),
        ),
        row(
            5,
            2,
            _("Effects and extra costs"),
            [
                (_("Solution cards"), len(payload["cards"])),
                (_("Core effects"), len(payload["core_effects"])),
            ],
            bool(payload["cards"]),
        ),
        row(
            6,
            2,
            _("Pre-selection"),
            [
                (
                    _("Groups that ranked"),
                    _("%(done)d of %(total)d") % {"done": len(ranked_groups), "total": len(groups)},
                ),
                (
                    _("Selected"),
                    _("%(done)d of %(total)d")
                    % {
                        "done": len(selection["solution_ids"]) if selection else 0,
                        "total": appraisal.top_n,
                    },
                ),
            ],
            bool(selection and selection["solution_ids"]),
        ),
        row(
            7,
            2,
            _("Effect cards"),
            [
                (
                    _("Effect cards"),
                    _("%(done)d of %(total)d")
                    % {"done": len(payload["effect_cards"]), "total": needed_effect_cards},
                ),
            ],
            bool(selection)
            and not payload["effect_cards_missing"]
            and bool(payload["effect_cards"]),
        ),
        row(
            8,
            2,
            _("Choice"),
            [
                (_("Choice"), choice_label(choice)),
                (_("Insights"), len(payload["insights"])),
                (_("Actions"), len(payload["actions"])),
            ],
            bool(choice and choice["is_final"]),
        ),
    ]


def choice_label(choice: dict | None) -> str:
    if choice is None:
        return _("not yet")
    label = str(dict(Choice.Kind.choices).get(choice["kind"], choice["kind"]))
    return label if choice["is_final"] else _("%(choice)s (not final)") % {"choice": label}


def _session_rows(appraisal: Appraisal, post: dict | None = None) -> list[dict]:
    rows = []
    for number, template in SESSIONS.items():
        workshop = appraisal.session_one if number == 1 else appraisal.session_two
        prefix = f"session{number}"
        form = SessionCreateForm(
            post if post and post.get("session") == str(number) else None, prefix=prefix
        )
        if form.is_bound:
            form.is_valid()
        rows.append(
            {
                "number": number,
                "workshop": workshop,
                "template": template,
                "steps": "1–4" if number == 1 else "5–8",
                "form": form,
            }
        )
    return rows


def _detail_context(appraisal: Appraisal, *, post: dict | None = None) -> dict:
    payload = selectors.appraisal_payload(appraisal)
    return {
        "appraisal": appraisal,
        "warnings": _warnings(appraisal),
        "sessions": _session_rows(appraisal, post),
        "linkable": _linkable_workshops(appraisal),
        "steps": _steps(appraisal, payload),
    }


@login_required
@require_GET
def detail(request, appraisal_id: int):
    """The overview: summary, the two work sessions, what each step has made, the documents."""
    appraisal = _appraisal_for(request, appraisal_id)
    return render(request, "appraisals/detail.html", _detail_context(appraisal))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, appraisal_id: int):
    """Change title, trigger, starting point, size of the pre-selection and status."""
    appraisal = _appraisal_for(request, appraisal_id)
    posted = request.method == "POST"
    form = AppraisalForm(
        request.POST if posted else None,
        organisation_id=appraisal.organisation_id,
        appraisal=appraisal,
    )
    if posted and form.is_valid():
        try:
            services.appraisal_update(
                user=request.user, appraisal_id=appraisal.pk, fields=form.service_fields()
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("The appraisal has been saved."))
            return redirect(_detail_url(appraisal.pk))
    return render(
        request,
        "appraisals/edit.html",
        {"appraisal": appraisal, "form": form},
        status=400 if posted else 200,
    )


# --- Work sessions -------------------------------------------------------------------------------


def _session_title(appraisal: Appraisal, number: int) -> str:
    suffix = _("work session I") if number == 1 else _("work session II")
    room = 200 - len(suffix) - 3
    title = (
        appraisal.title
        if len(appraisal.title) <= room
        else appraisal.title[: room - 1].rstrip() + "…"
    )
    return f"{title} – {suffix}"


@login_required
@require_POST
def link(request, appraisal_id: int):
    """Link work session I or II: an existing session of the organisation, or a new one made from
    the Afwegen agenda template. Creating when the session is already there makes nothing new."""
    appraisal = _appraisal_for(request, appraisal_id)
    try:
        number = int(request.POST.get("session", ""))
    except ValueError:
        number = 0
    if number not in SESSIONS:
        messages.error(request, _("Choose work session I or II."))
        return redirect(_detail_url(appraisal.pk))
    try:
        if request.POST.get("action") == "create":
            form = SessionCreateForm(request.POST, prefix=f"session{number}")
            if not form.is_valid():
                context = _detail_context(appraisal, post=request.POST)
                return render(request, "appraisals/detail.html", context, status=400)
            created = _create_session(request.user, appraisal, number, form.planned_start())
            if created:
                messages.success(
                    request,
                    _(
                        "The work session has been created and linked. You can change "
                        "its agenda in the console."
                    ),
                )
            else:
                messages.info(
                    request, _("This work session was already linked. Nothing was created.")
                )
        else:
            services.appraisal_link(
                user=request.user,
                appraisal_id=appraisal.pk,
                session=number,
                workshop_id=request.POST.get("workshop_id"),
            )
            messages.success(request, _("The work session has been linked."))
    except Refused as refusal:
        messages.error(request, str(refusal.message))
    return redirect(_detail_url(appraisal.pk) + "#sessions")


def _create_session(user, appraisal: Appraisal, number: int, planned_start) -> bool:
    """Create the work session from the template and link it, in one transaction (a refused link
    leaves no stray session). False when the appraisal already has that session."""
    field = "session_one_id" if number == 1 else "session_two_id"
    with transaction.atomic():
        current = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if getattr(current, field) is not None:
            return False
        workshop = workshop_services.workshop_create(
            user=user,
            title=_session_title(current, number),
            template_key=SESSIONS[number].key,
            planned_start=planned_start,
            area=current.area,
        )
        services.appraisal_link(
            user=user, appraisal_id=current.pk, session=number, workshop_id=workshop.pk
        )
    return True


urlpatterns = [
    path("afwegingen/", appraisal_list, name="list"),
    path("afwegingen/nieuw/", create, name="create"),
    path("afwegingen/<int:appraisal_id>/", detail, name="detail"),
    path("afwegingen/<int:appraisal_id>/wijzigen/", edit, name="edit"),
    path("afwegingen/<int:appraisal_id>/sessies/", link, name="link"),
]
