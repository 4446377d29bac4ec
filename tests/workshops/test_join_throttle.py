"""Guessing join codes stops quickly: past the limit a wrong code gets 429. A right code always
opens its session, so a venue full of people is never locked out by wrong codes typed there."""

import pytest
from django.test import Client
from django.urls import reverse

from wijktafel.workshops import services
from wijktafel.workshops.models import Participant


def post_code(client, code, ip):
    return client.post(reverse("workshops:join"), {"code": code}, REMOTE_ADDR=ip)


def test_thirty_first_wrong_code_from_one_address_gets_429(workshop):
    for n in range(30):
        # A new browser each time: only the address ties these tries together.
        assert (
            post_code(
                Client(), "ZZZZ-ZZZ" + "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[n], "203.0.113.7"
            ).status_code
            == 400
        )
    blocked = post_code(Client(), "ZZZZ-ZZZZ", "203.0.113.7")
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 600
    # The right code still works from there, and from another address.
    assert post_code(Client(), services.join_code(workshop), "203.0.113.7").status_code == 302
    ok = post_code(Client(), services.join_code(workshop), "198.51.100.20")
    assert ok.status_code == 302


def test_eleventh_wrong_code_from_one_browser_gets_429(workshop):
    client = Client()
    for n in range(10):
        assert post_code(client, f"ZZZZ-ZZZ{n}", f"192.0.2.{n}").status_code == 400
    assert post_code(client, "ZZZZ-ZZZZ", "192.0.2.99").status_code == 429
    assert post_code(client, services.join_code(workshop), "192.0.2.99").status_code == 302


def test_successful_joins_from_one_venue_are_never_limited(workshop):
    for n in range(40):
        client = Client()
        assert post_code(client, services.join_code(workshop), "203.0.113.50").status_code == 302
        response = client.post(
            reverse("workshops:join_name"),
            {"display_name": f"Bewoner {n}"},
            REMOTE_ADDR="203.0.113.50",
        )
        assert response.status_code == 302
    assert Participant.objects.filter(workshop=workshop).count() == 40


def test_wrong_qr_tokens_count_too(workshop):
    client = Client()
    for n in range(10):
        client.get(reverse("workshops:join_qr", args=[f"{n:032x}"]), REMOTE_ADDR="192.0.2.1")
    response = client.get(reverse("workshops:join_qr", args=["f" * 32]), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    right = reverse("workshops:join_qr", args=[services.join_token(workshop)])
    assert client.get(right, REMOTE_ADDR="192.0.2.1").status_code == 302


@pytest.mark.django_db
def test_api_join_is_limited_per_address_with_retry_after(workshop):
    client = Client()
    url = "/api/v1/join"
    for _ in range(30):
        response = client.post(
            url,
            {"code": "ZZZZ-ZZZZ", "display_name": "X"},
            content_type="application/json",
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code == 404
    response = client.post(
        url,
        {"code": "ZZZZ-ZZZY", "display_name": "X"},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert Participant.objects.filter(workshop=workshop).count() == 0
    right = client.post(
        url,
        {"code": services.join_code(workshop), "display_name": "X"},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert right.status_code == 201
    assert Participant.objects.filter(workshop=workshop).count() == 1
