"""Production refuses the public development key (it also derives the join codes), `check
--deploy` reports it, and every response says which browser features pages may use (issue 12)."""

from __future__ import annotations

import os
import subprocess

from tests.support.worker_process import PYTHON, ROOT

DEV_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [PYTHON, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_does_not_start_without_a_secret_key_of_its_own():
    for key in ({}, {"DJANGO_SECRET_KEY": ""}, {"DJANGO_SECRET_KEY": DEV_KEY}):
        started = run(["-c", "import django; django.setup()"], WIJKTAFEL_PRODUCTION="1", **key)
        assert started.returncode != 0, key
        assert "needs a DJANGO_SECRET_KEY of its own" in started.stderr, started.stderr[-500:]
    own = run(
        ["-c", "import django; django.setup(); print('ok')"],
        WIJKTAFEL_PRODUCTION="1",
        DJANGO_SECRET_KEY="own-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="wijktafel.example.nl",
    )
    assert own.returncode == 0 and own.stdout.strip() == "ok", own.stderr[-500:]


def test_check_deploy_refuses_the_development_key():
    checked = run(["manage.py", "check", "--deploy"])
    assert checked.returncode != 0
    assert "wijktafel.E001" in checked.stderr, checked.stderr[-800:]
    own = run(["manage.py", "check", "--deploy"], DJANGO_SECRET_KEY="own-" + "k" * 60)
    assert "wijktafel.E001" not in own.stderr + own.stdout


def test_every_response_sends_a_permissions_policy(client, db):
    for path in ("/", "/meedoen/", "/api/v1/openapi.json", "/bestaat-niet/"):
        policy = client.get(path).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "microphone=()" in policy, (path, policy)
