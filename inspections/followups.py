"""Follow-up (核查处置) of failed spot-checks: opened with a deadline, closed when done.

The follow-up text is public on the result page, so each note is written for the public.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanting_gi.core.history import save_with_history

from .models import Conclusion, Inspection


def _append(text, note):
    note = (note or "").strip()
    return f"{text.rstrip()}\n\n{note}".strip() if note else text


def inspection_open_follow_up(*, inspection, deadline, by, note=""):
    """Give a failed inspection a follow-up deadline (and an optional public note)."""
    if inspection.conclusion != Conclusion.FAIL:
        raise ValidationError(_("Only a failed inspection gets a follow-up."))
    if deadline is None:
        raise ValidationError(_("Give the follow-up a deadline."))
    if inspection.follow_up_done_on is not None:
        raise ValidationError(_("The follow-up of this inspection is already completed."))
    if inspection.follow_up_deadline is not None:
        raise ValidationError(_("A follow-up is already open for this inspection."))
    with transaction.atomic():
        inspection.follow_up_deadline = deadline
        inspection.follow_up = _append(inspection.follow_up, note)
        reason = (note or "").strip() or _("Follow-up opened, due %(date)s.") % {
            "date": deadline.isoformat()
        }
        save_with_history(inspection, by=by, reason=reason)
    return inspection


def inspection_close_follow_up(*, inspection, by, done_on=None, note):
    """Record that the follow-up was completed, saying what was done."""
    if inspection.follow_up_deadline is None:
        raise ValidationError(_("No follow-up is open for this inspection."))
    if inspection.follow_up_done_on is not None:
        raise ValidationError(_("The follow-up of this inspection is already completed."))
    if not (note or "").strip():
        raise ValidationError(_("Say what was done: it is shown with the published result."))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError(_("The completion date cannot be in the future."))
    with transaction.atomic():
        inspection.follow_up_done_on = done_on
        inspection.follow_up = _append(inspection.follow_up, note)
        save_with_history(inspection, by=by, reason=note.strip())
    return inspection


def follow_ups_overdue(today=None):
    """Failed inspections whose follow-up deadline has passed without completion."""
    today = today or timezone.localdate()
    return (
        Inspection.objects.failed()
        .filter(follow_up_deadline__lt=today, follow_up_done_on__isnull=True)
        .select_related("producer", "product")
        .order_by("follow_up_deadline", "pk")
    )


def follow_ups_open(today=None):
    """Failed inspections with a follow-up still within its deadline."""
    today = today or timezone.localdate()
    return (
        Inspection.objects.failed()
        .filter(follow_up_deadline__gte=today, follow_up_done_on__isnull=True)
        .select_related("producer", "product")
        .order_by("follow_up_deadline", "pk")
    )


def follow_ups_missing():
    """Failed inspections for which no follow-up has been opened yet."""
    return (
        Inspection.objects.failed()
        .filter(follow_up_deadline__isnull=True, follow_up_done_on__isnull=True)
        .select_related("producer", "product")
        .order_by("-tested_on", "-pk")
    )
