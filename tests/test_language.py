import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_dutch_is_the_default_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("workshops:join"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_english_can_be_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/meedoen/"})
    assert response.status_code == 302
    page = client.get(reverse("workshops:join")).content.decode()
    assert '<html lang="en"' in page
