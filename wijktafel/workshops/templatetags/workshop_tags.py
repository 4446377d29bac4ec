"""Template helpers of the workshop pages."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def new_op_id() -> str:
    """A fresh idempotency key for one rendered form, so a double submit counts once."""
    return str(uuid.uuid4())


@register.filter
def template_name(key: str) -> str:
    """The (translated) name of an agenda template, or nothing for an unknown key."""
    from .. import seam

    found = seam.template(key)
    return str(found.name) if found else ""
