"""System checks of our own, run by `manage.py check` (and `check --deploy` for the deploy ones)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def own_secret_key(app_configs, **kwargs) -> list[Error]:
    """A deployment runs on a secret key of its own: the development key is public, and the join
    codes are derived from the secret key (config/settings.py also refuses it in production)."""
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "The secret key is the public development key.",
                hint="Set DJANGO_SECRET_KEY to a long random value of this deployment's own.",
                id="wijktafel.E001",
            )
        ]
    return []
