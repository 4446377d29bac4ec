"""The meeting's report over the API (PDF and Word)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["samenwerken in de wijk"])
