"""What only one participant's own page shows of the groups block: whom they said they know."""

from django import template

from ..selectors import known_ids

register = template.Library()


@register.simple_tag
def my_known_ids(participant) -> list[int]:
    return known_ids(participant)
