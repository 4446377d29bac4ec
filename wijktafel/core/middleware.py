"""Dutch first: the interface speaks Dutch unless the person chose another language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
