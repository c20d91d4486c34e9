"""Spam protection for the public forms without a third-party service (no CAPTCHA).

Two checks that people never notice and simple bots fail:

- a honeypot: a text field hidden from everyone (display: none, so neither sighted users,
  keyboard users nor screen readers reach it) that form-filling bots fill in;
- a minimum fill time: the form carries the signed moment it was shown, and a form sent back
  sooner than a person could have read it (settings.SPAM_MIN_FILL_SECONDS) is refused — with a message, and the entries
  kept, so a fast human only has to press the button again.

The page view checks a SpamGuard beside its real form (`spam_check(request)`) and renders
templates/includes/spam_guard.html with `spam_context(errors)`; the API, which has no form
page, relies on its rate limits.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_FORM_AGE_SECONDS = 24 * 3600
SALT = "shanting_gi.core.spam"
HONEYPOT = "website"


def _stamp():
    return signing.dumps(int(time.time()), salt=SALT)


class SpamGuard(forms.Form):
    # Rendered by templates/includes/spam_guard.html inside a container that is hidden.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # A fresh stamp whenever the form is shown again (after an error, too).
        self.fields["form_started"].initial = _stamp()

    def clean(self):
        if self.cleaned_data.get(HONEYPOT):
            raise ValidationError(
                _("The form could not be sent. Please leave the hidden field empty."),
                code="honeypot",
            )
        try:
            started = signing.loads(
                self.cleaned_data.get("form_started") or "",
                salt=SALT,
                max_age=MAX_FORM_AGE_SECONDS,
            )
        except signing.SignatureExpired:
            raise ValidationError(
                _(
                    "The form was open for more than a day. Please check your entries and send it again."
                ),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                _("The form could not be checked. Please send it again."), code="unsigned"
            ) from None
        if time.time() - int(started) < settings.SPAM_MIN_FILL_SECONDS:
            raise ValidationError(
                _("The form was sent very quickly. Please check your entries and send it again."),
                code="too_fast",
            )
        return self.cleaned_data


def spam_check(request):
    """The guard's messages for a POST (empty when it looks human)."""
    guard = SpamGuard(request.POST)
    return [] if guard.is_valid() else list(guard.non_field_errors())


def spam_context(errors=()):
    """Context for includes/spam_guard.html: a fresh stamp, and the messages if any."""
    return {"spam_guard": SpamGuard(), "spam_errors": list(errors)}
