"""Re-judging results after the bureau changes an indicator's limits.

A result keeps the limits it was judged against, so changing a QualityIndicator changes no
verdict by itself. These functions show what the current limits would change and, only on
an explicit request with a reason, apply them — published results included.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from products.models import QualityIndicator
from shanting_gi.core.history import save_with_history

from .models import InspectionResult


def _same_limit(field, value):
    return Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})


def results_with_old_limits(indicator):
    """Results of the indicator judged against other limits than its current ones."""
    current = _same_limit("limit_min", indicator.min_value) & _same_limit(
        "limit_max", indicator.max_value
    )
    return (
        InspectionResult.objects.filter(indicator=indicator)
        .exclude(current)
        .select_related("inspection__producer", "inspection__product", "indicator")
        .order_by("inspection__sample_number", "pk")
    )


@dataclass
class Rejudged:
    result: InspectionResult
    old_passed: bool
    new_passed: bool

    @property
    def verdict_changes(self):
        return self.old_passed != self.new_passed


def results_rejudge_preview(*, indicator):
    """Every result with old limits and the verdict the current limits would give it.

    Queries: one (the results with inspection, producer, product and indicator).
    """
    return [
        Rejudged(
            result=result,
            old_passed=result.passed,
            new_passed=indicator.judge(result.measured_value),
        )
        for result in results_with_old_limits(indicator)
    ]


def results_rejudge(*, indicator, by, reason):
    """Judge every result of the indicator against its current limits; returns the changes.

    Results whose limits already are the current ones are left alone. Each change is saved
    with its history entry naming `by` and `reason`.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for re-judging: it is kept in the history."))
    changes = []
    with transaction.atomic():
        # The limits as stored now, not as the caller's copy of the indicator remembers them.
        indicator = QualityIndicator.objects.select_for_update().get(pk=indicator.pk)
        for result in results_with_old_limits(indicator).select_for_update(of=("self",)):
            old_passed = result.passed
            result.limit_min = indicator.min_value
            result.limit_max = indicator.max_value
            result.passed = indicator.judge(result.measured_value)
            save_with_history(result, by=by, reason=reason)
            changes.append(Rejudged(result=result, old_passed=old_passed, new_passed=result.passed))
    return changes
