"""Context shared by the three live views (console, big screen, participant phone)."""

from __future__ import annotations

from django.urls import reverse

from .. import codes, seam, selectors, services
from ..models import Workshop


def live_context(request, workshop: Workshop, *, with_secrets: bool) -> dict:
    """What every live template needs; join code and QR link only for facilitators. ``method``
    is the method the session runs (its panels and assets), or None."""
    context = {
        "workshop": workshop,
        "method": seam.method(workshop.method),
        "snapshot": selectors.shared_snapshot(workshop),
        "ws_path": f"/ws/workshops/{workshop.pk}/",
        "events_url": reverse("workshops:events", args=[workshop.pk]),
        "participant": None,
    }
    if with_secrets:
        context["join_code"] = codes.display_code(services.join_code(workshop))
        context["join_url"] = request.build_absolute_uri(
            reverse("workshops:join_qr", args=[services.join_token(workshop)])
        )
    return context
