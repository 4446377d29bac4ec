"""Pages of Samenwerken in de wijk outside a live session: the organisation's wording of the ten
questions (the meeting report's downloads are in ``views_reports``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijktafel.core.errors import Refused
from wijktafel.workshops import rules

from . import services
from .forms import QuestionForm
from .questions import NUMBERS, questions_of


def _form(number: int, data=None) -> QuestionForm:
    """The form of question ``number``, with ids of its own ("id_q3-wording")."""
    return QuestionForm(data, auto_id=f"id_q{number}-%s")


def _number(value: object) -> int | None:
    """The question a form names ("1" to "10", as the page sends it), or None."""
    return int(value) if value in {str(n) for n in NUMBERS} else None


def _saved(number: int):
    return redirect(reverse("collaboration:questions") + f"#vraag-{number}")


@login_required
@require_http_methods(["GET", "POST"])
def questions(request):
    """The ten questions as the organisation words them, each with its solution directions, for
    its facilitators and admins to change (or to set back to the original). Every new meeting of
    the organisation copies them as they are then; a meeting that exists keeps its own.

    One question is saved at a time. A refusal shows its message at the field and the page again
    with what was typed (400), so nothing is lost."""
    user = request.user
    if not rules.can_create_workshops(user):  # an account of an organisation that facilitates
        raise PermissionDenied
    posted = request.method == "POST"
    bound: QuestionForm | None = None
    number = _number(request.POST.get("number")) if posted else None
    problem = ""
    if posted and number is None:
        problem = _("Choose one of the ten questions.")
    elif posted and request.POST.get("action") == "restore":
        try:
            services.question_restore(user=user, number=number)
        except Refused as refusal:
            problem = str(refusal.message)
        else:
            messages.success(
                request,
                _("Question %(number)d has its original wording again.") % {"number": number},
            )
            return _saved(number)
    elif posted:
        bound = _form(number, request.POST)
        if bound.is_valid():
            try:
                services.question_word(user=user, number=number, **bound.service_fields())
            except Refused as refusal:
                bound.add_refusal(refusal)
            else:
                messages.success(
                    request, _("Question %(number)d has been saved.") % {"number": number}
                )
                return _saved(number)
    rows = []
    for question in questions_of(user.organisation):
        form = bound if bound is not None and question.number == number else None
        if form is None:
            form = _form(question.number)
            form.initial = {
                "number": question.number,
                "wording": question.wording,
                "directions": "\n".join(question.directions),
            }
        rows.append({"question": question, "form": form})
    return render(
        request,
        "collaboration/questions.html",
        {"rows": rows, "problem": problem},
        status=400 if posted else 200,
    )
