"""The settings of the test run: the project's own, plus the method defined inside the tests
(``tests/support/testmethod``), which plugs in through the seam like any method."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.testmethod"]  # noqa: F405
