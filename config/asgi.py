import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.ws_origin import SameOriginValidator  # noqa: E402
from wijktafel.core.pages import Pages  # noqa: E402
from wijktafel.workshops.wsguard import CoolingGate  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Pages on kept threads through the WSGI handler; static files through the ASGI chain.
        "http": Pages(
            wsgi=get_wsgi_application(),
            static=django_asgi_app,
            threads=settings.WIJKTAFEL["HTTP_THREADS"],
        ),
        # A session cooling down after a flood is turned away before its session is read.
        "websocket": SameOriginValidator(
            CoolingGate(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
