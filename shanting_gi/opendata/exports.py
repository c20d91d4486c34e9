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
from django.utils.translation import gettext as _

from inspections.models import Conclusion
from products.models import document_status
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


def producer_export(request):
    producer, auth = (lambda row: row[0]), (lambda row: row[1])
    today = timezone.localdate()

    def of(part, get):
        return lambda row: get(part(row))

    columns = [
        Column("producer_id", "生产者编号", of(producer, _attr("pk"))),
        Column("name", "名称", of(producer, _attr("name"))),
        Column("name_en", "英文名称", of(producer, _attr("name_en"))),
        Column(
            "kind", "类型", of(producer, _attr("kind")), of(producer, lambda p: _display(p, "kind"))
        ),
        Column("credit_code", "统一社会信用代码", of(producer, _attr("credit_code"))),
        Column("town_code", "乡镇代码", of(producer, lambda p: p.town.code)),
        Column("town", "乡镇", of(producer, lambda p: p.town.name)),
        Column("address", "地址", of(producer, _attr("address"))),
        Column("public_contact", "公开联系方式", of(producer, _attr("public_contact"))),
        Column("planting_area_mu", "种植面积（亩）", of(producer, _attr("planting_area_mu"))),
        Column("association_member", "协会会员", of(producer, _attr("association_member"))),
        Column("is_example", "示例数据", of(producer, _attr("is_example"))),
        Column("authorisation_id", "授权编号", of(auth, _attr("pk"))),
        Column("product_slug", "产品标识", of(auth, lambda a: a and a.product.slug)),
        Column("product", "产品", of(auth, lambda a: a and a.product.name)),
        Column(
            "status",
            "授权状态",
            of(auth, _attr("status")),
            of(auth, lambda a: _display(a, "status")),
        ),
        Column("live", "当前有效", of(auth, lambda a: a and a.is_live(today))),
        Column("applied_on", "申请日期", of(auth, _attr("applied_on"))),
        Column("announcement_number", "公告号", of(auth, _attr("announcement_number"))),
        Column("approved_on", "核准日期", of(auth, _attr("approved_on"))),
        Column("valid_until", "有效期至", of(auth, _attr("valid_until"))),
        Column("status_changed_on", "状态变更日期", of(auth, _attr("status_changed_on"))),
        Column("status_reason", "变更原因", of(auth, _attr("status_reason"))),
        Column("url", "页面地址", of(producer, page_url(request))),
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

    def producer_id(i):
        return i.producer_id if i.producer.is_public else None

    def conclusion_label(i):
        return Conclusion(i.conclusion).label if i.conclusion else None

    columns = [
        Column("inspection_id", "抽检编号", of(inspection, _attr("pk"))),
        Column("sample_number", "样品编号", of(inspection, _attr("sample_number"))),
        Column("product_slug", "产品标识", of(inspection, lambda i: i.product.slug)),
        Column("product", "产品", of(inspection, lambda i: i.product.name)),
        Column("producer_id", "生产者编号", of(inspection, producer_id)),
        Column("producer", "生产者", of(inspection, lambda i: str(i.public_producer_name))),
        Column("sampled_on", "抽样日期", of(inspection, _attr("sampled_on"))),
        Column("sampling_place", "抽样地点", of(inspection, _attr("sampling_place"))),
        Column("testing_body", "检验机构", of(inspection, _attr("testing_body"))),
        Column("report_number", "检验报告编号", of(inspection, _attr("report_number"))),
        Column("tested_on", "检验日期", of(inspection, _attr("tested_on"))),
        Column("published_on", "公布日期", of(inspection, _attr("published_on"))),
        Column(
            "conclusion",
            "抽检结论",
            of(inspection, _attr("conclusion")),
            of(inspection, conclusion_label),
        ),
        Column("result_id", "结果编号", of(result, _attr("pk"))),
        Column("indicator", "检验项目", of(result, lambda r: r.indicator.name)),
        Column("unit", "单位", of(result, lambda r: r.indicator.unit)),
        Column("measured_value", "实测值", of(result, _attr("measured_value"))),
        Column("limit_min", "判定下限", of(result, _attr("limit_min"))),
        Column("limit_max", "判定上限", of(result, _attr("limit_max"))),
        Column(
            "passed",
            "单项判定",
            of(result, _attr("passed")),
            of(result, lambda r: str(r.get_verdict_display())),
        ),
        Column("url", "页面地址", of(inspection, page_url(request))),
    ]

    def rows(inspections):
        for item in inspections:
            for each in item.results.all():
                yield item, each

    return columns, rows


def case_export(request):
    def producer_id(case):
        return case.producer_id if case.producer_id and case.producer.is_public else None

    columns = [
        Column("case_id", "案件编号", _attr("pk")),
        Column("case_number", "案号", _attr("case_number")),
        Column("subject", "当事人", _attr("subject")),
        Column("producer_id", "生产者编号", producer_id),
        Column("product_slug", "产品标识", lambda c: c.product.slug if c.product else None),
        Column("product", "产品", lambda c: c.product.name if c.product else None),
        Column(
            "violation_type",
            "违法类型",
            _attr("violation_type"),
            lambda c: _display(c, "violation_type"),
        ),
        Column("status", "案件状态", _attr("status"), lambda c: _display(c, "status")),
        Column("opened_on", "立案日期", _attr("opened_on")),
        Column("decided_on", "决定日期", _attr("decided_on")),
        Column("decision_number", "处罚决定书文号", _attr("decision_number")),
        Column("penalty", "处罚内容", _attr("penalty")),
        Column("fine_yuan", "罚没款（元）", _attr("fine_yuan")),
        Column("summary", "案情摘要", _attr("summary")),
        Column("published_on", "公布日期", _attr("published_on")),
        Column("is_example", "示例数据", _attr("is_example")),
        Column("url", "页面地址", page_url(request)),
    ]
    return columns, lambda cases: cases


def document_export(request):
    today = timezone.localdate()

    def status(document):
        if not hasattr(document, "status_label"):
            document_status(document, getattr(document, "superseded_by", None), today)
        return document

    def newer_id(document):
        newer = getattr(document, "superseded_by", None)
        return newer.pk if newer is not None else None

    columns = [
        Column("document_id", "文件编号", _attr("pk")),
        Column("kind", "类别", _attr("kind"), lambda d: _display(d, "kind")),
        Column("title", "标题", _attr("title")),
        Column("title_en", "英文标题", _attr("title_en")),
        Column("number", "文号", _attr("number")),
        Column("issuing_body", "发布机构", _attr("issuing_body")),
        Column("issued_on", "发布日期", _attr("issued_on")),
        Column("effective_on", "生效日期", _attr("effective_on")),
        Column("repealed_on", "废止日期", _attr("repealed_on")),
        Column("product_slug", "产品标识", lambda d: d.product.slug if d.product else None),
        Column("product", "适用产品", lambda d: d.product.name if d.product else "全部产品"),
        Column("supersedes", "取代的旧版本编号", _attr("supersedes_id")),
        Column("superseded_by", "被新版本取代（编号）", newer_id),
        Column("in_force", "现行有效", lambda d: status(d).status == "in_force"),
        Column("status", "状态", lambda d: status(d).status, lambda d: str(status(d).status_label)),
        Column("url", "页面地址", page_url(request)),
        Column(
            "pdf", "PDF 地址", lambda d: request.build_absolute_uri(d.pdf.url) if d.pdf else None
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
            _("These filters could not be used:") + "\n" + "\n".join(lines) + "\n",
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
