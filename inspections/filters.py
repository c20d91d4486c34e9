"""FilterSets for the public lists of spot-check results and enforcement cases.

One definition per list, shared by the HTML pages and the open-data API. Invalid values are
reported as form errors; the filters that did validate still apply.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from products.filters import product_filter

from .models import Conclusion, EnforcementCase, Inspection, ViolationType


class YearChoicesMixin:
    """Offer as years only those that occur in the data being filtered.

    The choices are read with one query, and only when needed: to render the form or to
    validate a year that was asked for.
    """

    year_field = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = None

        def year_choices():
            nonlocal years
            if years is None:
                dates = self.queryset.dates(self.year_field, "year", order="DESC")
                years = [(day.year, str(day.year)) for day in dates]
            return years

        year_filter = self.filters["year"]
        year_filter.extra["choices"] = year_choices
        year_filter.__dict__.pop("_field", None)  # a field built before would lack them


class InspectionFilter(YearChoicesMixin, django_filters.FilterSet):
    year_field = "sampled_on"

    product = product_filter()
    year = django_filters.ChoiceFilter(
        field_name="sampled_on",
        lookup_expr="year",
        label=_("Year sampled"),
        empty_label=_("All years"),
    )
    conclusion = django_filters.ChoiceFilter(
        choices=Conclusion.choices,
        method="filter_conclusion",
        label=_("Conclusion"),
        empty_label=_("Any conclusion"),
    )

    class Meta:
        model = Inspection
        fields = ["product", "year", "conclusion"]

    def filter_conclusion(self, queryset, name, value):
        if "has_failure" not in queryset.query.annotations:
            queryset = queryset.with_conclusion()
        if value == Conclusion.PASS:
            return queryset.filter(has_results=True, has_failure=False)
        return queryset.filter(has_failure=True)


class EnforcementCaseFilter(YearChoicesMixin, django_filters.FilterSet):
    year_field = "opened_on"

    product = product_filter()
    violation_type = django_filters.ChoiceFilter(
        choices=ViolationType.choices, label=_("Violation"), empty_label=_("All violations")
    )
    year = django_filters.ChoiceFilter(
        field_name="opened_on",
        lookup_expr="year",
        label=_("Year opened"),
        empty_label=_("All years"),
    )

    class Meta:
        model = EnforcementCase
        fields = ["product", "violation_type", "year"]
