"""FilterSets of the public lists, shared by the HTML pages and the open-data API.

They only say which rows match: no widgets, CSS or markup here. A value that does not
validate leaves its filter unapplied and is reported in `filterset.errors`; the HTML pages
tell the visitor, the API answers 400.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from products.filters import product_filter, town_filter
from shanting_gi.core.search import MAX_QUERY_LENGTH, normalise_query

from .models import Authorisation, AuthorisationStatus, Outlet, OutletKind, Producer

LIVE = "live"

STATUS_CHOICES = [
    (LIVE, _("in force (approved and still valid)")),
    *AuthorisationStatus.choices,
]


class ProducerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Name, pinyin or credit code"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please shorten your search to at most %(limit_value)d characters.")
        },
    )
    town = town_filter()
    # product and status are applied together in filter_queryset: the status is that of an
    # authorisation for the chosen product, not of any authorisation the producer holds.
    product = product_filter(method="filter_together")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_together",
        label=_("Authorisation status"),
        empty_label=_("Any status"),
        error_messages={"invalid_choice": _("There is no authorisation status “%(value)s”.")},
    )

    class Meta:
        model = Producer
        fields = ["q", "town", "product", "status"]

    def filter_search(self, queryset, name, value):
        # Stored search text is lower case with pinyin forms; try the query as typed
        # (lower-cased) and in its normalised form (spaces and punctuation dropped).
        normalised = normalise_query(value)
        if not normalised:  # only spaces or punctuation: nothing to look for
            return queryset
        terms = {value.strip().lower(), normalised}
        condition = Q()
        for term in terms:
            condition |= Q(search_text__icontains=term)
        return queryset.filter(condition)

    def filter_together(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        product = self.form.cleaned_data.get("product")
        status = self.form.cleaned_data.get("status")
        if not product and not status:
            return queryset
        # One EXISTS subquery rather than a join, so a producer is never listed twice.
        authorisations = Authorisation.objects.filter(producer=OuterRef("pk"))
        if product:
            authorisations = authorisations.filter(product=product)
        if status == LIVE:
            authorisations = authorisations.live()
        elif status:
            authorisations = authorisations.filter(status=status)
        return queryset.filter(Exists(authorisations))


class OutletFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OutletKind.choices,
        label=_("Kind of outlet"),
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": _("There is no kind of outlet “%(value)s”.")},
    )
    town = town_filter()
    product = product_filter(field_name="products")

    class Meta:
        model = Outlet
        fields = ["kind", "town", "product"]
