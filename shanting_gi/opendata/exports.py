"""CSV and JSON downloads of the public registers, at /exports/<register>.csv|json.

- producers: one row per producer and authorisation (a producer without one: one row);
- inspection-results: one row per published result, with the limits it was judged against;
- enforcement-cases, documents: one row each.

The query string is read by the same FilterSets as the list pages and the API (so the
download link on a page carries the page's filters) and applied as the API applies it
(filters.filtered_queryset): a value that does not validate answers 400 rather than a file
that silently ignores it; a product, town or year of the right form that names nothing
gives a file without rows. Only what the API shows is exported: the querysets are the
API's own (public producers without their private fields, published inspections and
cases).

Both formats stream: rows are read with .iterator(chunk_size=…) (prefetching per chunk)
and written as they come, joined into chunks of ~64 KB (shanting_gi.core.streaming), so
memory stays flat whatever the register's size. CSV is for people: UTF-8 with a
byte-order mark (so Excel detects the encoding), Chinese headers, labels in Chinese. JSON
is for programs: English keys and the API's codes.
"""

import datetime
import json
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from inspections.models import Conclusion, EnforcementCase, Inspection, InspectionResult
from producers.register.models import Authorisation, Producer
from products.models import Document, DocumentStatus, QualityIndicator
from shanting_gi.core.models import field_label
from shanting_gi.core.streaming import chunked, csv_line_writer

from . import ATTRIBUTION, LICENCE, LICENCE_URL
from .filters import (
    ApiDocumentFilter,
    ApiEnforcementCaseFilter,
    ApiInspectionFilter,
    ApiProducerFilter,
    FilterProblems,
    filtered_queryset,
)
from .serializers import LIVE, PAGE_URL
from .views import (
    DocumentViewSet,
    EnforcementCaseViewSet,
    InspectionViewSet,
    ProducerViewSet,
    library_documents,
    published_cases,
    published_inspections,
)

CHUNK_SIZE = 500  # rows per database round trip (and per prefetch query)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "是", "否"


class Column:
    """One column: its JSON key, its CSV header, the raw value and (for CSV) the label."""

    def __init__(self, key, header, value, label=None):
        self.key, self.header, self.value, self.label = key, header, value, label or value


def _display(obj, field):
    return getattr(obj, f"get_{field}_display")() if obj is not None else None


def _attr(name):
    def get(obj):
        return getattr(obj, name) if obj is not None else None

    return get


def page_url(request):
    def get(obj):
        return request.build_absolute_uri(obj.get_absolute_url()) if obj is not None else None

    return get


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    # A cell starting with = + - @ is a formula to Excel: keep it text.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# --- The registers ------------------------------------------------------------------------------
#
# A column showing a model field is headed by the field's verbose_name (F), as the register
# page and the API name it; a column naming a related record's field joins the two names
# (the headers are Chinese only); a column that is no field takes the name the page or the
# API gives it (LIVE, PAGE_URL, the pages' own words), or, for ids, a plain one.

F = field_label


def related(model, relation, name):
    """ "产品网址标识": the relation's name, then the related field's (Chinese headers)."""
    field = model._meta.get_field(relation)
    return format_lazy("{}{}", field.verbose_name, field_label(field.related_model, name))


def producer_export(request):
    producer, auth = (lambda row: row[0]), (lambda row: row[1])
    today = timezone.localdate()

    def of(part, get):
        return lambda row: get(part(row))

    def p(name, get=None, label=None):
        return Column(name, F(Producer, name), of(producer, get or _attr(name)), label)

    def a(name, get=None, label=None):
        return Column(name, F(Authorisation, name), of(auth, get or _attr(name)), label)

    columns = [
        Column("producer_id", "生产者编号", of(producer, _attr("pk"))),
        p("name"),
        p("name_en"),
        p("kind", label=of(producer, lambda x: _display(x, "kind"))),
        p("credit_code"),
        Column("town_code", related(Producer, "town", "code"), of(producer, lambda x: x.town.code)),
        p("town", lambda x: x.town.name),
        p("address"),
        p("public_contact"),
        p("planting_area_mu"),
        p("association_member"),
        p("is_example"),
        Column("authorisation_id", "核准记录编号", of(auth, _attr("pk"))),
        Column(
            "product_slug",
            related(Authorisation, "product", "slug"),
            of(auth, lambda x: x and x.product.slug),
        ),
        a("product", lambda x: x and x.product.name),
        a("status", label=of(auth, lambda x: _display(x, "status"))),
        Column("live", LIVE[0], of(auth, lambda x: x and x.is_live(today))),
        a("applied_on"),
        a("announcement_number"),
        a("approved_on"),
        a("valid_until"),
        a("status_changed_on"),
        a("status_reason"),
        Column("url", PAGE_URL[0], of(producer, page_url(request))),
    ]

    def rows(producers):
        for item in producers:
            for authorisation in item.authorisation_list or [None]:
                yield item, authorisation

    return columns, rows


def inspection_result_export(request):
    inspection, result = (lambda row: row[0]), (lambda row: row[1])

    def of(part, get):
        return lambda row: get(part(row))

    def i(name, get=None, label=None):
        return Column(name, F(Inspection, name), of(inspection, get or _attr(name)), label)

    def r(name, get=None, label=None):
        return Column(name, F(InspectionResult, name), of(result, get or _attr(name)), label)

    def producer_id(x):
        return x.producer_id if x.producer.is_public else None

    def conclusion_label(x):
        return Conclusion(x.conclusion).label if x.conclusion else None

    columns = [
        Column("inspection_id", "抽检编号", of(inspection, _attr("pk"))),
        i("sample_number"),
        Column(
            "product_slug",
            related(Inspection, "product", "slug"),
            of(inspection, lambda x: x.product.slug),
        ),
        i("product", lambda x: x.product.name),
        Column("producer_id", "生产者编号", of(inspection, producer_id)),
        Column(
            "producer",
            F(Inspection, "producer"),
            of(inspection, lambda x: str(x.public_producer_name)),
        ),
        i("sampled_on"),
        i("sampling_place"),
        i("testing_body"),
        i("report_number"),
        i("tested_on"),
        i("published_on"),
        Column(
            "conclusion",
            gettext_lazy("Conclusion"),
            of(inspection, _attr("conclusion")),
            of(inspection, conclusion_label),
        ),
        Column("result_id", "结果编号", of(result, _attr("pk"))),
        r("indicator", lambda x: x.indicator.name),
        Column("unit", F(QualityIndicator, "unit"), of(result, lambda x: x.indicator.unit)),
        r("measured_value"),
        r("limit_min"),
        r("limit_max"),
        Column(
            "passed",
            gettext_lazy("Verdict"),
            of(result, _attr("passed")),
            of(result, lambda x: str(x.get_verdict_display())),
        ),
        Column("url", PAGE_URL[0], of(inspection, page_url(request))),
    ]

    def rows(inspections):
        for item in inspections:
            for each in item.results.all():
                yield item, each

    return columns, rows


def case_export(request):
    def producer_id(case):
        return case.producer_id if case.producer_id and case.producer.is_public else None

    def c(name, get=None, label=None):
        return Column(name, F(EnforcementCase, name), get or _attr(name), label)

    columns = [
        Column("case_id", "案件记录编号", _attr("pk")),
        c("case_number"),
        Column("subject", gettext_lazy("Party concerned"), _attr("subject")),
        Column("producer_id", "生产者编号", producer_id),
        Column(
            "product_slug",
            related(EnforcementCase, "product", "slug"),
            lambda x: x.product.slug if x.product else None,
        ),
        c("product", lambda x: x.product.name if x.product else None),
        c("violation_type", label=lambda x: _display(x, "violation_type")),
        c("status", label=lambda x: _display(x, "status")),
        c("opened_on"),
        c("decided_on"),
        c("decision_number"),
        c("penalty"),
        c("fine_yuan"),
        c("summary"),
        c("published_on"),
        c("is_example"),
        Column("url", PAGE_URL[0], page_url(request)),
    ]
    return columns, lambda cases: cases


def document_export(request):
    today = timezone.localdate()

    def status(document):
        return document.status_on(today)

    def newer_id(document):
        newer = getattr(document, "superseded_by", None)
        return newer.pk if newer is not None else None

    def d(name, get=None, label=None):
        return Column(name, F(Document, name), get or _attr(name), label)

    columns = [
        Column("document_id", "文件编号", _attr("pk")),
        d("kind", label=lambda x: _display(x, "kind")),
        d("title"),
        d("title_en"),
        d("number"),
        d("issuing_body"),
        d("issued_on"),
        d("effective_on"),
        d("repealed_on"),
        Column(
            "product_slug",
            related(Document, "product", "slug"),
            lambda x: x.product.slug if x.product else None,
        ),
        Column(
            "product",
            gettext_lazy("Applies to"),
            lambda x: x.product.name if x.product else "全部产品",
        ),
        Column("supersedes", "取代的旧版本编号", _attr("supersedes_id")),
        Column("superseded_by", "被新版本取代（编号）", newer_id),
        Column(
            "in_force", gettext_lazy("in force"), lambda x: status(x) == DocumentStatus.IN_FORCE
        ),
        Column(
            "status",
            gettext_lazy("Status"),
            lambda x: status(x).value,
            lambda x: str(status(x).label),
        ),
        Column("url", PAGE_URL[0], page_url(request)),
        Column(
            "pdf", "PDF 地址", lambda x: request.build_absolute_uri(x.pdf.url) if x.pdf else None
        ),
    ]
    return columns, lambda documents: documents


# name: (FilterSet, queryset factory, default ordering, columns-and-rows factory)
REGISTERS = {
    "producers": (
        ApiProducerFilter,
        lambda: ProducerViewSet.queryset.all(),
        ProducerViewSet.ordering,
        producer_export,
    ),
    "inspection-results": (
        ApiInspectionFilter,
        published_inspections,
        InspectionViewSet.ordering,
        inspection_result_export,
    ),
    "enforcement-cases": (
        ApiEnforcementCaseFilter,
        published_cases,
        EnforcementCaseViewSet.ordering,
        case_export,
    ),
    "documents": (
        ApiDocumentFilter,
        library_documents,
        DocumentViewSet.ordering,
        document_export,
    ),
}


# --- Streaming ----------------------------------------------------------------------------------


def stream_csv(columns, rows):
    writer = csv_line_writer()  # \r\n line ends, as Excel writes them

    def lines():
        # Labels and "all products" in Chinese, whatever language the visitor reads.
        with translation.override("zh-hans"):
            yield "\ufeff" + writer.writerow([c.header for c in columns])
            for row in rows:
                yield writer.writerow([csv_cell(c.label(row)) for c in columns])

    return chunked(lines())


def stream_json(columns, rows, name):
    head = {
        "register": name,
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": timezone.now().isoformat(),
    }

    def lines():
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
        separator = "\n"
        for row in rows:
            item = {c.key: json_value(c.value(row)) for c in columns}
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"

    return chunked(lines())


def export(request, name, fmt):
    filterset_class, queryset, ordering, build = REGISTERS[name]
    filterset = filterset_class(request.GET, queryset=queryset(), request=request)
    try:
        objects = filtered_queryset(filterset)
    except FilterProblems as problems:
        lines = [
            f"{field}: {message}"
            for field, messages in problems.errors.items()
            for message in messages
        ]
        return HttpResponse(
            gettext("These filters could not be used:") + "\n" + "\n".join(lines) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    objects = objects.order_by(*ordering).iterator(chunk_size=CHUNK_SIZE)
    columns, rows = build(request)
    if fmt == "csv":
        body = stream_csv(columns, rows(objects))
        content_type = "text/csv; charset=utf-8"
    else:
        body = stream_json(columns, rows(objects), name)
        content_type = "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    filename = f"shanting-gi-{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


app_name = "exports"
urlpatterns = [
    path(f"{name}.{fmt}", export, {"name": name, "fmt": fmt}, name=f"{name}-{fmt}")
    for name in REGISTERS
    for fmt in ("csv", "json")
]
