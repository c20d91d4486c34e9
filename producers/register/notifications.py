"""Emails to producers about their applications and authorisations.

Every email is written in Chinese (settings.LANGUAGE_CODE, the platform's primary language)
with the English text below it, whatever language the producer last browsed in: the
account holder and the person reading the mailbox are often not the same. Each language has
its own template, templates/email/<language>/<event>.txt, whose first line is the subject.

Mail goes out after the surrounding transaction commits, so a rolled-back decision never
sends a message about itself. Every message is also kept (Notification) and shown in the
account, so a producer without an email address — many households — still reads it.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notification

ENGLISH = "en"
SEPARATOR = "\n\n—— English ——\n\n"


def _render(event, language, context):
    with translation.override(language):
        text = render_to_string(f"email/{language}/{event}.txt", context).strip()
    subject, _newline, body = text.partition("\n")
    return subject.strip(), body.strip()


def _both(event, context):
    return _render(event, settings.LANGUAGE_CODE, context), _render(event, ENGLISH, context)


def compose(event, context):
    """(subject, body) of the bilingual email for event."""
    (zh_subject, zh_body), (en_subject, en_body) = _both(event, context)
    return f"{zh_subject} / {en_subject}", f"{zh_body}{SEPARATOR}{en_body}\n"


def recipient(producer):
    user = producer.user if producer.user_id else None
    if user is None or not user.is_active or not user.email:
        return None
    return user.email


def send(event, *, producer, context):
    """Keep the message for the producer's account and queue the email for after commit;
    returns False when no email was sent (no address)."""
    return send_to(
        event,
        user=producer.user if producer.user_id else None,
        producer=producer,
        address=recipient(producer),
        context={"producer": producer, **context},
    )


def send_to(event, *, address, context, user=None, producer=None):
    context = {
        "site_url": settings.PUBLIC_BASE_URL,
        "account_url": settings.PUBLIC_BASE_URL + reverse("accounts:dashboard"),
        **context,
    }
    (zh_subject, zh_body), (en_subject, en_body) = _both(event, context)
    if user is not None:
        Notification.objects.create(
            user=user,
            producer=producer,
            event=event,
            subject_zh=zh_subject[:200],
            body_zh=zh_body,
            subject_en=en_subject[:200],
            body_en=en_body,
            emailed_to=address or "",
        )
    if not address:
        return False
    subject = f"{zh_subject} / {en_subject}"
    body = f"{zh_body}{SEPARATOR}{en_body}\n"
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    return True


def application_event(event, application, **extra):
    """event: application_submitted, info_requested, application_approved, _rejected."""
    return send(
        event,
        producer=application.producer,
        context={
            "application": application,
            "application_url": settings.PUBLIC_BASE_URL + application.get_absolute_url(),
            **extra,
        },
    )


def authorisation_changed(authorisation):
    """The authorisation's status changed (suspended, reinstated, revoked, expired …)."""
    return send(
        "authorisation_status",
        producer=authorisation.producer,
        context={"authorisation": authorisation},
    )
