"""Writes on label batches. The issue_labels command and the admin both call these.

Kept apart from producers/services.py (authorisations and producers) so each file stays
about one thing; the rules are the same: keyword-only, full_clean, transaction.atomic.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.register.models import Authorisation, AuthorisationStatus
from shanting_gi.core.history import save_with_history

from . import codes
from .models import LABEL_BATCH_MAX_QUANTITY, LabelBatch


def _not_live_message(authorisation, today):
    if authorisation.status == AuthorisationStatus.APPROVED:
        # Approved, but the validity has run out and nobody has marked it expired yet.
        return _(
            "Labels can only be issued to a live authorisation; this one's validity ended "
            "on %(date)s."
        ) % {"date": authorisation.valid_until}
    return _("Labels can only be issued to a live authorisation; this one is %(status)s.") % {
        "status": authorisation.get_status_display()
    }


def _season_problem(authorisation, season, today):
    """Labels are for a season the authorisation covers: not before its approval, not after
    its validity, and at most next year's."""
    approved = authorisation.approved_on
    if approved is not None and season < approved.year:
        return _(
            "Season %(season)s is before the authorisation was approved (%(date)s): labels "
            "cannot be issued for it."
        ) % {"season": season, "date": approved.isoformat()}
    if authorisation.valid_until is not None and season > authorisation.valid_until.year:
        return _("Season %(season)s is after the authorisation's validity ends (%(date)s).") % {
            "season": season,
            "date": authorisation.valid_until.isoformat(),
        }
    if season > today.year + 1:
        return _("Labels are issued for this season or the next, not for %(season)s.") % {
            "season": season
        }
    return None


def label_quantity_left(*, authorisation, season):
    """Labels still allowed for the season under the annual cap; None when there is no cap."""
    if authorisation.annual_quantity_cap is None:
        return None
    used = (
        LabelBatch.objects.not_void()
        .filter(authorisation=authorisation, season=season)
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    return max(0, authorisation.annual_quantity_cap - used)


def label_batch_issue(*, authorisation, quantity, season, by, is_example=False):
    """Issue one batch of labels: one row, whatever the quantity.

    Refused when the authorisation is not live, when the quantity would exceed what the
    annual cap leaves for the season, or when the batch id no longer fits in a label code.
    """
    today = timezone.localdate()
    if not isinstance(quantity, int) or not 1 <= quantity <= LABEL_BATCH_MAX_QUANTITY:
        raise ValidationError(
            _("A batch holds from 1 to %(max)s labels.") % {"max": f"{LABEL_BATCH_MAX_QUANTITY:,}"}
        )
    key_version = codes.current_key_version()
    if not isinstance(season, int):
        raise ValidationError(_("The season is a year, such as %(year)s.") % {"year": today.year})
    with transaction.atomic():
        # Lock the authorisation: two issues at once then queue here, and the second one
        # sees the first one's batch when it adds up the season's labels.
        current = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if not current.is_live(on=today):
            raise ValidationError(_not_live_message(current, today))
        season_problem = _season_problem(current, season, today)
        if season_problem:
            raise ValidationError({"season": season_problem})
        left = label_quantity_left(authorisation=current, season=season)
        if left is not None and quantity > left:
            raise ValidationError(
                _(
                    "The annual cap of %(cap)s labels for season %(season)s leaves %(left)s; "
                    "%(quantity)s were requested."
                )
                % {
                    "cap": f"{current.annual_quantity_cap:,}",
                    "season": season,
                    "left": f"{left:,}",
                    "quantity": f"{quantity:,}",
                }
            )
        batch = LabelBatch(
            authorisation=current,
            season=season,
            quantity=quantity,
            key_version=key_version,
            issued_at=timezone.now(),
            issued_by=by if by is not None and by.is_authenticated else None,
            is_example=is_example,
        )
        save_with_history(
            batch,
            by=by,
            reason=_("Issued %(quantity)s labels for season %(season)s.")
            % {"quantity": f"{quantity:,}", "season": season},
        )
        if batch.pk > codes.MAX_BATCH_ID:
            # Raising rolls the insert back: no batch exists whose codes could not be made.
            raise ValidationError(
                _(
                    "No more label batches can be issued: batch numbers have reached the "
                    "%(max)s that a label code can carry. Ask the platform's maintainers."
                )
                % {"max": f"{codes.MAX_BATCH_ID:,}"}
            )
    return batch


def label_batch_void(*, batch, by, reason):
    """Withdraw a batch (labels lost, stolen, misprinted). Its codes then verify with a
    warning; the batch no longer counts against the season's cap."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: it is kept in the history and shown to staff."))
    with transaction.atomic():
        current = LabelBatch.objects.select_for_update().get(pk=batch.pk)
        if current.voided_at is not None:
            raise ValidationError(_("This batch is already void."))
        current.voided_at = timezone.now()
        current.void_reason = reason
        save_with_history(current, by=by, reason=reason)
    batch.refresh_from_db()
    return batch
