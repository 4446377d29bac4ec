from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background work: the scheduled jobs, the mail they and the pages send, and the outbox."""

    name = "wijktafel.jobs"
    label = "jobs"

    def ready(self) -> None:
        # The kinds of job this app brings (the registry is filled at import, like admin.py).
        from . import handlers  # noqa: F401
