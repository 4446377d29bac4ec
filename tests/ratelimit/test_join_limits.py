"""R2 and R3: guessing join codes from many addresses raises the alarm and slows every further
failure down; a venue full of people joining from one address is never limited."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from wijktafel.workshops import services, throttle
from wijktafel.workshops.models import Participant

API_JOIN = "/api/v1/join"
WRONG = "ZZZZ-ZZZZ"


@pytest.fixture
def waits(monkeypatch):
    """Every wait a failure makes, instead of sleeping (tests never depend on the clock)."""
    recorded: list[float] = []
    monkeypatch.setattr(throttle, "_sleep", recorded.append)
    return recorded


_api = Client()  # the API keeps no cookie session; one client avoids loading middleware per call


def api_join(code, ip, name="X"):
    return _api.post(
        API_JOIN,
        {"code": code, "display_name": name},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def new_browser(client):
    """The same test client as a new browser: no cookies, so a new session."""
    client.cookies.clear()
    return client


def spread_failures(count, per_ip=20):
    """``count`` wrong codes from addresses that each stay under the per-address limit."""
    for n in range(count):
        ip = f"10.{n // per_ip // 250}.{n // per_ip % 250}.{n % per_ip + 1}"
        assert api_join(WRONG, ip).status_code == 404


def test_failures_over_many_addresses_raise_the_alarm_and_slow_each_failure(
    client, workshop, waits, caplog
):
    code = services.join_code(workshop)
    caplog.set_level(logging.WARNING, logger="wijktafel.security")

    spread_failures(1000)
    assert waits == []  # up to the limit nobody waits
    assert not throttle.global_alarm()
    assert not [r for r in caplog.records if "global_alarm" in r.getMessage()]

    # The 1,001st failure, from a fresh address: answered, but only after the delay.
    response = client.post(
        reverse("workshops:join"), {"code": "ZZZZ-ZZZY"}, REMOTE_ADDR="192.0.2.200"
    )
    assert response.status_code == 400
    assert waits == [1.0]
    assert throttle.global_alarm()
    alarms = [r for r in caplog.records if "join_failures_global_alarm" in r.getMessage()]
    assert len(alarms) == 1
    assert alarms[0].levelno == logging.WARNING
    assert "failures=1001" in alarms[0].getMessage() and "192.0.2.0/24" in alarms[0].getMessage()
    # The log never holds a typed code (nor the full address).
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ZZZZ" not in logged and "192.0.2.200" not in logged

    # Every further failure waits too, over the API as well; the alarm is logged once.
    assert api_join(WRONG, "192.0.2.201").status_code == 404
    assert waits == [1.0, 1.0]
    assert len([r for r in caplog.records if "global_alarm" in r.getMessage()]) == 1

    # A right code during the alarm works at once (no wait) and joins, by form and by API.
    before = Participant.objects.filter(workshop=workshop).count()
    joined = new_browser(client).post(
        reverse("workshops:join"), {"code": code}, REMOTE_ADDR="192.0.2.202"
    )
    assert joined.status_code == 302
    assert api_join(code, "192.0.2.203", name="Bewoner").status_code == 201
    assert waits == [1.0, 1.0]
    assert Participant.objects.filter(workshop=workshop).count() == before + 1


def test_the_wait_is_bounded_whatever_the_settings_say(workshop, waits, settings):
    settings.WIJKTAFEL = {
        **settings.WIJKTAFEL,
        "JOIN_FAILURES_GLOBAL": (3, 3600),
        "JOIN_FAILURE_DELAY_SECONDS": 60,
    }
    for n in range(5):
        assert api_join(WRONG, f"198.51.100.{n}").status_code == 404
    assert waits == [throttle.MAX_DELAY_SECONDS] * 2


def test_an_address_reaching_its_limit_is_logged_and_its_right_code_still_works(workshop, caplog):
    caplog.set_level(logging.WARNING, logger="wijktafel.security")
    for n in range(30):
        assert api_join(f"ABCD-EF{n:02d}", "203.0.113.99").status_code == 404
    hits = [r.getMessage() for r in caplog.records if "join_failures_ip_limit" in r.getMessage()]
    assert hits == ["join_failures_ip_limit ip_prefix=203.0.113.0/24 limit=30 window=600"]

    # The next wrong code from there is refused as too many; nothing is joined.
    refused = api_join("ABCD-EF99", "203.0.113.99")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert Participant.objects.filter(workshop=workshop).count() == 0

    # A venue behind that address is not locked out: the right code joins at once.
    assert api_join(services.join_code(workshop), "203.0.113.99").status_code == 201
    assert Participant.objects.filter(workshop=workshop).count() == 1


def test_joins_are_limited_per_address(workshop, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "JOINS_PER_IP": (5, 600)}
    code = services.join_code(workshop)
    for n in range(5):
        assert api_join(code, "198.51.100.7", name=f"Bewoner {n}").status_code == 201

    refused = api_join(code, "198.51.100.7", name="Nog een")
    assert refused.status_code == 429
    assert refused.json()["field"] == "display_name"
    assert 0 < int(refused["Retry-After"]) <= 600
    assert Participant.objects.filter(workshop=workshop).count() == 5
    # The join page says the same, and joins nobody.
    browser = Client()
    browser.post(reverse("workshops:join"), {"code": code}, REMOTE_ADDR="198.51.100.7")
    page = browser.post(
        reverse("workshops:join_name"),
        {"display_name": "Via de pagina"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert page.status_code == 400
    assert "Wacht even" in page.content.decode()
    assert Participant.objects.filter(workshop=workshop).count() == 5
    # Another address joins as before.
    assert api_join(code, "198.51.100.8", name="Buurman").status_code == 201


def test_joins_are_limited_per_session(workshop, other_workshop, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "JOINS_PER_SESSION": (5, 600)}
    code = services.join_code(workshop)
    for n in range(5):
        assert api_join(code, f"192.0.2.{n + 1}", name=f"Bewoner {n}").status_code == 201

    assert api_join(code, "192.0.2.99", name="Nog een").status_code == 429
    assert Participant.objects.filter(workshop=workshop).count() == 5
    # Another session takes newcomers as before.
    other = services.join_code(other_workshop)
    assert api_join(other, "192.0.2.99", name="Elders").status_code == 201


def test_forty_people_on_one_venue_wifi_all_join_within_a_minute(client, workshop, waits):
    """R3: successes are never counted or limited per address, even between a few typos."""
    code, venue = services.join_code(workshop), "203.0.113.50"
    for n in range(40):
        new_browser(client)
        if n % 2 == 0:  # every other person mistypes first: 20 failures, under the limit of 30
            wrong = client.post(reverse("workshops:join"), {"code": WRONG}, REMOTE_ADDR=venue)
            assert wrong.status_code == 400
        right = client.post(reverse("workshops:join"), {"code": code}, REMOTE_ADDR=venue)
        assert right.status_code == 302
        response = client.post(
            reverse("workshops:join_name"), {"display_name": f"Bewoner {n}"}, REMOTE_ADDR=venue
        )
        assert response.status_code == 302
    assert Participant.objects.filter(workshop=workshop).count() == 40
    # Forty more by the API (the app's join), from the same address.
    for n in range(40):
        assert api_join(code, venue, name=f"App {n}").status_code == 201
    assert Participant.objects.filter(workshop=workshop).count() == 80
    assert waits == []


def test_address_prefix_for_logs():
    assert throttle.ip_prefix("192.0.2.200") == "192.0.2.0/24"
    assert throttle.ip_prefix("2001:db8:1:2::7") == "2001:db8:1::/48"
    assert throttle.ip_prefix("not an address") == "unknown"
