"""Parsing of the page of the ten questions; the services validate and decide (and refuse in
Dutch), so the messages are the same as in the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wijktafel.core.forms import UtrechtForm

from .questions import NUMBERS


class QuestionForm(UtrechtForm):
    """One question's wording and its solution directions, one per line. The page shows ten of
    these, each with its own ids (``auto_id``); the names are the same in each."""

    number = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in NUMBERS], coerce=int, widget=forms.HiddenInput
    )
    wording = forms.CharField(
        label=_("Question"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    directions = forms.CharField(
        label=_("Solution directions"),
        required=False,
        strip=False,
        help_text=_("One solution direction per line. Leave empty for none."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_fields(self) -> dict:
        """What ``services.question_word`` takes: the wording and a list of lines (empty lines
        are left out there)."""
        return {
            "wording": self.cleaned_data["wording"],
            "directions": self.cleaned_data["directions"].splitlines(),
        }
