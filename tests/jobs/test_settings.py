"""Which mailer the environment chooses (config/settings.py): SMTP when a host is set, else the
outbox; WIJKTAFEL_MAIL_BACKEND overrides both."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.worker_process import PYTHON, ROOT

PRINT_MAILERS = "import json, config.settings as s; print(json.dumps(s.MAILERS))"


def mailers(**env: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKTAFEL_SMTP_", "WIJKTAFEL_MAIL"))
    }
    result = subprocess.run(
        [PYTHON, "-c", PRINT_MAILERS],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_smtp_host_mail_goes_to_the_outbox():
    assert mailers() == {"default": {"BACKEND": "wijktafel.jobs.mail.OutboxBackend"}}


@pytest.mark.parametrize("production", ["0", "1"])
def test_an_smtp_host_sends_by_smtp_with_its_options(production):
    assert mailers(
        WIJKTAFEL_PRODUCTION=production,
        DJANGO_SECRET_KEY="own-" + "k" * 60,  # production refuses the development key
        WIJKTAFEL_SMTP_HOST="smtp.example.nl",
        WIJKTAFEL_SMTP_PORT="465",
        WIJKTAFEL_SMTP_USER="wijktafel",
        WIJKTAFEL_SMTP_PASSWORD="geheim",
        WIJKTAFEL_SMTP_STARTTLS="0",
        WIJKTAFEL_SMTP_SSL="1",
    ) == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.nl",
                "port": 465,
                "username": "wijktafel",
                "password": "geheim",
                "use_tls": False,
                "use_ssl": True,
                "timeout": 10,
            },
        }
    }


def test_the_backend_can_be_chosen_by_hand():
    console = "django.core.mail.backends.console.EmailBackend"
    assert mailers(WIJKTAFEL_MAIL_BACKEND=console, WIJKTAFEL_SMTP_HOST="smtp.example.nl") == {
        "default": {"BACKEND": console}
    }
