"""Back-office pages for bureau staff: re-judging results, follow-ups that need attention.

Staff only (anonymous visitors go to the admin sign-in). Reading needs the view permission
(the 只读审计 group has it); re-judging needs inspections.change_inspectionresult.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from products.models import QualityIndicator, limit_text

from ..followups import follow_ups_missing, follow_ups_open, follow_ups_overdue
from ..rejudge import results_rejudge, results_rejudge_preview

REJUDGE_PERMISSION = "inspections.change_inspectionresult"


class RejudgeForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm: judge these results against the current limits"),
        required=True,
        help_text=gettext_lazy("Published verdicts change on the public pages at once."),
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Kept in the history of every result together with your name."),
    )


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _admin_context(request, title):
    return {**admin.site.each_context(request), "title": title, "subtitle": None}


@staff_member_required
def rejudge(request, indicator_id):
    # Queries (GET): the indicator with its product, the results judged against other limits
    # with inspection, producer and product — plus the session and user lookups.
    _require(request, "inspections.view_inspectionresult")
    indicator = get_object_or_404(
        QualityIndicator.objects.select_related("product"), pk=indicator_id
    )
    can_rejudge = request.user.has_perm(REJUDGE_PERMISSION)
    form = RejudgeForm()
    if request.method == "POST":
        _require(request, REJUDGE_PERMISSION)
        form = RejudgeForm(request.POST)
        if form.is_valid():
            try:
                changes = results_rejudge(
                    indicator=indicator, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                flipped = sum(1 for change in changes if change.verdict_changes)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d result re-judged against the current limits",
                        "%(count)d results re-judged against the current limits",
                        len(changes),
                    )
                    % {"count": len(changes)}
                    + "; "
                    + ngettext(
                        "%(flipped)d verdict changed.",
                        "%(flipped)d verdicts changed.",
                        flipped,
                    )
                    % {"flipped": flipped},
                )
                return redirect(request.path)
    preview = results_rejudge_preview(indicator=indicator)
    for item in preview:
        item.old_limit_text = limit_text(
            item.result.limit_min, item.result.limit_max, indicator.unit
        )
    context = {
        **_admin_context(
            request,
            _("Re-judge results of %(indicator)s") % {"indicator": indicator},
        ),
        "indicator": indicator,
        "current_limit_text": limit_text(indicator.min_value, indicator.max_value, indicator.unit),
        "verdict_changes": [item for item in preview if item.verdict_changes],
        "limit_only": [item for item in preview if not item.verdict_changes],
        "form": form,
        "can_rejudge": can_rejudge,
    }
    return TemplateResponse(request, "inspections/staff_rejudge.html", context)


@staff_member_required
def follow_ups(request):
    # Queries: the failed inspections without a follow-up, the overdue ones, the open ones,
    # each with producer, product and the conclusion subqueries — 3 plus session and user.
    _require(request, "inspections.view_inspection")
    today = timezone.localdate()
    context = {
        **_admin_context(request, _("Follow-ups of failed spot-checks")),
        "today": today,
        "missing": list(follow_ups_missing()),
        "overdue": list(follow_ups_overdue(today)),
        "open": list(follow_ups_open(today)),
    }
    return TemplateResponse(request, "inspections/staff_follow_ups.html", context)
