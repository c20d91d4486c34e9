"""Writes that carry a rule for inspections and enforcement cases."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from products.history import save_with_history as _save

from .models import InspectionResult, InspectionStatus


def _as_decimal(value):
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from None


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
    if not inspection.report_number:
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
    if not case.decision_number:
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
