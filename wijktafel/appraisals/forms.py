"""Parsing of the appraisal forms; the services validate and decide (and refuse in Dutch)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wijktafel.core.forms import UtrechtForm
from wijktafel.neighbourhoods.models import Area

from .models import Appraisal

TOP_N_CHOICES = [(3, "3"), (4, "4"), (5, "5")]

TRIGGER_HELP = _(
    "Make the trigger as sharp as you can. Which problem do people feel, for whom, and where? "
    "For example: “For three years complex A has had twice as many complaints about litter as "
    "the rest of the neighbourhood.” Not: “We want to do something with the square.”"
)


class AppraisalForm(UtrechtForm):
    """Start or change an appraisal. Lengths and choices are checked by the service, so the
    messages are the same as in the API; the form only turns the text of the page into values."""

    title = forms.CharField(
        label=_("Title"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"required": True, "autocomplete": "off"}),
    )
    trigger = forms.CharField(
        label=_("Trigger (aanleiding)"),
        required=False,
        strip=False,
        help_text=TRIGGER_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starting_point = forms.ChoiceField(
        label=_("We start from"), choices=Appraisal.StartingPoint.choices, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(
        label=_("Neighbourhood (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("No neighbourhood"),
    )
    top_n = forms.TypedChoiceField(
        label=_("Size of the pre-selection"),
        choices=TOP_N_CHOICES,
        coerce=int,
        help_text=_(
            "In step 6 the groups choose the best three to five solutions to analyse further."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, capfirst(label)) for value, label in Appraisal.Status.choices],
    )

    SERVICE_FIELDS = ("title", "trigger", "starting_point", "top_n", "status")

    def __init__(
        self, *args, organisation_id: int | None, appraisal: Appraisal | None = None, **kwargs
    ):
        if appraisal is not None:
            kwargs.setdefault(
                "initial", {name: getattr(appraisal, name) for name in self.SERVICE_FIELDS}
            )
        else:
            kwargs.setdefault(
                "initial", {"starting_point": Appraisal.StartingPoint.PROBLEM, "top_n": 3}
            )
        super().__init__(*args, **kwargs)
        if appraisal is None:
            del self.fields["status"]  # a new appraisal is open
            self.fields["area"].queryset = (
                Area.objects.filter(organisation_id=organisation_id).order_by("level", "name")
                if organisation_id
                else Area.objects.none()
            )
        else:
            del self.fields["area"]  # the service does not change the neighbourhood afterwards

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.SERVICE_FIELDS if name in self.fields
        }


class SessionCreateForm(UtrechtForm):
    """When the new work session is planned; its title and agenda come from the appraisal."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "start_time": dt.time(9, 0)})
        super().__init__(*args, **kwargs)

    def planned_start(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["start_time"]))
