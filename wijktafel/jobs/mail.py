"""Sending a mail: the message as plain data (what a task carries), and the outbox backend.

A mail travels as a dict of JSON values (``MailData``), so a task can carry it and the worker can
send it later. ``deliver`` turns it into Django's ``EmailMultiAlternatives`` and hands it to the
default mailer of ``MAILERS``: SMTP when ``WIJKTAFEL_SMTP_HOST`` is set, else ``OutboxBackend``.
"""

from __future__ import annotations

import base64
from typing import TypedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction

from .models import OutboxAttachment, OutboxMessage

# Attachments are stored in the database (outbox) and carried in the task's arguments: bounded.
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
MAX_TOTAL_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_RECIPIENTS = 50


class Attachment(TypedDict):
    filename: str
    content_type: str
    content_b64: str


class MailData(TypedDict, total=False):
    message_id: str
    to: list[str]
    cc: list[str]
    subject: str
    body: str
    html: str
    attachments: list[Attachment]
    organisation_id: int | None
    caused_by_id: int | None
    cause: str


def message_id(local: str) -> str:
    """A Message-ID on the site's own domain; the same ``local`` part gives the same id."""
    domain = urlsplit(settings.SITE_URL).hostname or "wijktafel.invalid"
    return f"<{local}@{domain}>"


def encode_attachment(filename: str, content: bytes, content_type: str) -> Attachment:
    return {
        "filename": filename,
        "content_type": content_type,
        "content_b64": base64.b64encode(content).decode("ascii"),
    }


def build_message(data: MailData) -> EmailMultiAlternatives:
    """Django's message for ``data``, carrying who and what caused it for the outbox."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=data["to"],
        cc=data.get("cc") or [],
        headers={"Message-ID": data["message_id"]},
    )
    if data.get("html"):
        message.attach_alternative(data["html"], "text/html")
    for item in data.get("attachments") or []:
        message.attach(
            item["filename"], base64.b64decode(item["content_b64"]), item["content_type"]
        )
    # Not a header: only the outbox reads it; SMTP never sends it.
    message.wijktafel_context = {  # type: ignore[attr-defined]
        "organisation_id": data.get("organisation_id"),
        "caused_by_id": data.get("caused_by_id"),
        "cause": data.get("cause", ""),
    }
    return message


def deliver(data: MailData) -> None:
    """Send ``data`` through the default mailer now (only the worker calls this)."""
    with django_mail.mailers.default as connection:
        connection.send_messages([build_message(data)])


class OutboxBackend(BaseEmailBackend):
    """A MAILERS backend that keeps every mail in the outbox table instead of sending it.

    A Message-ID that is already there is not stored again, so a mail sent twice with the same
    id (a task run again) is kept once.
    """

    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages:
            message.message()  # validates the headers, as a real backend would
            context = getattr(message, "wijktafel_context", {})
            msgid = message.extra_headers.get("Message-ID") or django_mail.make_msgid()
            html = next(
                (
                    c
                    for c, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            try:
                with transaction.atomic():
                    row = OutboxMessage.objects.create(
                        message_id=msgid,
                        from_email=message.from_email,
                        to=list(message.to),
                        cc=list(message.cc),
                        subject=message.subject,
                        body=message.body,
                        html=html,
                        organisation_id=context.get("organisation_id"),
                        caused_by_id=context.get("caused_by_id"),
                        cause=context.get("cause", ""),
                    )
                    for attachment in message.attachments:
                        filename, content, mimetype = attachment
                        if isinstance(content, str):
                            content = content.encode("utf-8")
                        OutboxAttachment.objects.create(
                            message=row,
                            filename=filename or "bijlage",
                            content_type=mimetype or "application/octet-stream",
                            content=content,
                            size=len(content),
                        )
            except IntegrityError:
                if not OutboxMessage.objects.filter(message_id=msgid).exists():
                    raise
                continue  # the same mail was kept before
            stored += 1
        return stored
