"""FilterSets of the products app, shared by the HTML library page and the open-data API.

They only say which rows match. A value that does not validate leaves its filter unapplied
and is reported in `filterset.errors`: the HTML page tells the visitor, the API answers 400.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Document, DocumentKind, Product


class ProductChoiceField(django_filters.fields.ModelChoiceField):
    """Products listed under their name in the active language."""

    def label_from_instance(self, obj):
        return obj.display_name


class ProductChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ProductChoiceField


class DocumentFilter(django_filters.FilterSet):
    # A document without a product applies to every product, so choosing a product keeps
    # the general ones (laws, brand-use rules, the 12315 channel): a producer who picks
    # "cherry" wants everything that applies to cherries.
    product = ProductChoiceFilter(
        queryset=Product.objects.all(),
        to_field_name="slug",
        method="filter_applies_to",
        label=_("Applies to"),
        empty_label=_("All products"),
        error_messages={"invalid_choice": _("There is no product “%(value)s”.")},
    )
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
