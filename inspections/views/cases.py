"""Public pages of published enforcement cases (an unpublished one answers 404)."""

from django.views.generic import DetailView

from shanting_gi.core.views import FilteredListView

from ..filters import EnforcementCaseFilter
from ..models import EnforcementCase


class EnforcementCaseListView(FilteredListView):
    # Queries: count, one page of cases with producer and product, the products and the
    # years for the filter form — 4 whatever the data size; 5 when a product is chosen.
    queryset = (
        EnforcementCase.objects.published()
        .with_public_producer()
        .select_related("product")
        .order_by("-published_on", "-pk")
    )
    filterset_class = EnforcementCaseFilter


class EnforcementCaseDetailView(DetailView):
    # Queries: the case with producer, product and the spot-check it was opened from.
    context_object_name = "case"
    queryset = (
        EnforcementCase.objects.published()
        .with_public_producer()
        .select_related("product", "inspection")
    )
