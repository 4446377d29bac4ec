"""Login with e-mail address and password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wijktafel.core.forms import FIELD_TEMPLATE


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form with the e-mail address as user name (case does not matter)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "autofocus": True,
                "autocomplete": "email",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["class"] = (
            "utrecht-textbox utrecht-textbox--html-input"
        )
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
