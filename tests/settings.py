"""The settings of the test run: the project's own, plus the method defined inside the tests
(``tests/support/testmethod``), which plugs in through the seam like any method."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.testmethod"]  # noqa: F405

# Every test, and every fuzz example inside its savepoint, rolls the database back; a session
# cached in this process would outlive its row. The live servers of the browser, chaos and scale
# tests run config.settings, where the embedded default reads sessions through its cache
# (decision 0018).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
