"""Who someone is in a session (METHODS.md §2.3): a kind, and roles.

The kind says where someone comes from (a resident, a professional, ...); it is chosen at joining
or by the facilitator, and group forming mixes kinds as it mixes organisations. Roles say what
someone does in this session (chair, co-facilitator, map expert, ...); the facilitator sets
them. The other blocks read them here, so the rules live in one place:

- ``counts_in_groups``: facilitators, co-facilitators, technical facilitators and map experts
  help a group; they do not count towards its size and are not dealt into groups;
- ``may_vote``: the organiser and co-facilitators do not place stickers (§2.11, §4.5);
- ``needs_moderation``: what residents and other people without a professional kind add (to a
  map, for example) waits for a facilitator, unless their role is one of the session's hosts.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RESIDENT = "resident", _("resident")
    FORMER_RESIDENT = "former_resident", _("former resident")
    PROFESSIONAL = "professional", _("professional")
    MUNICIPAL_OFFICIAL = "municipal_official", _("works for the municipality")
    HOUSING_ASSOCIATION = "housing_association", _("works for a housing association")
    VOLUNTEER = "volunteer", _("volunteer")
    OTHER = "other", _("other")


class Role(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    CHAIR = "chair", _("chair")
    FACILITATOR = "facilitator", _("facilitator")
    CO_FACILITATOR = "co_facilitator", _("co-facilitator")
    TECH_FACILITATOR = "tech_facilitator", _("technical facilitator")
    MAP_EXPERT = "map_expert", _("map expert")
    DEVILS_ADVOCATE = "devils_advocate", _("devil's advocate")
    PRESENTER = "presenter", _("presenter")
    PARTICIPANT = "participant", _("participant")


DEFAULT_ROLES = (Role.PARTICIPANT.value,)
HELPER_ROLES = frozenset(
    {Role.FACILITATOR, Role.CO_FACILITATOR, Role.TECH_FACILITATOR, Role.MAP_EXPERT}
)
NON_VOTING_ROLES = frozenset({Role.ORGANISER, Role.CO_FACILITATOR})
HOST_ROLES = HELPER_ROLES | {Role.ORGANISER, Role.CHAIR}
PROFESSIONAL_KINDS = frozenset(
    {Kind.PROFESSIONAL, Kind.MUNICIPAL_OFFICIAL, Kind.HOUSING_ASSOCIATION}
)


def ordered_roles(roles) -> list[str]:
    """The roles in the order of ``Role``, each once."""
    chosen = set(roles)
    return [role.value for role in Role if role.value in chosen]


def counts_in_groups(participant) -> bool:
    return not HELPER_ROLES.intersection(participant.roles or ())


def may_vote(participant) -> bool:
    return not NON_VOTING_ROLES.intersection(participant.roles or ())


def needs_moderation(participant) -> bool:
    if HOST_ROLES.intersection(participant.roles or ()):
        return False
    return participant.kind not in PROFESSIONAL_KINDS


def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else ""


def role_labels(roles) -> list[str]:
    return [str(Role(role).label) for role in ordered_roles(roles)]
