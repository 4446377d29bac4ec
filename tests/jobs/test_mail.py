"""Mail goes through a task: to a real SMTP server when one is set, else to the outbox, which the
facilitators of the mail's organisation read in the app (and nobody else)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.mailserver import OUTBOX_MAILERS, SmtpServer, run_worker_once
from wijktafel.core.errors import Invalid
from wijktafel.jobs import mail, services
from wijktafel.jobs.models import OutboxAttachment, OutboxMessage

# Committed for real: the worker loop closes and reopens its connection between tasks (on
# PostgreSQL), as it does in production, which a test inside one transaction would not allow.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4 agenda"


def send_invitation(facilitator, **extra):
    return services.mail_send(
        to=["ans@example.nl", "bram@example.nl"],
        subject="Uitnodiging werksessie Zuid",
        body="Beste buren,\n\nWelkom op 3 december om 19.30 uur.",
        html="<p>Beste buren,</p>",
        attachments=[("agenda.pdf", PDF, "application/pdf")],
        caused_by=facilitator,
        cause="invitation",
        **extra,
    )


def test_mail_is_queued_not_sent_in_the_call(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    send_invitation(facilitator)
    assert OutboxMessage.objects.count() == 0  # the request only enqueued it
    run_worker_once()
    assert OutboxMessage.objects.count() == 1


def test_mail_reaches_a_real_smtp_server_through_the_worker(settings, facilitator):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers()
        msgid = send_invitation(facilitator)
        assert server.messages == []
        run_worker_once()
        [(recipients, message)] = server.wait_for(1)
    assert recipients == ["ans@example.nl", "bram@example.nl"]
    assert message["Subject"] == "Uitnodiging werksessie Zuid"
    assert message["To"] == "ans@example.nl, bram@example.nl"
    assert message["Message-ID"] == msgid
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Welkom op 3 december om 19.30 uur." in text
    assert message.get_body(preferencelist=("html",)).get_content().strip() == "<p>Beste buren,</p>"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "agenda.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    assert OutboxMessage.objects.count() == 0  # SMTP is set: nothing stays in the outbox


def test_without_smtp_the_mail_lands_in_the_outbox_of_its_organisation(settings, facilitator, org):
    settings.MAILERS = OUTBOX_MAILERS
    msgid = send_invitation(facilitator)
    run_worker_once()
    message = OutboxMessage.objects.get()
    assert message.message_id == msgid
    assert message.to == ["ans@example.nl", "bram@example.nl"]
    assert message.subject == "Uitnodiging werksessie Zuid"
    assert message.body == "Beste buren,\n\nWelkom op 3 december om 19.30 uur."
    assert message.html == "<p>Beste buren,</p>"
    assert message.organisation == org
    assert message.caused_by == facilitator
    assert message.cause == "invitation"
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.content_type, bytes(attachment.content)) == (
        "agenda.pdf",
        "application/pdf",
        PDF,
    )
    assert attachment.size == len(PDF)


def test_the_same_mail_delivered_twice_is_kept_once(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    data = {
        "message_id": mail.message_id("twice"),
        "to": ["ans@example.nl"],
        "subject": "Twee keer",
        "body": "x",
        "organisation_id": facilitator.organisation_id,
    }
    mail.deliver(data)
    mail.deliver(data)
    assert OutboxMessage.objects.count() == 1


def test_too_large_attachment_is_refused_and_nothing_is_queued(settings, facilitator):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS = OUTBOX_MAILERS
    big = b"x" * (mail.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(Invalid):
        services.mail_send(
            to=["ans@example.nl"],
            subject="Te groot",
            body="x",
            attachments=[("groot.bin", big, "application/octet-stream")],
            caused_by=facilitator,
        )
    assert DBTaskResult.objects.count() == 0
    run_worker_once()
    assert OutboxMessage.objects.count() == 0


def test_mail_without_recipients_is_refused(facilitator):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(Invalid):
        services.mail_send(to=[], subject="Niemand", body="x", caused_by=facilitator)
    assert DBTaskResult.objects.count() == 0


# --- The outbox pages ------------------------------------------------------------------------


@pytest.fixture
def delivered(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    send_invitation(facilitator)
    run_worker_once()
    return OutboxMessage.objects.get()


def test_facilitator_reads_the_outbox_and_the_message(client, facilitator, delivered):
    client.force_login(facilitator)
    page = client.get(reverse("jobs:outbox")).content.decode()
    assert "Uitnodiging werksessie Zuid" in page
    assert reverse("jobs:outbox_message", args=[delivered.pk]) in page
    detail = client.get(reverse("jobs:outbox_message", args=[delivered.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Welkom op 3 december om 19.30 uur." in text
    assert "ans@example.nl, bram@example.nl" in text
    attachment = delivered.attachments.get()
    link = reverse("jobs:outbox_attachment", args=[delivered.pk, attachment.pk])
    assert link in text
    download = client.get(link)
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="agenda.pdf"'


def test_outbox_link_in_the_navigation_for_accounts_only(client, facilitator):
    assert reverse("jobs:outbox") not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(facilitator)
    page = client.get(reverse("workshops:list")).content.decode()
    assert reverse("jobs:outbox") in page
    assert reverse("jobs:list") in page


def test_another_organisation_does_not_see_the_message(client, other_facilitator, delivered):
    client.force_login(other_facilitator)
    attachment = delivered.attachments.get()
    before = list(OutboxMessage.objects.values()), list(OutboxAttachment.objects.values("pk"))
    assert "Uitnodiging" not in client.get(reverse("jobs:outbox")).content.decode()
    assert client.get(reverse("jobs:outbox_message", args=[delivered.pk])).status_code == 404
    link = reverse("jobs:outbox_attachment", args=[delivered.pk, attachment.pk])
    assert client.get(link).status_code == 404
    after = list(OutboxMessage.objects.values()), list(OutboxAttachment.objects.values("pk"))
    assert after == before


def test_anonymous_is_sent_to_login(client, delivered):
    for url in (
        reverse("jobs:outbox"),
        reverse("jobs:outbox_message", args=[delivered.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
