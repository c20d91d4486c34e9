"""Writes that carry a rule for inspections and enforcement cases."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.labels import codes
from producers.labels.models import LabelBatch
from products.models import plain_number
from shanting_gi.core import receipts
from shanting_gi.core.history import save_with_history as _save

from .models import (
    CaseStatus,
    Complaint,
    ComplaintPhoto,
    ComplaintReply,
    ComplaintStatus,
    EnforcementCase,
    Inspection,
    InspectionCorrection,
    InspectionResult,
    InspectionStatus,
    ViolationType,
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
        before = None if result is None else result.measured_value
        if inspection.first_published_on is not None and before != value:
            # Withdrawn after publication: the change is a correction, with its reason.
            _record_correction(
                inspection,
                by=by,
                reason=reason,
                changes=[_result_change(indicator, before, value)],
            )
        result = _judge(result, inspection, indicator, value)
        _save(result, by=by, reason=reason or _("Result recorded."))
        if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.SAMPLED):
            inspection.status = InspectionStatus.TESTED
            inspection.tested_on = inspection.tested_on or timezone.localdate()
            _save(inspection, by=by, reason=_("Result recorded."))
    return result


def _judge(result, inspection, indicator, value):
    result = result or InspectionResult(inspection=inspection, indicator=indicator)
    result.measured_value = value
    result.limit_min = indicator.min_value
    result.limit_max = indicator.max_value
    result.passed = indicator.judge(value)
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
        inspection.first_published_on = inspection.first_published_on or inspection.published_on
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


# --- The record of an inspection: fixed by the draw, corrected in the open -----------------

# Chosen by the draw: never changed afterwards, not even by a correction.
DRAWN_FIELDS = ("producer", "product", "plan")
# What a recorded correction of a published result may change (the producer only on an
# inspection that no draw selected). Results are corrected too, value by value.
CORRECTABLE_FIELDS = (
    "producer",
    "sampled_on",
    "sampling_place",
    "testing_body",
    "report_number",
    "tested_on",
)


def _display(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _field_change(field, before, after):
    return {"field": field, "before": _display(before), "after": _display(after)}


def _result_change(indicator, before, after):
    return {
        "field": "result",
        "indicator": indicator.pk,
        "label": indicator.name,
        "before": "" if before is None else plain_number(before),
        "after": plain_number(after),
    }


def _record_correction(inspection, *, by, reason, changes):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _(
                "This result has been published: say why it is corrected. The reason is shown "
                "with the result."
            )
        )
    correction = InspectionCorrection(
        inspection=inspection,
        made_by=by if by is not None and by.is_authenticated else None,
        reason=reason,
        changes=changes,
    )
    correction.full_clean()
    correction.save()
    return correction


def _changed_fields(inspection, stored, fields):
    return [
        name
        for name in fields
        if getattr(inspection, inspection._meta.get_field(name).attname)
        != getattr(stored, stored._meta.get_field(name).attname)
    ]


def inspection_check_change(*, inspection, reason=""):
    """The changes an edit of a saved inspection makes, checked against its record:
    refused for a drawn inspection's producer, product or plan and for any change of a
    published one; for one withdrawn after publication, the corrections it must record.
    Returns (stored row, correction changes)."""
    stored = Inspection.objects.get(pk=inspection.pk)
    moved = _changed_fields(inspection, stored, DRAWN_FIELDS)
    if "plan" in moved or (stored.is_drawn and moved):
        raise ValidationError(
            _(
                "The producer, product and plan of an inspection selected by a draw are "
                "fixed: the published plan lists exactly who was drawn."
            )
        )
    if stored.status == InspectionStatus.PUBLISHED:
        editable = {"follow_up", "follow_up_deadline", "follow_up_done_on", "is_example"}
        changed = [
            field.name
            for field in Inspection._meta.concrete_fields
            if field.name not in editable | {"created_at", "updated_at"}
            and getattr(inspection, field.attname) != getattr(stored, field.attname)
        ]
        if changed:
            raise ValidationError(
                _("This result is published: correct it with “Correct the published result”.")
            )
        return stored, []
    if stored.first_published_on is None:
        return stored, []
    changes = [
        _field_change(name, _value_of(stored, name), _value_of(inspection, name))
        for name in _changed_fields(inspection, stored, CORRECTABLE_FIELDS)
    ]
    if changes and not (reason or "").strip():
        raise ValidationError(
            _(
                "This result has been published: say why it is corrected. The reason is shown "
                "with the result."
            )
        )
    return stored, changes


def inspection_save(*, inspection, by=None, reason=""):
    """Validate and save an inspection entered by hand (the admin form).

    A new inspection cannot join a plan: only the plan's draw adds its inspections. Once
    drawn, producer, product and plan are fixed. A published inspection changes only by
    inspection_correct; one withdrawn after publication records each change as a correction.
    """
    with transaction.atomic():
        if inspection._state.adding or inspection.pk is None:
            if inspection.plan_id is not None:
                raise ValidationError(
                    _("An inspection joins a spot-check plan only through the plan's draw.")
                )
            return _save(inspection, by=by, reason=reason)
        Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
        stored, changes = inspection_check_change(inspection=inspection, reason=reason)
        if changes:
            _record_correction(stored, by=by, reason=reason, changes=changes)
        return _save(inspection, by=by, reason=reason)


def _value_of(inspection, name):
    """A field's value as a correction records it; it is public, so a producer not listed
    publicly is not named (the history keeps which one it was)."""
    value = getattr(inspection, name)
    if name == "producer" and value is not None:
        return value.name if value.is_public else _("a producer not listed publicly")
    return value


def inspection_set_inspectors(*, inspection, inspectors, by=None):
    """Assign inspectors by hand: only to an inspection no draw has selected."""
    if inspection.is_drawn:
        current = set(inspection.inspectors.values_list("pk", flat=True))
        if current != {inspector.pk for inspector in inspectors}:
            raise ValidationError(_("The inspectors of a drawn inspection were drawn too."))
        return inspection
    inspection.inspectors.set(inspectors)
    return inspection


def inspection_correct(*, inspection, by, reason, changes=None, results=None):
    """Correct a published (or once published) result: the fields in `changes` and the
    measured values in `results` ({indicator: value}, re-judged), with the reason recorded
    and shown on the public page. A drawn inspection's producer stays."""
    changes, results = dict(changes or {}), dict(results or {})
    with transaction.atomic():
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not current.was_published:
            raise ValidationError(
                _("Only a published result is corrected; change this one on its page.")
            )
        unknown = set(changes) - set(CORRECTABLE_FIELDS)
        if unknown or (current.is_drawn and "producer" in changes):
            raise ValidationError(
                _("These cannot be corrected: %(fields)s.")
                % {"fields": "、".join(sorted(unknown | ({"producer"} & set(changes))))}
            )
        recorded = []
        for name, value in changes.items():
            before = _value_of(current, name)
            setattr(current, name, value)
            after = _value_of(current, name)
            if before != after:
                recorded.append(_field_change(name, before, after))
        stored = {r.indicator_id: r for r in current.results.select_related("indicator")}
        judged = []
        for indicator, value in results.items():
            if indicator.product_id != current.product_id:
                raise ValidationError(
                    _("“%(indicator)s” is not an indicator of the inspected product.")
                    % {"indicator": indicator.name}
                )
            value = _as_decimal(value)
            result = stored.get(indicator.pk)
            before = None if result is None else result.measured_value
            if before != value:
                recorded.append(_result_change(indicator, before, value))
                judged.append(_judge(result, current, indicator, value))
        if not recorded:
            raise ValidationError(_("Nothing was changed."))
        _record_correction(current, by=by, reason=reason, changes=recorded)
        for result in judged:
            _save(result, by=by, reason=reason)
        _save(current, by=by, reason=reason)
    inspection.refresh_from_db()
    return inspection


def inspection_delete(*, inspection, by, reason=""):
    """Delete an inspection entered by mistake. A drawn inspection stays (the draw names
    it), and so does one that was ever published."""
    if inspection.is_drawn:
        raise ValidationError(
            _("An inspection selected by a draw is never deleted: the published plan names it.")
        )
    if inspection.was_published:
        raise ValidationError(_("A published result is never deleted; withdraw or correct it."))
    with transaction.atomic():
        inspection._change_reason = reason or _("Deleted.")
        if by is not None and by.is_authenticated:
            inspection._history_user = by
        inspection.delete()


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


def _link_label_code(case):
    """Keep the code as typed; a genuine one names its batch (a forged one stays unlinked)."""
    case.label_code = (case.label_code or "").strip()
    decoded = codes.decode(case.label_code) if case.label_code else None
    if decoded is not None and decoded.is_genuine:
        case.label_code = decoded.grouped
        case.label_batch = LabelBatch.objects.filter(pk=decoded.batch_id).first()
    else:
        case.label_batch = None


def enforcement_case_save(*, case, by=None, reason=""):
    if case.inspection_id is not None:
        inspection = case.inspection
        if case.producer_id is None and not case.subject_name:
            case.producer_id = inspection.producer_id
        if case.product_id is None:
            case.product_id = inspection.product_id
    _link_label_code(case)
    with transaction.atomic():
        _save(case, by=by, reason=reason)
    return case


def enforcement_case_open(
    *,
    by,
    case_number,
    opened_on=None,
    violation_type=ViolationType.SUBSTANDARD,
    summary="",
    inspection=None,
    complaint=None,
    producer=None,
    subject_name="",
    product=None,
    label_code="",
):
    """Open a case from what is known: a failed spot-check (its producer and product), a
    complaint (its product, label code and the producer of a genuine code's batch), or
    by hand. The source is linked both ways."""
    if inspection is not None and inspection.conclusion != "fail":
        raise ValidationError(_("A case is opened from a failed spot-check only."))
    if complaint is not None and complaint.enforcement_case_id is not None:
        raise ValidationError(
            _("This complaint is already linked to case %(case)s.")
            % {"case": complaint.enforcement_case}
        )
    if inspection is not None:
        producer = producer or inspection.producer
        product = product or inspection.product
    if complaint is not None:
        product = product or complaint.product
        label_code = label_code or complaint.label_code
        if producer is None and complaint.label_batch_id is not None:
            producer = complaint.label_batch.authorisation.producer
        subject_name = subject_name or (complaint.seller if producer is None else "")
    case = EnforcementCase(
        case_number=(case_number or "").strip(),
        opened_on=opened_on or timezone.localdate(),
        violation_type=violation_type,
        summary=summary,
        inspection=inspection,
        producer=producer,
        subject_name=subject_name,
        product=product,
        label_code=label_code,
        status=CaseStatus.OPEN,
    )
    with transaction.atomic():
        enforcement_case_save(case=case, by=by, reason=_("Case opened."))
        if complaint is not None:
            complaint_link_case(complaint=complaint, case=case, by=by)
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
    """Move a complaint on. Closing needs a reply the complainant can read, or a recorded
    reason (e.g. outside the bureau's remit): nobody closes a complaint with nothing said."""
    if status not in COMPLAINT_TRANSITIONS[complaint.status]:
        raise ValidationError(
            _("A complaint that is %(current)s cannot become %(new)s.")
            % {
                "current": complaint.get_status_display(),
                "new": ComplaintStatus(status).label,
            }
        )
    reason = (reason or "").strip()
    if (
        status == ComplaintStatus.CLOSED
        and not reason
        and not complaint.replies.filter(visible_to_complainant=True).exists()
    ):
        raise ValidationError(
            _(
                "Reply to the complainant first, or give the reason for closing: it is kept "
                "in the history."
            )
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
