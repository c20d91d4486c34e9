"""Pagination, ordering and filtering of the API's lists (and of the exports).

Lists are narrowed by the FilterSets of the HTML pages (products/, producers/ and
inspections/filters.py), extended here only by `updated_since`; the lists that have no page
get small FilterSets built from the same pieces. Values that do not validate answer 400 with
the FilterSet's own messages, as do page sizes and orderings outside what the schema
promises: a sync client must learn about its mistake rather than get other rows.

A filter that names a record — a product by its slug, a town by its code, a year — is
described in the schema by the form of its values (`Shape`), never by the rows that exist,
so the schema is a function of the code alone. The API holds to exactly that: a value not
of that form answers 400; a value of that form that names nothing (a product not in the
register, a year without records) matches nothing, an empty list, as a filter on any
other field would. Whether a value names a record is data, and data changes; the list of
products and towns is /api/v1/products/ and /api/v1/towns/."""

import datetime
import re
from dataclasses import dataclass

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination

from inspections.filters import EnforcementCaseFilter, InspectionFilter
from producers.register.filters import LIVE, OutletFilter, ProducerFilter
from producers.register.filters import STATUS_CHOICES as AUTHORISATION_STATUS_CHOICES
from producers.register.models import Authorisation
from products.filters import DocumentFilter, product_filter
from products.models import TOWN_CODE_PATTERN, AnnualStatistic, Product, Town

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Shape:
    """The form of the values that name a record, as the schema states it. `matches`
    reads `pattern` as JSON Schema validators (and schemathesis) do: re.search."""

    schema: dict
    description: tuple  # (Chinese, English)
    pattern: str = ""

    def matches(self, raw):
        if self.schema["type"] == "integer":
            # A whole number as JSON writes it (no sign but "-", no leading zeros), in range.
            return re.fullmatch(r"-?(?:0|[1-9][0-9]{0,17})", raw) is not None and (
                self.schema["minimum"] <= int(raw) <= self.schema["maximum"]
            )
        return re.search(self.pattern, raw) is not None and len(raw) <= self.schema.get(
            "maxLength", len(raw)
        )


def _string_shape(python_pattern, max_length, description):
    # \Z (Python's true end of string) is not in JSON Schema's regex dialect; $ is.
    pattern = python_pattern.replace(r"\Z", "$")
    schema = {"type": "string", "pattern": pattern}
    if max_length:
        schema["maxLength"] = max_length
    return Shape(schema=schema, description=description, pattern=pattern)


PRODUCT_SLUG = _string_shape(
    validate_slug.regex.pattern,
    Product._meta.get_field("slug").max_length,
    ("产品的 slug，见 /api/v1/products/", "a product's slug, see /api/v1/products/"),
)
TOWN_CODE = _string_shape(
    TOWN_CODE_PATTERN,
    None,
    (
        "乡镇（街道）的 9 位统计用区划代码 370406xxx，见 /api/v1/towns/",
        "the town's 9-digit statistics code 370406xxx, see /api/v1/towns/",
    ),
)
YEAR = Shape(
    schema={"type": "integer", "minimum": datetime.MINYEAR, "maximum": datetime.MAXYEAR},
    description=("公历年份", "a calendar year"),
)
NAMES_NOTHING = (
    "格式正确但没有对应记录的值返回空列表，格式不符返回 400。",
    "A value of this form that names no record gives an empty list; any other answers 400.",
)
SHAPES = {(Product, "slug"): PRODUCT_SLUG, (Town, "code"): TOWN_CODE}


def filter_shape(filter_field):
    """The Shape of a filter that names a record, None for any other filter."""
    if isinstance(filter_field, django_filters.ModelChoiceFilter):
        model = filter_field.extra["queryset"].model
        key = (model, filter_field.extra.get("to_field_name") or "pk")
        if key not in SHAPES:
            raise LookupError(f"no Shape describes the values of {key}: add one to SHAPES")
        return SHAPES[key]
    if getattr(filter_field, "lookup_expr", "") == "year":
        return YEAR
    return None


class FilterProblems(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def filtered_queryset(filterset):
    """The bound filterset's rows, the API's way (see the module's docstring).

    Raises FilterProblems with {parameter: [messages]} — the FilterSet's own messages —
    for values that do not validate or, for a filter naming a record, are not of its form.
    """
    errors, names_nothing = {}, False
    shapes = {name: filter_shape(f) for name, f in filterset.filters.items()}
    for name, shape in shapes.items():
        raw = filterset.data.get(name)
        if shape is not None and raw not in (None, "") and not shape.matches(raw):
            field = filterset.form.fields[name]
            errors[name] = ValidationError(
                field.error_messages["invalid_choice"], params={"value": raw}
            ).messages
    if not filterset.is_valid():
        for name, problems in filterset.form.errors.as_data().items():
            if name in errors:
                continue
            if shapes.get(name) is not None and all(p.code == "invalid_choice" for p in problems):
                names_nothing = True
            else:
                errors[name] = filterset.form.errors[name]
    if errors:
        raise FilterProblems(
            {name: [str(m) for m in messages] for name, messages in errors.items()}
        )
    return filterset.queryset.none() if names_nothing else filterset.qs


def blank_error(name):
    return exceptions.ValidationError(
        {name: [_("Leave the parameter out rather than sending it empty.")]}
    )


class ApiPagination(PageNumberPagination):
    """?page=N&page_size=M, at most MAX_PAGE_SIZE per page. Anything but a whole number in
    range is refused, not silently replaced: a sync client must learn about its mistake."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_pattern = re.compile(r"[1-9][0-9]*")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if raw == "":
            raise blank_error(self.page_size_query_param)
        if not self.page_pattern.fullmatch(raw) or int(raw) > self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not self.page_pattern.fullmatch(raw):
            raise exceptions.NotFound(_("There is no page “%(page)s”.") % {"page": raw[:20]})
        return raw

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "页码，从 1 开始；超出范围时返回 404。 / Page number from 1; "
                "a page beyond the last answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"每页条数，1–{MAX_PAGE_SIZE}，默认 {self.page_size}。 / Results "
                f"per page, 1–{MAX_PAGE_SIZE}, default {self.page_size}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class StrictOrderingFilter(OrderingFilter):
    """?ordering=name,-id over the view's explicit `ordering_fields` allow-list; anything
    else answers 400. The primary key always breaks ties, so pages never overlap."""

    @staticmethod
    def pattern(fields):
        term = "-?(?:" + "|".join(re.escape(f) for f in fields) + ")"
        return f"^{term}(?:,{term})*$"

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return list(view.ordering)
        if raw == "":
            raise blank_error(self.ordering_param)
        if not re.fullmatch(self.pattern(view.ordering_fields), raw):
            raise exceptions.ValidationError(
                {
                    self.ordering_param: [
                        _("Order by %(fields)s, each optionally preceded by “-” for descending.")
                        % {"fields": ", ".join(view.ordering_fields)}
                    ]
                }
            )
        terms = raw.split(",")
        if not {"id", "-id"} & set(terms):
            terms.append("id")
        return terms

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"`{f}`" for f in view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"排序字段，逗号分隔，前加“-”为降序；可用：{fields}。 / Fields to "
                f"order by, comma-separated, “-” for descending; allowed: {fields}.",
                "schema": {"type": "string", "pattern": self.pattern(view.ordering_fields)},
            }
        ]


class ApiFilterBackend(DjangoFilterBackend):
    """The view's FilterSet, bound to the query string, applied by filtered_queryset.
    Invalid values answer 400 with the FilterSet's own messages; empty ones too, since an
    API client that sends `town=` most likely has a bug."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        for name in filterset.filters:
            if request.query_params.get(name) == "":
                raise blank_error(name)
        try:
            return filtered_queryset(filterset)
        except FilterProblems as problems:
            raise exceptions.ValidationError(problems.errors) from None


class UpdatedSinceFilterSet(django_filters.FilterSet):
    """`updated_since` for incremental sync: rows changed at or after the given time.

    A row counts as changed when it or one of the nested records the API shows with it
    (the reverse relations named in `updated_since_related`) changed.
    """

    updated_since = django_filters.IsoDateTimeFilter(
        method="filter_updated_since",
        label="只返回此时间（ISO 8601，含时区）之后有改动的记录，用于增量同步。 / Only records "
        "changed at or after this time (ISO 8601 with a time zone), for incremental sync.",
    )
    updated_since_related = ()

    def filter_updated_since(self, queryset, name, value):
        try:
            value = value.astimezone(datetime.UTC)
        except OverflowError:  # a moment before year 1 or after 9999 in UTC
            return queryset if value.year < 5000 else queryset.none()
        condition = Q(updated_at__gte=value)
        for relation in self.updated_since_related:
            reverse_field = queryset.model._meta.get_field(relation)
            changed = reverse_field.related_model._default_manager.filter(
                **{reverse_field.field.name: OuterRef("pk"), "updated_at__gte": value}
            )
            condition |= Exists(changed)
        return queryset.filter(condition)


class ApiProducerFilter(ProducerFilter, UpdatedSinceFilterSet):
    updated_since_related = ("authorisations",)


class ApiOutletFilter(OutletFilter, UpdatedSinceFilterSet):
    pass


class ApiDocumentFilter(DocumentFilter, UpdatedSinceFilterSet):
    pass


class ApiInspectionFilter(InspectionFilter, UpdatedSinceFilterSet):
    updated_since_related = ("results",)


class ApiEnforcementCaseFilter(EnforcementCaseFilter, UpdatedSinceFilterSet):
    pass


# Lists that exist only in the API, built from the same pieces as the pages' FilterSets.


class ProductListFilter(UpdatedSinceFilterSet):
    updated_since_related = ("indicators", "documents")

    class Meta:
        model = Product
        fields = []


class TownListFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Town
        fields = []


class AuthorisationListFilter(UpdatedSinceFilterSet):
    product = product_filter()
    status = django_filters.ChoiceFilter(
        choices=AUTHORISATION_STATUS_CHOICES,
        method="filter_status",
        label=gettext_lazy("Authorisation status"),
        error_messages={
            "invalid_choice": gettext_lazy("There is no authorisation status “%(value)s”.")
        },
    )

    class Meta:
        model = Authorisation
        fields = ["product", "status"]

    def filter_status(self, queryset, name, value):
        if value == LIVE:
            return queryset.live()
        return queryset.filter(status=value)


class StatisticListFilter(UpdatedSinceFilterSet):
    product = product_filter()

    class Meta:
        model = AnnualStatistic
        fields = ["product"]
