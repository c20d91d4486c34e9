"""Writes that carry a rule for inspections and enforcement cases."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.labels import codes
from producers.labels.models import LabelBatch
from shanting_gi.core import receipts
from shanting_gi.core.history import save_with_history as _save

from .models import (
    CaseStatus,
    Complaint,
    ComplaintPhoto,
    ComplaintReply,
    ComplaintStatus,
    InspectionResult,
    InspectionStatus,
)


def _as_decimal(value):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    return number


def inspection_record_result(*, inspection, indicator, value, by=None, reason=""):
    """Record (or correct) one measured value and judge it against the indicator's limits.

    The verdict is derived here, never typed in: a value exactly at a limit passes and a
    missing limit is no bound. The limits used are kept on the result.
    """
    if indicator.product_id != inspection.product_id:
        raise ValidationError(
            _(
                "“%(indicator)s” is an indicator of %(other)s, not of the inspected product %(product)s."
            )
            % {
                "indicator": indicator.name,
                "other": indicator.product,
                "product": inspection.product,
            }
        )
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError(
            _("This inspection is published; its results can no longer be changed.")
        )
    value = _as_decimal(value)
    with transaction.atomic():
        result = InspectionResult.objects.filter(inspection=inspection, indicator=indicator).first()
        result = result or InspectionResult(inspection=inspection, indicator=indicator)
        result.measured_value = value
        result.limit_min = indicator.min_value
        result.limit_max = indicator.max_value
        result.passed = indicator.judge(value)
        _save(result, by=by, reason=reason or _("Result recorded."))
        if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.SAMPLED):
            inspection.status = InspectionStatus.TESTED
            inspection.tested_on = inspection.tested_on or timezone.localdate()
            _save(inspection, by=by, reason=_("Result recorded."))
    return result


def inspection_record_results(*, inspection, values, by=None):
    """Record several results at once: {indicator: value}. All or nothing."""
    with transaction.atomic():
        return [
            inspection_record_result(inspection=inspection, indicator=indicator, value=value, by=by)
            for indicator, value in values.items()
        ]


def inspection_publish(*, inspection, by=None, on=None):
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError(_("This inspection is already published."))
    if inspection.status != InspectionStatus.TESTED or not inspection.results.exists():
        raise ValidationError(_("Only a tested inspection with results can be published."))
    if not inspection.report_number.strip():
        raise ValidationError(_("Enter the test report number before publishing."))
    with transaction.atomic():
        inspection.status = InspectionStatus.PUBLISHED
        inspection.published_on = on or timezone.localdate()
        _save(inspection, by=by, reason=_("Published."))
    return inspection


def inspection_unpublish(*, inspection, by, reason):
    if inspection.status != InspectionStatus.PUBLISHED:
        raise ValidationError(_("This inspection is not published."))
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for withdrawing a published result."))
    with transaction.atomic():
        inspection.status = InspectionStatus.TESTED
        inspection.published_on = None
        _save(inspection, by=by, reason=reason)
    return inspection


def enforcement_case_publish(*, case, by=None, on=None):
    if case.published:
        raise ValidationError(_("This case is already published."))
    if (
        case.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED)
        or not case.decision_number.strip()
    ):
        raise ValidationError(_("Only a decided case with a decision number can be published."))
    with transaction.atomic():
        case.published = True
        case.published_on = on or timezone.localdate()
        _save(case, by=by, reason=_("Published."))
    return case


def enforcement_case_unpublish(*, case, by, reason):
    if not case.published:
        raise ValidationError(_("This case is not published."))
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for withdrawing a published case."))
    with transaction.atomic():
        case.published = False
        case.published_on = None
        _save(case, by=by, reason=reason)
    return case


def enforcement_case_save(*, case, by=None, reason=""):
    with transaction.atomic():
        _save(case, by=by, reason=reason)
    return case


# --- Complaints ---------------------------------------------------------------------------

TRACKING_ALPHABET = receipts.ALPHABET  # no 0/O, 1/I/L: read over the phone
MAX_COMPLAINT_PHOTOS = 3

COMPLAINT_TRANSITIONS = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.ACCEPTED, ComplaintStatus.CLOSED},
    ComplaintStatus.ACCEPTED: {ComplaintStatus.INVESTIGATING, ComplaintStatus.CLOSED},
    ComplaintStatus.INVESTIGATING: {ComplaintStatus.CLOSED},
    ComplaintStatus.CLOSED: set(),
}


def _new_tracking_number():
    return receipts.new_tracking_number("TS")


def complaint_submit(*, fields, photos=()):
    """Store a complaint with its (already validated and re-encoded) photos.

    Returns (complaint, secret). The secret (grouped, without look-alike characters: see
    shanting_gi.core.receipts) is shown to the complainant once and stored only as a hash;
    the tracking number alone opens nothing. Everything or nothing is saved.
    """
    if len(photos) > MAX_COMPLAINT_PHOTOS:
        raise ValidationError(
            _("Please attach at most %(n)d photos.") % {"n": MAX_COMPLAINT_PHOTOS}
        )
    secret, secret_hash = receipts.new_secret()
    complaint = Complaint(secret_hash=secret_hash, **fields)
    decoded = codes.decode(complaint.label_code) if complaint.label_code else None
    if decoded is not None and decoded.is_genuine:
        # A genuine code names its batch, so the producer can see the complaint.
        complaint.label_batch = LabelBatch.objects.filter(pk=decoded.batch_id).first()
    stored = []
    try:
        with transaction.atomic():
            for _attempt in range(5):
                complaint.tracking_number = _new_tracking_number()
                if not Complaint.objects.filter(tracking_number=complaint.tracking_number).exists():
                    break
            _save(complaint, by=None, reason=_("Complaint received."))
            for photo in photos:
                item = ComplaintPhoto(complaint=complaint)
                item.image.save(photo.name, photo, save=False)
                stored.append(item.image.name)
                item.full_clean()
                item.save()
    except Exception:
        # The database rolled back; remove files already written so nothing is half-saved.
        storage = ComplaintPhoto._meta.get_field("image").storage
        for name in stored:
            storage.delete(name)
        raise
    return complaint, secret


def complaint_find(*, tracking_number, secret):
    """The complaint when both match, else None — the same answer whichever one is wrong.

    Secrets are accepted as typed: any case, with or without the dashes, in full-width
    characters; secrets issued before the grouped form exactly as they were issued."""
    tracking_number = receipts.normalise_tracking_number(tracking_number)
    complaint = Complaint.objects.filter(tracking_number=tracking_number).first()
    expected = complaint.secret_hash if complaint else receipts.NO_SUCH_RECEIPT
    matches = receipts.secret_matches(expected, secret)
    return complaint if complaint and matches else None


def complaint_set_status(*, complaint, status, by, reason=""):
    if status not in COMPLAINT_TRANSITIONS[complaint.status]:
        raise ValidationError(
            _("A complaint that is %(current)s cannot become %(new)s.")
            % {
                "current": complaint.get_status_display(),
                "new": ComplaintStatus(status).label,
            }
        )
    with transaction.atomic():
        complaint.status = status
        if status == ComplaintStatus.CLOSED:
            complaint.closed_on = timezone.localdate()
        _save(complaint, by=by, reason=reason or ComplaintStatus(status).label)
    return complaint


def complaint_reply(*, complaint, body, by, visible_to_complainant=True):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("A reply cannot be empty."))
    reply = ComplaintReply(
        complaint=complaint,
        body=body,
        visible_to_complainant=visible_to_complainant,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    reply.full_clean()
    reply.save()
    return reply


def complaint_link_case(*, complaint, case, by):
    with transaction.atomic():
        complaint.enforcement_case = case
        _save(complaint, by=by, reason=_("Linked to case %(case)s.") % {"case": case})
    return complaint
