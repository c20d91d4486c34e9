"""Public pages of published spot-check results.

Only published records are ever shown: an inspection still planned, sampled or tested, and a
case not yet published, answer 404 like a record that does not exist.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from products.models import limit_text, plain_number
from shanting_gi.core.views import FilteredListView

from ..filters import InspectionFilter
from ..models import EnforcementCase, Inspection, InspectionCorrection, InspectionResult


class InspectionListView(FilteredListView):
    # Queries: count, one page of inspections with producer, product and the conclusion
    # (two EXISTS subqueries), the products for the filter form, the years for the filter
    # form — 4 whatever the data size; 5 when a product is chosen (its slug is looked up).
    queryset = (
        Inspection.objects.published()
        .with_conclusion()
        .with_public_producer()
        .select_related("product")
        .order_by("-published_on", "-pk")
    )
    filterset_class = InspectionFilter


class InspectionDetailView(DetailView):
    # Queries: the inspection with producer and product, its results with their indicators,
    # its recorded corrections, the published enforcement cases opened from it.
    queryset = (
        Inspection.objects.published()
        .with_public_producer()
        .select_related("product")
        .prefetch_related(
            Prefetch("results", queryset=InspectionResult.objects.select_related("indicator")),
            Prefetch(
                "corrections",
                queryset=InspectionCorrection.objects.only(
                    "inspection_id", "made_at", "reason", "changes"
                ),
            ),
            Prefetch(
                "enforcement_cases",
                queryset=EnforcementCase.objects.published()
                .only("inspection_id", "case_number", "violation_type", "published_on")
                .order_by("published_on", "pk"),
            ),
        )
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = list(self.object.results.all())
        for result in results:
            result.value_text = plain_number(result.measured_value)
            # What the verdict was judged against, kept on the result: not today's limit.
            result.limit_text = limit_text(
                result.limit_min, result.limit_max, result.indicator.unit
            )
        context["results"] = results
        labels = {
            name: Inspection._meta.get_field(name).verbose_name
            for name in ("producer", "sampled_on", "sampling_place", "testing_body", "tested_on")
        }
        labels["report_number"] = _("test report number")
        corrections = list(self.object.corrections.all())
        for correction in corrections:
            correction.lines = [
                {
                    "label": change.get("label") or labels.get(change["field"], change["field"]),
                    "before": change["before"],
                    "after": change["after"],
                }
                for change in correction.changes
            ]
        context["corrections"] = corrections
        context["cases"] = list(self.object.enforcement_cases.all())
        return context
