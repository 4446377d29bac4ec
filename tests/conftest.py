"""Shared fixtures: two mirrored organisations, so a forgotten scope shows."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from wijktafel.accounts.models import Organisation, User
from wijktafel.workshops import services
from wijktafel.workshops.services import Actor

# Property tests (RELIABILITY.md §3.4): "ci" is the default, 1,000 examples per property and
# derandomized, so a CI run is reproducible; "dev" is quicker for local edits
# (`--hypothesis-profile=dev` or HYPOTHESIS_PROFILE=dev). Tests that set max_examples keep it.
hypothesis_settings.register_profile(
    "ci", max_examples=1000, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.register_profile("dev", hypothesis_settings.get_profile("ci"), max_examples=100)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with the production hasher dominates fixture time; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    return User.objects.create_user("fac@example.nl", "geheim-wachtwoord-1", organisation=org,
                                    first_name="Fenna", role=User.Role.FACILITATOR)


@pytest.fixture
def other_facilitator(other_org):
    return User.objects.create_user("fac@elders.example", "geheim-wachtwoord-2", organisation=other_org,
                                    role=User.Role.FACILITATOR)


def make_workshop(user, template_key="afwegen-1", title="Werksessie Zuid"):
    return services.workshop_create(
        user=user, title=title, template_key=template_key,
        planned_start=timezone.make_aware(dt.datetime(2026, 12, 3, 9, 0)),
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


def join(workshop, name="Ans"):
    return services.participant_join(workshop=workshop, display_name=name)


@pytest.fixture
def ans(workshop):
    return join(workshop, "Ans")


@pytest.fixture
def bram(workshop):
    return join(workshop, "Bram")
