from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from config.api import api
from wijktafel.workshops import seam
from wijktafel.workshops.views import home

urlpatterns = [
    path("", home, name="home"),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("", include("wijktafel.accounts.urls")),
    path("", include("wijktafel.workshops.urls")),
    path("", include("wijktafel.jobs.urls")),
    path("", include("wijktafel.series.urls")),
    # The pages of every method (seam.Method.urls).
    *(path("", include(method.urls)) for method in seam.methods() if method.urls),
]
