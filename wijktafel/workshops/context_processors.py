"""Template context every page gets from the engine."""

from __future__ import annotations

from django.urls import reverse

from . import seam


def method_nav(request) -> dict:
    """The methods' links in the site navigation (``seam.Method.nav``), for logged-in accounts."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"method_nav": []}
    return {
        "method_nav": [
            {"label": label, "name": name, "url": reverse(name)}
            for method in seam.methods()
            for label, name in method.nav
        ]
    }
