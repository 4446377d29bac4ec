"""Form helpers shared by every app's pages: fields in the NL Design System (Utrecht) look."""

from __future__ import annotations

from django import forms

from .errors import Refused

FIELD_TEMPLATE = (
    "forms/utrecht_field.html"  # in core/templates, so the default form renderer finds it
)
_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


class UtrechtForm(forms.Form):
    """A form whose fields render with the NL Design System (Utrecht) classes and our field template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE
            css = next(
                (c for widget, c in _WIDGET_CLASSES.items() if isinstance(field.widget, widget)),
                "utrecht-textbox utrecht-textbox--html-input",
            )
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()

    def add_refusal(self, refusal: Refused) -> None:
        """Show a service's refusal next to its field (or above the form when it has none here)."""
        field = refusal.field if refusal.field in self.fields else None
        self.add_error(field, str(refusal.message))
