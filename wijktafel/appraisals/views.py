"""The facilitator's appraisal pages: list, start, overview, change (filled in below)."""

urlpatterns: list = []
