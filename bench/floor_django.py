"""The HTTP floor (issue 12): a minimal Django project in one module, on the same Python, Django
and uvicorn as ours, serving one sync page that runs one query on the benchmark's SQLite
database. ``bench/http.py`` serves it beside our server and prints each of our pages' rate as a
share of this one's. Used by bench/ only.

    uvicorn bench.floor_django:application
"""

import os

import dj_database_url
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-floor-" + "x" * 40,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
        if os.environ.get("DATABASE_URL")  # Django's defaults: a connection per request
        else {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": os.environ["WIJKTAFEL_SQLITE_PATH"],
                "CONN_MAX_AGE": None,  # one kept connection, as ours on SQLite
            }
        },
        USE_TZ=True,
    )

from django.core.asgi import get_asgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def page(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM workshops_workshop ORDER BY id LIMIT 1")
        (title,) = cursor.fetchone()
    return HttpResponse(f"<!doctype html><title>{title}</title><p>{title}</p>")


urlpatterns = [path("floor/", page)]
application = get_asgi_application()
