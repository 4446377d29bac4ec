"""Dutch first: the interface speaks Dutch unless the person chose another language."""

import logging
from inspect import iscoroutinefunction

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.html import escape
from servestatic.middleware import ServeStaticMiddleware

logger = logging.getLogger(__name__)


def language_from_cookie(cookies) -> str:
    """The language chosen with the language switch, else the default (Dutch)."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but ignores the browser's Accept-Language: many phones here are set to
    English while their owners expect the Dutch the sessions are held in."""

    def process_request(self, request):
        language = language_from_cookie(request.COOKIES)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


RETRY_AFTER_SECONDS = 5


def database_unavailable_message() -> str:
    from django.utils.translation import gettext as _

    return _(
        "Wijktafel cannot reach its database for a moment. "
        "Nothing you saved is lost. Please try again in a few seconds."
    )


# Our middleware are MiddlewareMixin's, like Django's own: capable of both modes, so under ASGI
# the chain stays async up to the (sync) view. A sync-only one between async ones cost two
# thread hops and an event loop round trip per request (a profile of the participant's page,
# issue 12; servestatic's middleware is async-only).


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A database that is away (restart, failover, a full disk, a lock held too long) is a
    passing state, not a bug: pages answer 503 with Retry-After in the person's language, so
    people try again instead of reading that something broke. The API does the same in
    config/api.py."""

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.http import HttpResponse
        from django.utils.translation import gettext as _

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable for %s", request.path, exc_info=exception)
        title = escape(_("Please try again"))
        response = HttpResponse(
            f'<!doctype html><html lang="{translation.get_language()}"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><h1>{title}</h1>"
            f"<p>{escape(database_unavailable_message())}</p></html>",
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


# Browser features no page of ours uses are off; the location only for our own pages (the map).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Send ``Permissions-Policy`` with every response (issue 12)."""

    def process_response(self, request, response):
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class StaticFilesMiddleware(ServeStaticMiddleware):
    """ServeStatic's middleware, which is async only, made usable in the sync chain too: there it
    steps aside, as static files never reach that chain (``wijktafel.core.pages`` sends them
    to the async one). Without this the sync chain ran an event loop per request for it."""

    sync_capable = True

    def __init__(self, get_response):
        if iscoroutinefunction(get_response):
            super().__init__(get_response)
            self.serves = True
        else:
            self.get_response = get_response
            self.serves = False

    def __call__(self, request):
        if self.serves:
            return super().__call__(request)
        return self.get_response(request)
