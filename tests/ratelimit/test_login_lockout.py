"""R4: five wrong passwords lock one (e-mail address, IP address) pair for 15 minutes, and
nothing else: the same account elsewhere and other accounts here still log in."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijktafel.accounts.models import User

PASSWORD = "geheim-wachtwoord-1"
HOME_IP, OTHER_IP = "203.0.113.10", "198.51.100.77"


def login(client, username, password, ip=HOME_IP):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


_browser = Client()


def new_browser() -> Client:
    """A browser without cookies (one test client reused: a new one loads all middleware)."""
    _browser.cookies.clear()
    return _browser


def fail_times(n, username="fac@example.nl", ip=HOME_IP):
    return [login(new_browser(), username, "fout-wachtwoord", ip) for _ in range(n)]


@pytest.fixture
def colleague(org):
    return User.objects.create_user(
        "collega@example.nl", "ander-wachtwoord-2", organisation=org, role=User.Role.FACILITATOR
    )


def test_four_failures_still_allow_the_right_password(client, facilitator):
    assert [r.status_code for r in fail_times(4)] == [200] * 4

    assert login(client, "fac@example.nl", PASSWORD).status_code == 302
    assert logged_in(client)


def test_fifth_failure_locks_the_pair_with_a_dutch_page_and_429(facilitator):
    responses = fail_times(5, username="FAC@example.nl ")  # spelled as typed: same account

    assert [r.status_code for r in responses[:4]] == [200] * 4
    locked = responses[4]
    assert locked.status_code == 429
    assert 14 * 60 < int(locked["Retry-After"]) <= 15 * 60
    html = locked.content.decode()
    assert '<html lang="nl"' in html
    assert "Te veel pogingen om in te loggen" in html
    assert "15 minuten" in html
    assert "no-store" in locked["Cache-Control"]
    assert "fout-wachtwoord" not in html

    # Now even the right password is refused for this pair, and nobody is logged in.
    client = new_browser()
    response = login(client, "fac@example.nl", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lock_holds_for_that_pair_only(facilitator, colleague):
    fail_times(5)

    # Same account from another address: works (no lockout of facilitators by someone else).
    elsewhere = new_browser()
    assert login(elsewhere, "fac@example.nl", PASSWORD, ip=OTHER_IP).status_code == 302
    assert logged_in(elsewhere)
    # Another account from the locked address: works.
    same_wifi = new_browser()
    assert login(same_wifi, "collega@example.nl", "ander-wachtwoord-2").status_code == 302
    assert logged_in(same_wifi)


def test_tries_while_locked_change_nothing_and_the_lock_ends_after_15_minutes(facilitator):
    fail_times(5)
    before = list(
        AccessAttempt.objects.values_list(
            "username", "ip_address", "failures_since_start", "attempt_time"
        )
    )
    assert [(u, ip, n) for u, ip, n, _t in before] == [("fac@example.nl", HOME_IP, 5)]

    for _ in range(3):
        assert login(new_browser(), "fac@example.nl", PASSWORD).status_code == 429
    assert (
        list(
            AccessAttempt.objects.values_list(
                "username", "ip_address", "failures_since_start", "attempt_time"
            )
        )
        == before
    )

    # 15 minutes later (moved back in the database rather than waiting) the pair may log in again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    client = new_browser()
    assert login(client, "fac@example.nl", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_locked_page_is_english_when_english_was_chosen(facilitator):
    fail_times(4)
    client = new_browser()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = login(client, "fac@example.nl", "fout-wachtwoord")

    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()


def test_admin_login_is_locked_in_the_same_way(facilitator):
    for _ in range(4):
        new_browser().post(
            reverse("admin:login"),
            {"username": "fac@example.nl", "password": "x"},
            REMOTE_ADDR=HOME_IP,
        )
    response = new_browser().post(
        reverse("admin:login"), {"username": "fac@example.nl", "password": "x"}, REMOTE_ADDR=HOME_IP
    )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 5


# --- A guess spread over many addresses (ACCOUNT_FAILURE_LIMIT = 20, from every address) -------

SPREAD_IPS = [f"192.0.2.{n}" for n in range(1, 6)]  # five addresses, four failures each


def fail_from_everywhere(failures_per_ip=4, ips=SPREAD_IPS):
    for ip in ips:
        fail_times(failures_per_ip, ip=ip)


def attempts():
    return list(
        AccessAttempt.objects.order_by("pk").values_list(
            "username", "ip_address", "failures_since_start", "attempt_time"
        )
    )


def test_nineteen_failures_from_many_addresses_still_allow_the_right_password(facilitator):
    fail_from_everywhere()
    AccessAttempt.objects.filter(ip_address=SPREAD_IPS[0]).update(failures_since_start=3)

    client = new_browser()
    assert login(client, "fac@example.nl", PASSWORD, ip=OTHER_IP).status_code == 302
    assert logged_in(client)


def test_twenty_failures_from_many_addresses_lock_the_account_everywhere(facilitator, colleague):
    fail_from_everywhere()  # no single address reached its five
    before = attempts()

    for ip in (OTHER_IP, HOME_IP):
        client = new_browser()
        response = login(client, "fac@example.nl", PASSWORD, ip=ip)
        assert response.status_code == 429
        assert not logged_in(client)
        assert "vanaf meerdere plekken" in response.content.decode()
        assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    admin = new_browser().post(
        reverse("admin:login"), {"username": "fac@example.nl", "password": PASSWORD}
    )
    assert admin.status_code == 429
    assert attempts() == before  # tries during the lock count nothing

    # Other accounts log in as before; and 15 minutes after the last failure the account may too.
    assert login(new_browser(), "collega@example.nl", "ander-wachtwoord-2").status_code == 302
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    client = new_browser()
    assert login(client, "fac@example.nl", PASSWORD, ip=OTHER_IP).status_code == 302
    assert logged_in(client)
