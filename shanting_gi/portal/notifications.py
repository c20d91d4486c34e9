"""Email to the person who asked a question, when the bureau answers it.

Bilingual (Chinese, then English) and sent after the transaction commits, as the
register's notifications (producers/register/notifications.py, whose sender this uses). It
goes only to the address the asker gave for this purpose, with the answer and where to read
it again — never the secret.
"""

from django.conf import settings
from django.urls import reverse

from producers.register.notifications import send_to


def consultation_answered(consultation, *, corrected=False):
    """Queue the email; False when the asker left no address."""
    return send_to(
        "consultation_answered",
        address=consultation.contact_email,
        context={
            "consultation": consultation,
            "corrected": corrected,
            "track_url": settings.PUBLIC_BASE_URL + reverse("portal:consultation_track"),
        },
    )
