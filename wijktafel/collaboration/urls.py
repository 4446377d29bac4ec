from django.urls import path

from . import views

app_name = "collaboration"

urlpatterns = [
    path("samenwerken/vragen/", views.questions, name="questions"),
]
