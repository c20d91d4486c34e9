"""FilterSets of the portal's public lists, shared by the pages and the open-data API.

A value that does not validate leaves its filter unapplied and is reported in
`filterset.errors`: the page tells the visitor, the API answers 400.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from products.filters import product_filter, town_filter
from shanting_gi.core.search import MAX_QUERY_LENGTH, normalise_query

from .models import (
    Article,
    ArticleKind,
    Consultation,
    ConsultationTopic,
    DemonstrationPark,
    Event,
    EventKind,
    ParkKind,
)


def search_filter(label):
    return django_filters.CharFilter(
        method="filter_search",
        label=label,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please shorten your search to at most %(limit_value)d characters.")
        },
    )


class SearchMixin:
    """`q` over search_text (as typed, and without spaces and punctuation: pinyin too)."""

    def filter_search(self, queryset, name, value):
        normalised = normalise_query(value)
        if not normalised:
            return queryset
        condition = Q()
        for term in {value.strip().lower(), normalised}:
            condition |= Q(search_text__icontains=term)
        return queryset.filter(condition)


def choice_filter(choices, label, empty_label, missing):
    return django_filters.ChoiceFilter(
        choices=choices,
        label=label,
        empty_label=empty_label,
        error_messages={"invalid_choice": missing},
    )


class FaqFilter(SearchMixin, django_filters.FilterSet):
    q = search_filter(_("Words in the question or answer"))
    topic = choice_filter(
        ConsultationTopic.choices,
        _("Topic"),
        _("All topics"),
        _("There is no topic “%(value)s”."),
    )
    # A question about no product in particular applies to every product.
    product = product_filter(method="filter_applies_to", label=_("Product"))

    class Meta:
        model = Consultation
        fields = ["q", "topic", "product"]

    def filter_applies_to(self, queryset, name, value):
        return queryset.filter(Q(product=value) | Q(product__isnull=True))


class ArticleFilter(SearchMixin, django_filters.FilterSet):
    q = search_filter(_("Words in the title"))
    kind = choice_filter(
        ArticleKind.choices, _("Column"), _("All columns"), _("There is no column “%(value)s”.")
    )
    product = product_filter()

    class Meta:
        model = Article
        fields = ["q", "kind", "product"]


UPCOMING, PAST = "upcoming", "past"


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        choices=[(UPCOMING, _("current and upcoming")), (PAST, _("past"))],
        method="filter_when",
        label=_("When"),
        empty_label=_("All dates"),
        error_messages={"invalid_choice": _("Choose “upcoming” or “past”, not “%(value)s”.")},
    )
    kind = choice_filter(
        EventKind.choices, _("Kind of event"), _("All kinds"), _("There is no kind “%(value)s”.")
    )
    product = product_filter()
    town = town_filter()

    class Meta:
        model = Event
        fields = ["when", "kind", "product", "town"]

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == UPCOMING:
            return queryset.filter(ends_on__gte=today)
        return queryset.filter(ends_on__lt=today)


class ParkFilter(django_filters.FilterSet):
    kind = choice_filter(
        ParkKind.choices, _("Kind"), _("All kinds"), _("There is no kind “%(value)s”.")
    )
    product = product_filter()
    town = town_filter()

    class Meta:
        model = DemonstrationPark
        fields = ["kind", "product", "town"]
