"""Writes that carry a rule. Admin actions, views, the API and commands all call these.

An authorisation moves along its lifecycle only here (authorisation_review … _expire), by
whatever door the change comes in. Apps above the register that keep records in step with
an authorisation — the producer's application (producers.accounts) — register a follower
with follow_authorisation_transitions(); it runs inside the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.register import notifications
from shanting_gi.core.history import save_with_history as _save_with_history

from .models import Authorisation, AuthorisationStatus

S = AuthorisationStatus

# Which status each transition may start from, and where it leads.
TRANSITIONS = {
    "review": ({S.APPLIED}, S.UNDER_REVIEW),
    "approve": ({S.APPLIED, S.UNDER_REVIEW}, S.APPROVED),
    "reject": ({S.APPLIED, S.UNDER_REVIEW}, S.REJECTED),
    "suspend": ({S.APPROVED}, S.SUSPENDED),
    "reinstate": ({S.SUSPENDED}, S.APPROVED),
    "revoke": ({S.APPROVED, S.SUSPENDED}, S.REVOKED),
    "expire": ({S.APPROVED, S.SUSPENDED}, S.EXPIRED),
}


# Every decision is emailed to the producer by the service itself, so the admin, the API and
# commands all notify. A follower that tells the producer in its own words (the decision on
# an application) says so by returning True, and the plain status email is not sent.
NOTIFIED_TRANSITIONS = {"approve", "reject", "suspend", "reinstate", "revoke", "expire"}

_followers = []


def follow_authorisation_transitions(follower):
    """Register follower(name, authorisation, *, by, reason) -> bool, called after each
    transition inside its transaction; True means it has told the producer itself."""
    if follower not in _followers:
        _followers.append(follower)
    return follower


def transition_verb(name):
    return {
        "review": _("take under review"),
        "approve": _("approve"),
        "reject": _("reject"),
        "suspend": _("suspend"),
        "reinstate": _("reinstate"),
        "revoke": _("revoke"),
        "expire": _("mark as expired"),
    }[name]


def allowed_transitions(authorisation):
    return [
        name for name, (sources, _target) in TRANSITIONS.items() if authorisation.status in sources
    ]


def _transition(name, *, authorisation, by, reason, on=None, **changes):
    sources, target = TRANSITIONS[name]
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give a reason: it is kept in the history and told to the producer.")
        )
    with transaction.atomic():
        # Lock the row so two staff acting at once cannot both move it from the same status.
        current = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if current.status not in sources:
            raise ValidationError(
                _("Cannot %(verb)s an authorisation that is %(status)s.")
                % {"verb": transition_verb(name), "status": current.get_status_display()}
            )
        current.status = target
        current.status_changed_on = on or timezone.localdate()
        current.status_reason = reason
        for field, value in changes.items():
            setattr(current, field, value)
        _save_with_history(current, by=by, reason=reason)
        told = [follower(name, current, by=by, reason=reason) for follower in _followers]
        if name in NOTIFIED_TRANSITIONS and not any(told):
            notifications.authorisation_changed(current)  # sent after commit
    authorisation.refresh_from_db()
    return authorisation


def authorisation_apply(*, producer, product, by=None, applied_on=None, reason="", **fields):
    """Record a new application. Refused while an open one exists for the same product."""
    authorisation = Authorisation(
        producer=producer,
        product=product,
        status=S.APPLIED,
        applied_on=applied_on or timezone.localdate(),
        status_changed_on=applied_on or timezone.localdate(),
        status_reason=reason or _("Application received."),
        **fields,
    )
    with transaction.atomic():
        _save_with_history(authorisation, by=by, reason=authorisation.status_reason)
    return authorisation


def authorisation_review(*, authorisation, by, reason, on=None):
    return _transition("review", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisation_approve(
    *,
    authorisation,
    by,
    reason,
    announcement_number,
    approved_on=None,
    valid_until=None,
    annual_quantity_cap=None,
):
    if not (announcement_number or "").strip():
        raise ValidationError(_("An approval needs the number of the announcement that grants it."))
    approved_on = approved_on or timezone.localdate()
    if valid_until is not None and valid_until < approved_on:
        raise ValidationError(_("The validity cannot end before the approval date."))
    changes = {
        "announcement_number": announcement_number.strip(),
        "approved_on": approved_on,
        "valid_until": valid_until,
    }
    if annual_quantity_cap is not None:
        changes["annual_quantity_cap"] = annual_quantity_cap
    return _transition(
        "approve", authorisation=authorisation, by=by, reason=reason, on=approved_on, **changes
    )


def authorisation_reject(*, authorisation, by, reason, on=None):
    return _transition("reject", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisation_suspend(*, authorisation, by, reason, on=None):
    return _transition("suspend", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisation_reinstate(*, authorisation, by, reason, on=None):
    return _transition("reinstate", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisation_revoke(*, authorisation, by, reason, on=None):
    return _transition("revoke", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisation_expire(*, authorisation, by, reason, on=None):
    return _transition("expire", authorisation=authorisation, by=by, reason=reason, on=on)


def authorisations_expire_due(*, by=None, today=None):
    """Close every approved or suspended authorisation whose validity has ended."""
    today = today or timezone.localdate()
    due = Authorisation.objects.filter(status__in=[S.APPROVED, S.SUSPENDED], valid_until__lt=today)
    expired = []
    for authorisation in due:
        expired.append(
            authorisation_expire(
                authorisation=authorisation,
                by=by,
                reason=_("Validity ended on %(date)s.") % {"date": authorisation.valid_until},
                on=authorisation.valid_until + datetime.timedelta(days=1),
            )
        )
    return expired


def producer_duplicates_message(duplicates):
    names = "、".join(f"{p.name}（{p.town}，{p.address or p.private_phone}）" for p in duplicates)
    return _(
        "This looks like a producer already registered: %(producers)s. Open that record "
        "instead, or give the reason why this is a different producer."
    ) % {"producers": names}


def producer_save(*, producer, by=None, reason="", duplicate_reason=""):
    """Validate and save a producer (credit code normalised and checked).

    A new producer with the name, town and address or phone of a registered one is
    refused as a likely duplicate unless duplicate_reason says why it is another one;
    the reason is kept in the history.
    """
    with transaction.atomic():
        if producer._state.adding:
            duplicates = list(producer.likely_duplicates()[:5])
            duplicate_reason = (duplicate_reason or "").strip()
            if duplicates and not duplicate_reason:
                raise ValidationError(producer_duplicates_message(duplicates), code="duplicate")
            if duplicates:
                reason = _("%(reason)s Not a duplicate of %(producers)s: %(why)s") % {
                    "reason": reason,
                    "producers": "、".join(p.name for p in duplicates),
                    "why": duplicate_reason,
                }
        _save_with_history(producer, by=by, reason=reason.strip())
    return producer
