"""Login and logout of facilitators."""

from django.urls import reverse


def test_login_with_email_and_password_opens_the_session_list(client, facilitator):
    response = client.post(
        reverse("accounts:login"),
        {"username": "FAC@example.nl ", "password": "geheim-wachtwoord-1"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:list")
    assert client.get(reverse("workshops:list")).status_code == 200


def test_login_with_a_wrong_password_shows_an_error_and_logs_nobody_in(client, facilitator):
    response = client.post(
        reverse("accounts:login"), {"username": "fac@example.nl", "password": "wrong"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_page_has_labelled_email_and_password_fields(client, db):
    html = client.get(reverse("accounts:login")).content.decode()

    assert '<label class="utrecht-form-label" for="id_username">' in html
    assert 'type="email"' in html
    assert '<label class="utrecht-form-label" for="id_password">' in html


def test_logout_needs_a_post(client, facilitator):
    client.force_login(facilitator)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_home_sends_facilitators_to_their_sessions_and_shows_choices_to_others(client, facilitator):
    html = client.get(reverse("home")).content.decode()
    assert reverse("workshops:join") in html
    assert reverse("accounts:login") in html

    client.force_login(facilitator)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:list")


def test_pages_are_dutch_by_default_and_english_is_selectable(client, db):
    assert '<html lang="nl"' in client.get(reverse("home")).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert '<html lang="en"' in client.get(reverse("home")).content.decode()
