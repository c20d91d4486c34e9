"""FilterSets of the public lists, shared by the HTML pages and the open-data API.

They only say which rows match: no widgets, CSS or markup here. A value that does not
validate leaves its filter unapplied and is reported in `filterset.errors`; the HTML pages
tell the visitor, the API answers 400.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from products.models import Product, Town
from shanting_gi.core.search import MAX_QUERY_LENGTH, normalise_query

from .models import Authorisation, AuthorisationStatus, Outlet, OutletKind, Producer

LIVE = "live"

STATUS_CHOICES = [
    (LIVE, _("in force (approved and still valid)")),
    *AuthorisationStatus.choices,
]


class LocalizedModelChoiceField(forms.ModelChoiceField):
    """Choices labelled in the active language (English name when English is active)."""

    def label_from_instance(self, obj):
        return obj.display_name


class TownField(LocalizedModelChoiceField):
    """A town given by its 9-digit statistics code (as the page sends it) or by its id.

    One query whatever the form; anything but digits is refused without touching the
    database, and long numbers are never read as ids (they would overflow an integer).
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if not value.isdigit() or len(value) > 9:
            raise self._invalid(value)
        matches = list(self.queryset.filter(Q(code=value) | Q(pk=int(value))))
        # A code wins over an id should both ever match.
        matches.sort(key=lambda town: town.code != value)
        if not matches:
            raise self._invalid(value)
        return matches[0]

    def _invalid(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class TownFilter(django_filters.ModelChoiceFilter):
    field_class = TownField


class ProductFilter(django_filters.ModelChoiceFilter):
    field_class = LocalizedModelChoiceField


def town_filter(**kwargs):
    return TownFilter(
        queryset=Town.objects.all(),
        to_field_name="code",
        label=_("Town"),
        empty_label=_("All towns"),
        error_messages={"invalid_choice": _("There is no town with the code “%(value)s”.")},
        **kwargs,
    )


def product_filter(**kwargs):
    return ProductFilter(
        queryset=Product.objects.all(),
        to_field_name="slug",
        label=_("Product"),
        empty_label=_("All products"),
        error_messages={"invalid_choice": _("There is no product “%(value)s”.")},
        **kwargs,
    )


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
