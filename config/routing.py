from django.urls import path

from wijktafel.workshops.consumers import WorkshopConsumer

websocket_urlpatterns: list = [
    path("ws/workshops/<int:workshop_id>/", WorkshopConsumer.as_asgi()),
]
