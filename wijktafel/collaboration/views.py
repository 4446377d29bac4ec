"""Pages of Samenwerken in de wijk outside a live session."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .questions import questions_of


@login_required
def questions(request):
    """The ten questions as the organisation words them (to be made editable)."""
    return render(
        request,
        "collaboration/questions.html",
        {"questions": questions_of(request.user.organisation)},
    )
