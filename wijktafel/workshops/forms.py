"""Parsing of the workshop forms; the services validate and decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijktafel.core.dates import check_year
from wijktafel.core.errors import Invalid
from wijktafel.core.forms import UtrechtForm
from wijktafel.neighbourhoods.models import Area

from . import seam
from .models import AgendaItem
from .people import Kind


def _template_choices() -> list[tuple[str, str]]:
    return [(t.key, t.name) for t in seam.templates()]


class WorkshopCreateForm(UtrechtForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"required": True, "autocomplete": "off"}),
    )
    template_key = forms.ChoiceField(
        label=_("Agenda template"), choices=_template_choices, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    area = forms.ModelChoiceField(
        label=_("Neighbourhood (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("No neighbourhood"),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "date": timezone.localdate(),
                "start_time": dt.time(9, 0),
                "template_key": seam.templates()[0].key,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.filter(organisation_id=user.organisation_id).order_by("level", "name")
            if user.organisation_id
            else Area.objects.none()
        )

    def clean_date(self) -> dt.date:
        # The service refuses the same (core/dates.py); here the message stands at the date.
        try:
            return check_year(self.cleaned_data["date"], "date")
        except Invalid as refused:
            raise forms.ValidationError(refused.message) from None

    def planned_start(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["start_time"]))


class AgendaItemForm(UtrechtForm):
    """One agenda item as typed in the editor; the service checks lengths and ranges."""

    title = forms.CharField(label=_("Title"), required=False, strip=False)
    duration_minutes = forms.IntegerField(label=_("Minutes"))
    work_form = forms.ChoiceField(label=_("Work form"), choices=AgendaItem.WorkForm.choices)
    activity = forms.ChoiceField(label=_("Input"), choices=AgendaItem.Activity.choices)
    instruction = forms.CharField(
        label=_("Instruction"), required=False, strip=False, widget=forms.Textarea
    )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class JoinCodeForm(UtrechtForm):
    code = forms.CharField(
        label=_("Session code"),
        required=False,
        max_length=40,
        help_text=_("The code is on the big screen, for example K7QM-4XTD."),
        widget=forms.TextInput(
            attrs={
                "required": True,
                "inputmode": "text",
                "autocapitalize": "characters",
                "autocomplete": "off",
                "autocorrect": "off",
                "spellcheck": "false",
                "class": "join-code-input",
            }
        ),
    )


class JoinNameForm(UtrechtForm):
    display_name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=60,
        strip=False,
        widget=forms.TextInput(attrs={"required": True, "autocomplete": "nickname"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (optional)"),
        required=False,
        max_length=100,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role_text = forms.CharField(
        label=_("Role (optional)"),
        required=False,
        max_length=100,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    kind = forms.ChoiceField(
        label=_("I am … (optional)"),
        required=False,
        choices=[("", _("Choose (optional)")), *Kind.choices],
    )
