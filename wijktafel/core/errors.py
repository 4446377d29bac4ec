"""Refusals that services raise; every interface turns them into a clear message."""

from django.utils.functional import Promise


class Refused(Exception):
    """A request that changes nothing, with a code for machines and a message for people."""

    code = "refused"
    http_status = 400

    def __init__(self, message: str | Promise, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class Invalid(Refused):
    code = "invalid"
    http_status = 400


class NotAllowed(Refused):
    code = "forbidden"
    http_status = 403


class NotFound(Refused):
    code = "not_found"
    http_status = 404


class Conflict(Refused):
    code = "conflict"
    http_status = 409


class TooManyAttempts(Refused):
    """Too many failed attempts; ``retry_after`` says in how many seconds to try again."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message, *, retry_after: int, field: str | None = None):
        super().__init__(message, field=field)
        self.retry_after = retry_after
