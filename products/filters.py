"""FilterSets of the products app, and the product and town filters every list uses.

Shared by the HTML pages and the open-data API. They only say which rows match. A value
that does not validate leaves its filter unapplied and is reported in `filterset.errors`:
the HTML page tells the visitor, the API answers 400.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanting_gi.core.forms import LocalizedModelChoiceField

from .models import Document, DocumentKind, Product, Town


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
    """A town, by its statistics code."""
    return TownFilter(
        **{
            "queryset": Town.objects.all(),
            "to_field_name": "code",
            "label": _("Town"),
            "empty_label": _("All towns"),
            "error_messages": {"invalid_choice": _("There is no town with the code “%(value)s”.")},
            **kwargs,
        }
    )


def product_filter(**kwargs):
    """A product, by its slug, listed under its name in the page's language."""
    return ProductFilter(
        **{
            # Only what the choice list shows; the descriptions stay in the database.
            "queryset": Product.objects.only("slug", "name", "name_en", "order"),
            "to_field_name": "slug",
            "label": _("Product"),
            "empty_label": _("All products"),
            "error_messages": {"invalid_choice": _("There is no product “%(value)s”.")},
            **kwargs,
        }
    )


class DocumentFilter(django_filters.FilterSet):
    # A document without a product applies to every product, so choosing a product keeps
    # the general ones (laws, brand-use rules, the 12315 channel): a producer who picks
    # "cherry" wants everything that applies to cherries.
    product = product_filter(method="filter_applies_to", label=_("Applies to"))
    kind = django_filters.ChoiceFilter(
        choices=DocumentKind.choices,
        label=_("Kind of document"),
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": _("There is no kind of document “%(value)s”.")},
    )

    class Meta:
        model = Document
        fields = ["product", "kind"]

    def filter_applies_to(self, queryset, name, value):
        return queryset.filter(Q(product=value) | Q(product__isnull=True))
