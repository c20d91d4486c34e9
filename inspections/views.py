"""Public pages of the inspections app: spot-check results and enforcement notices.

Only published records are ever shown: an inspection still planned, sampled or tested, and a
case not yet published, answer 404 like a record that does not exist.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .filters import EnforcementCaseFilter, InspectionFilter
from .models import EnforcementCase, Inspection, InspectionResult


def plain_number(value):
    """18.500 → "18.5", 100.000 → "100": a Decimal without trailing zeros or exponent."""
    return f"{value.normalize():f}"


NBSP = "\u00a0"  # keeps "≥ 18 %" on one line in a narrow table cell


def limit_text(limit_min, limit_max, unit):
    """The limits a result was judged against, as "≥ 18 %", "≤ 0.5 mg/kg" or "18–25 %"."""
    unit = f"{NBSP}{unit}" if unit else ""
    if limit_min is not None and limit_max is not None:
        return f"{plain_number(limit_min)}–{plain_number(limit_max)}{unit}"
    if limit_min is not None:
        return f"≥{NBSP}{plain_number(limit_min)}{unit}"
    if limit_max is not None:
        return f"≤{NBSP}{plain_number(limit_max)}{unit}"
    return _("no limit")


class FilteredListView(ListView):
    """A list narrowed by a FilterSet and paginated without ever failing on bad input.

    Filter values that do not validate are ignored and shown as errors beside their control;
    the others still apply. A page number that is not a number or out of range shows the
    first or last page with a note saying so.
    """

    filterset_class = None
    paginate_by = 25

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg) or None
        page = paginator.get_page(asked)
        self.page_error = None
        if asked is not None and asked != str(page.number):
            self.page_error = _("There is no page “%(asked)s”; showing page %(number)d.") % {
                "asked": asked,
                "number": page.number,
            }
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter=self.filterset, page_error=self.page_error)
        return context


class InspectionListView(FilteredListView):
    # Queries: count, one page of inspections with producer, product and the conclusion
    # (two EXISTS subqueries), the products for the filter form, the years for the filter
    # form — 4 whatever the data size; 5 when a product is chosen (its slug is looked up).
    queryset = (
        Inspection.objects.published()
        .with_conclusion()
        .select_related("producer", "product")
        .order_by("-published_on", "-pk")
    )
    filterset_class = InspectionFilter


class InspectionDetailView(DetailView):
    # Queries: the inspection with producer and product, its results with their indicators.
    queryset = (
        Inspection.objects.published()
        .select_related("producer", "product")
        .prefetch_related(
            Prefetch("results", queryset=InspectionResult.objects.select_related("indicator"))
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
        return context


class EnforcementCaseListView(FilteredListView):
    # Queries: count, one page of cases with producer and product, the products and the
    # years for the filter form — 4 whatever the data size; 5 when a product is chosen.
    queryset = (
        EnforcementCase.objects.published()
        .select_related("producer", "product")
        .order_by("-published_on", "-pk")
    )
    filterset_class = EnforcementCaseFilter


class EnforcementCaseDetailView(DetailView):
    # Queries: the case with producer and product.
    context_object_name = "case"
    queryset = EnforcementCase.objects.published().select_related("producer", "product")
