"""Shared fixtures: two mirrored organisations, so a forgotten scope shows."""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.support.factories import join, make_workshop
from wijktafel.accounts.models import Organisation, User
from wijktafel.workshops.services import Actor

# Fixtures of the support package that tests in several folders use (the live sockets).
pytest_plugins = ["tests.support.ws"]

# Property tests (docs/reliability.md §3.4): "ci" is the default, 300 examples per property and
# derandomized, so a CI run is reproducible (decision 0014 says why not 1,000); "dev" is quicker
# for local edits (`--hypothesis-profile=dev` or HYPOTHESIS_PROFILE=dev). Tests that set
# max_examples keep it.
hypothesis_settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.register_profile("dev", hypothesis_settings.get_profile("ci"), max_examples=100)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# Tests whose outcome can differ by database backend: they run on SQLite and again on
# PostgreSQL/PostGIS (`make test-postgres` selects `-m backend`); every other test runs once, on
# SQLite. By path, each with the reason it can differ.
BACKEND_SENSITIVE = {
    "tests/scale/": "two workers on one PostgreSQL and Redis; locking and concurrency",
    "tests/neighbourhoods/": "spatial queries and geometry import",
    "tests/workshops/test_load_demo.py": "the demo's boundaries (geometry import)",
    "tests/core/test_migrations.py": "migrations apply and are complete on each backend",
    "tests/core/test_rows.py": "SQL built by hand: quoting, converters, RETURNING, FOR UPDATE",
    "tests/core/test_database_unavailable.py": "what the driver raises when the database is away",
    "tests/workshops/test_services.py": "transactions, row locks and the gapless event log",
    "tests/workshops/test_group_commit.py": "savepoints in one transaction; a commit that fails",
    "tests/workshops/test_timer_and_agenda.py": "ordering and updates of the agenda rows",
    "tests/activities/": "the wall's writes: ordering, merging, case-insensitive column lookup",
    "tests/appraisals/services/": "the method's writes: constraints, ordering, JSON fields",
    "tests/appraisals/test_selectors.py": "the method's reads: ordering and aggregation queries",
    "tests/jobs/": "the job's claim (a conditional UPDATE) and the queue's row locks, real workers",
}


# Left out of the quick tier (`make check`): real servers and browsers, the authorization matrix
# and the full property runs.
SLOW = ("tests/e2e/", "tests/chaos/", "tests/scale/", "tests/authz/test_matrix", "tests/fuzz/")


# The longest files first, so the workers (make test runs `--dist loadfile --no-loadscope-reorder`)
# get them at the start and finish together instead of waiting for one last browser journey.
# Browser journeys and the chaos run alternate with long files without a browser: three
# journeys at once on two cores slowed live updates past the journeys' 15 s waits.
LONGEST_FIRST = (
    "tests/chaos/test_chaos.py",
    "tests/e2e/test_appraisal_steps_1_4.py",
    "tests/authz/test_matrix.py",
    "tests/e2e/test_appraisal_replay.py",
    "tests/authz/test_matrix_ws.py",
    "tests/e2e/test_appraisal_steps_5_8.py",
    "tests/fuzz/test_socket_fuzz.py",
    "tests/e2e/test_live_session.py",
    "tests/appraisals/sockets/",
    "tests/e2e/",
    # The next tier (a full run's junit times, 40-120 s each), so no long file is left for last.
    "tests/fuzz/test_forms.py",
    "tests/workshops/test_consumers.py",
    "tests/appraisals/test_bad_input.py",
    "tests/fuzz/test_text_properties.py",
    "tests/blocks/",
    "tests/jobs/",
    "tests/appraisals/documents/",
    "tests/ratelimit/",
    "tests/appraisals/test_every_op.py",
    "tests/stickers/",
    "tests/api/",
    "tests/fuzz/",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if any(path.startswith(prefix) for prefix in BACKEND_SENSITIVE):
            item.add_marker(pytest.mark.backend)
        if path.startswith(SLOW):
            item.add_marker(pytest.mark.slow)

    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next(
            (i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)  # stable: within a file the order stays as written


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request):
    """pytest-django's own, but it does not know our SQLite engine: each worker process keeps its
    SQLite test database in memory (a file gets the worker's suffix), and PostgreSQL's gets the
    worker's suffix, so two workers never share a test database."""
    from django.conf import settings

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        if db["ENGINE"].endswith(("sqlite3", "spatialite")):
            if test.get("NAME") and test["NAME"] != ":memory:":
                test["NAME"] = f"{test['NAME']}_{worker}"
        else:
            test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{worker}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's database set-up, plus a quicker flush.

    After every ``transaction=True`` test Django empties every table and then sends
    ``post_migrate``, whose receivers (contenttypes and auth, the only ones installed) query and
    rebuild the content types and permissions app by app: about 0.18 s a test, a fifth of the
    socket matrix. Here the rows they would rebuild are taken once, after the migrations, and
    written back as they were (same ids) in place of the signal."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.commands import flush

    from tests.support.authz import capture_rows, restore_rows

    with django_db_blocker.unblock():
        rows = capture_rows([ContentType, Permission])
    assert rows[Permission][1], "no permissions after the migrations"

    def restore(verbosity, interactive, database, **kwargs):
        restore_rows(rows)

    original = flush.emit_post_migrate_signal
    flush.emit_post_migrate_signal = restore
    yield
    flush.emit_post_migrate_signal = original


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with the production hasher dominates fixture time; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Dutch), whatever the test before it in the same
    process activated: the order of tests differs between runs and workers."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache; every test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Gemeente Den Helder", slug="den-helder")


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(name="Woonstichting Elders", slug="elders")


@pytest.fixture
def facilitator(org):
    return User.objects.create_user(
        "fac@example.nl",
        "geheim-wachtwoord-1",
        organisation=org,
        first_name="Fenna",
        role=User.Role.FACILITATOR,
    )


@pytest.fixture
def other_facilitator(other_org):
    return User.objects.create_user(
        "fac@elders.example",
        "geheim-wachtwoord-2",
        organisation=other_org,
        role=User.Role.FACILITATOR,
    )


@pytest.fixture
def workshop(facilitator):
    return make_workshop(facilitator)


@pytest.fixture
def other_workshop(other_facilitator):
    return make_workshop(other_facilitator, title="Werksessie Elders")


@pytest.fixture
def fac_actor(facilitator):
    return Actor(user=facilitator)


@pytest.fixture
def ans(workshop):
    return join(workshop, "Ans")


@pytest.fixture
def bram(workshop):
    return join(workshop, "Bram")
