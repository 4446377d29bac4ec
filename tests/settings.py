"""The settings of the test run: the project's own, plus the method defined inside the tests
(``tests/support/testmethod``), which plugs in through the seam like any method."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.testmethod"]  # noqa: F405

# ServeStatic's middleware is async-only, so under Django's sync test client every request went
# sync -> async -> sync through asgiref's thread hops: about half the time of an authorization
# matrix cell. The tests' client requests never ask for static files; the browser journeys and
# the chaos and scale servers run config.settings, where ServeStatic serves them (decision 0017).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "servestatic.middleware.ServeStaticMiddleware"]  # noqa: F405
