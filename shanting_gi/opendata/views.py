"""The API's views: the read-only registers, verification and complaints.

They add no rules of their own: lists use the pages' FilterSets (see filters.py),
/verify/{code} calls producers.verification.verify (the page's one implementation), and
/complaints/ validates through inspections.forms.ComplaintForm and stores through
inspections.services.complaint_submit, with the page's rate limit. Every list fetches a page
in a constant number of queries, noted beside each queryset."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inspections.forms import ComplaintForm
from inspections.models import EnforcementCase, Inspection, InspectionResult
from inspections.services import complaint_submit
from inspections.views.complaints import COMPLAINT_LIMIT, COMPLAINT_WINDOW
from producers.labels.verification import verify
from producers.register.models import Authorisation, Outlet, Producer, producer_private_fields
from products.models import AnnualStatistic, Document, Product, ProductImage, QualityIndicator, Town
from shanting_gi.core.ratelimit import RateLimited, check, client_address

from .filters import (
    ApiDocumentFilter,
    ApiEnforcementCaseFilter,
    ApiFilterBackend,
    ApiInspectionFilter,
    ApiOutletFilter,
    ApiPagination,
    ApiProducerFilter,
    AuthorisationListFilter,
    ProductListFilter,
    StatisticListFilter,
    StrictOrderingFilter,
    TownListFilter,
)
from .schema import FIELD_ERRORS_SCHEMA
from .serializers import (
    AuthorisationSerializer,
    ComplaintReceiptSerializer,
    ComplaintSerializer,
    DocumentSerializer,
    EnforcementCaseSerializer,
    InspectionSerializer,
    OutletSerializer,
    ProducerSerializer,
    ProductSerializer,
    StatisticSerializer,
    TownSerializer,
    VerifyResultSerializer,
)

# --- Read-only registers ---------------------------------------------------------------------


class RegisterViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [ApiFilterBackend, StrictOrderingFilter]
    pagination_class = ApiPagination
    # Any path segment reaches the view, so a malformed id answers the API's JSON 404.
    lookup_value_regex = "[^/]+"
    ordering = ("id",)
    ordering_fields = ("id", "updated_at")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


ID_PARAMETER = OpenApiParameter(
    "id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="记录的 id（稳定不变） / The record's id (stable)",
)


def described(tag, list_text, detail_text):
    return extend_schema_view(
        list=extend_schema(tags=[tag], summary=list_text, description=list_text),
        retrieve=extend_schema(
            tags=[tag], summary=detail_text, description=detail_text, parameters=[ID_PARAMETER]
        ),
    )


@described("products", "地理标志产品 / GI products", "一个地理标志产品 / One GI product")
class ProductViewSet(RegisterViewSet):
    """Products with their protection-area towns, quality indicators, documents and images."""

    # Queries: count, the page of products, their towns, indicators, documents (with the
    # versions replacing them) and images — 6 whatever the page size.
    queryset = Product.objects.defer("search_text").prefetch_related(
        Prefetch("protection_area", queryset=Town.objects.order_by("code")),
        Prefetch("indicators", queryset=QualityIndicator.objects.order_by("order", "pk")),
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("superseded_by")
            .defer(
                "body", "body_en", "search_text", "superseded_by__body", "superseded_by__body_en"
            )
            .order_by("kind", "-effective_on", "pk"),
        ),
        Prefetch("images", queryset=ProductImage.objects.order_by("kind", "order", "pk")),
    )
    serializer_class = ProductSerializer
    filterset_class = ProductListFilter
    ordering = ("order", "name", "id")
    ordering_fields = ("id", "slug", "name", "updated_at")


@described("towns", "山亭区乡镇（街道） / Towns of Shanting District", "一个乡镇 / One town")
class TownViewSet(RegisterViewSet):
    # Queries: count, the page of towns — 2.
    queryset = Town.objects.all()
    serializer_class = TownSerializer
    filterset_class = TownListFilter
    ordering = ("code", "id")
    ordering_fields = ("id", "code", "name", "updated_at")


@described(
    "producers",
    "生产者（仅公开者及其公开字段）及专用标志授权 / Producers (public ones, public fields only) "
    "with their special-mark authorisations",
    "一个公开的生产者 / One public producer",
)
class ProducerViewSet(RegisterViewSet):
    # Queries: count, the page of producers with towns, their authorisations with products
    # — 3 whatever the page size (plus one per town or product filter value, to validate it).
    queryset = (
        Producer.objects.public()
        .select_related("town")
        .without_private_fields()
        .prefetch_related(
            Prefetch(
                "authorisations",
                queryset=Authorisation.objects.select_related("product")
                .defer("product__search_text")
                .order_by("product__order", "product__name", "-applied_on", "-pk"),
                to_attr="authorisation_list",
            )
        )
    )
    serializer_class = ProducerSerializer
    filterset_class = ApiProducerFilter
    ordering = ("name", "id")
    ordering_fields = ("id", "name", "planting_area_mu", "updated_at")


@described(
    "authorisations",
    "公开生产者的专用标志使用授权 / Special-mark authorisations of public producers",
    "一项授权 / One authorisation",
)
class AuthorisationViewSet(RegisterViewSet):
    # Queries: count, the page with producer and product — 2.
    queryset = (
        Authorisation.objects.filter(producer__is_public=True)
        .select_related("producer", "product")
        .defer(*producer_private_fields("producer"), "product__search_text")
    )
    serializer_class = AuthorisationSerializer
    filterset_class = AuthorisationListFilter
    ordering = ("-approved_on", "-applied_on", "-id")
    ordering_fields = ("id", "applied_on", "approved_on", "valid_until", "updated_at")


@described(
    "outlets",
    "正品销售点（仅公开者） / Where to buy genuine products (public outlets only)",
    "一个销售点 / One outlet",
)
class OutletViewSet(RegisterViewSet):
    # Queries: count, the page with towns and producers, their products — 3.
    queryset = (
        Outlet.objects.filter(is_public=True)
        .select_related("town", "producer")
        .defer(*producer_private_fields("producer"))
        .prefetch_related(Prefetch("products", queryset=Product.objects.defer("search_text")))
    )
    serializer_class = OutletSerializer
    filterset_class = ApiOutletFilter
    ordering = ("kind", "name", "id")
    ordering_fields = ("id", "kind", "name", "updated_at")


def published_inspections():
    # Queries: count, the page with producer, product and conclusion (EXISTS subqueries),
    # the results with their indicators — 3 whatever the page size.
    return (
        Inspection.objects.published()
        .with_conclusion()
        .select_related("producer", "product")
        .defer(*producer_private_fields("producer"), "product__search_text")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=InspectionResult.objects.select_related("indicator").order_by(
                    "indicator__order", "pk"
                ),
            )
        )
    )


@described(
    "inspections",
    "已公布的抽检结果（含各项指标的判定限值） / Published spot-check results, each value with the "
    "limits it was judged against",
    "一次已公布的抽检 / One published spot-check",
)
class InspectionViewSet(RegisterViewSet):
    queryset = published_inspections()
    serializer_class = InspectionSerializer
    filterset_class = ApiInspectionFilter
    ordering = ("-published_on", "-id")
    ordering_fields = ("id", "sampled_on", "published_on", "updated_at")


def published_cases():
    # Queries: count, the page with producer and product — 2.
    return (
        EnforcementCase.objects.published()
        .select_related("producer", "product")
        .defer(*producer_private_fields("producer"), "product__search_text")
    )


@described(
    "enforcement-cases",
    "已公布的执法案件 / Published enforcement cases",
    "一个已公布的执法案件 / One published enforcement case",
)
class EnforcementCaseViewSet(RegisterViewSet):
    queryset = published_cases()
    serializer_class = EnforcementCaseSerializer
    filterset_class = ApiEnforcementCaseFilter
    ordering = ("-published_on", "-id")
    ordering_fields = ("id", "opened_on", "decided_on", "published_on", "updated_at")


def library_documents():
    # Queries: count, the page with product and the versions it replaces and is replaced
    # by — 2 whatever the page size.
    return Document.objects.select_related("product", "supersedes", "superseded_by").defer(
        "search_text", "product__search_text"
    )


@described(
    "documents",
    "文件库：技术规程、标准、法规等及其版本关系 / Library: regulations, standards, laws … with "
    "their version chain",
    "一个文件 / One document",
)
class DocumentViewSet(RegisterViewSet):
    queryset = library_documents()
    serializer_class = DocumentSerializer
    filterset_class = ApiDocumentFilter
    ordering = ("kind", "-effective_on", "id")
    ordering_fields = ("id", "kind", "effective_on", "issued_on", "updated_at")


@described(
    "statistics",
    "年度统计：种植面积、产量、产值 / Annual statistics: area, output, output value",
    "一条年度统计 / One annual statistic",
)
class StatisticViewSet(RegisterViewSet):
    # Queries: count, the page with products — 2.
    queryset = AnnualStatistic.objects.select_related("product").defer("product__search_text")
    serializer_class = StatisticSerializer
    filterset_class = StatisticListFilter
    ordering = ("product__order", "-year", "id")
    ordering_fields = ("id", "year", "updated_at")


# --- Verification ---

VERIFY_EXAMPLE_GENUINE = {
    "kind": "label",
    "outcome": "genuine",
    "level": "ok",
    "code": "1A2B-3C4D-5E6F-7G8H",
    "title": "真实标签码",
    "message": "该码由本局发放给下列生产者用于此产品。请核对包装上的产品和生产者是否一致。",
    "warnings": [],
    "product": {
        "id": 1,
        "slug": "shanting-fire-cherry",
        "name": "山亭火樱桃",
        "name_en": "Shanting Fire Cherry",
    },
    "producer_id": 7,
    "producer_name": "水泉镇樱桃专业合作社（示例）",
    "town": {"id": 7, "code": "370406107", "name": "水泉镇", "name_en": "Shuiquan Town"},
    "season": 2025,
    "first_checked_at": "2025-05-20T09:30:00+08:00",
    "times_checked": 1,
    "authorisations": [],
    "reminder": "",
    "report_url": "",
}
VERIFY_EXAMPLE_FORGED = {
    **VERIFY_EXAMPLE_GENUINE,
    "outcome": "forged",
    "level": "bad",
    "title": "不是本局发放的标签",
    "message": "该码格式正确，但不是山亭区市场监督管理局发放的。标签很可能是假冒的。",
    "product": None,
    "producer_id": None,
    "producer_name": "",
    "town": None,
    "season": None,
    "first_checked_at": None,
    "times_checked": None,
    "report_url": "https://gi.example.cn/complaints/new/?code=1A2B-3C4D-5E6F-7G8J",
}


class VerifyView(APIView):
    """GET /api/v1/verify/{code}: the /verify/ page as JSON."""

    error_codes = ("404", "429")

    @extend_schema(
        tags=["verify"],
        operation_id="verify_retrieve",
        summary="核验标签码或统一社会信用代码 / Verify a label code or a credit code",
        description=(
            "与 /verify/ 页面同一实现：结论、警示、扫码记录和频率限制都相同。结论在 `outcome` 中，"
            "无论真伪都返回 200；伪造或输错的码不记录、不查数据库。\n\n"
            "The same implementation as the /verify/ page: same outcomes, warnings, scan "
            "recording and rate limit. The verdict is in `outcome`; every verdict answers 200. "
            "A genuine label code counts as one check of that label."
        ),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="16 位标签码（可带“-”或空格）或 18 位统一社会信用代码 / The 16-character "
                "label code (dashes or spaces allowed) or an 18-character credit code",
                examples=[
                    OpenApiExample("label", value="1A2B-3C4D-5E6F-7G8H"),
                    OpenApiExample("credit code", value="93370406MA3C0LXA4B"),
                ],
            )
        ],
        responses={
            200: OpenApiResponse(
                VerifyResultSerializer,
                description="核验结果 / The verdict",
                examples=[
                    OpenApiExample("genuine", value=VERIFY_EXAMPLE_GENUINE, response_only=True),
                    OpenApiExample("forged", value=VERIFY_EXAMPLE_FORGED, response_only=True),
                ],
            )
        },
    )
    def get(self, request, code):
        if not code:
            raise exceptions.NotFound(_("Give a label code or a credit code."))
        # HEAD (link previews, uptime checks) neither counts as a check nor against the limit.
        if request.method == "HEAD":
            response = Response(None)
        else:
            try:
                result = verify(code, client_ip=client_address(request))
            except RateLimited as exc:
                raise exceptions.Throttled(wait=exc.retry_after) from None
            response = Response(VerifyResultSerializer(result, context={"request": request}).data)
        add_never_cache_headers(response)
        return response


# --- Complaints ---

COMPLAINT_EXAMPLE = {
    "product": "shanting-fire-cherry",
    "description": "标签码查询结果为“不是本局发放的标签”，樱桃颜色也与正品不同。",
    "bought_where": "某农贸市场 / a farmers' market",
    "bought_on": "2025-05-20",
    "seller": "3 号摊位",
    "label_code": "1A2B-3C4D-5E6F-7G8J",
    "contact_phone": "139 0000 1111",
}


def form_errors(form):
    return {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in form.errors.items()
    }


class ComplaintCreateView(APIView):
    """POST /api/v1/complaints/: the complaint form as an API."""

    parser_classes = [MultiPartParser]
    error_codes = ("400", "415", "429")

    @extend_schema(
        tags=["complaints"],
        operation_id="complaints_create",
        summary="提交投诉举报 / File a complaint",
        description=(
            "multipart/form-data，规则和错误信息与 /complaints/new/ 表单相同；照片以重复的 "
            "`photos` 字段上传。成功时返回投诉编号和只显示一次的查询密码。联系方式不会公开。\n\n"
            "multipart/form-data with the same rules and messages as the /complaints/new/ "
            "form; photos as repeated `photos` parts. Answers the tracking number and a "
            "secret shown only this once. Contact details are never published."
        ),
        request={"multipart/form-data": ComplaintSerializer},
        responses={
            201: OpenApiResponse(
                ComplaintReceiptSerializer,
                description="已受理 / Received",
                examples=[
                    OpenApiExample(
                        "received",
                        value={
                            "tracking_number": "TS250520K7M2QX",
                            "secret": "q3n8Vd0xYtZr-2hA",
                            "track_url": "https://gi.example.cn/complaints/track/",
                        },
                        response_only=True,
                    )
                ],
            ),
            400: OpenApiResponse(
                FIELD_ERRORS_SCHEMA,
                description="输入有误，信息与表单相同 / Invalid input, with the form's messages",
                examples=[
                    OpenApiExample(
                        "missing description",
                        value={"description": ["这个字段是必填项。"]},
                        response_only=True,
                    )
                ],
            ),
        },
        examples=[
            OpenApiExample(
                "complaint",
                value=COMPLAINT_EXAMPLE,
                request_only=True,
                media_type="multipart/form-data",
            )
        ],
    )
    def post(self, request):
        try:
            data, files = request.POST, request.FILES
        except (RequestDataTooBig, TooManyFieldsSent) as exc:
            raise exceptions.ParseError(str(exc)) from None
        if "photos" in data:
            # A text part named photos: the form reads photos from the files only, so it
            # would pass unnoticed; tell the client it never arrived as a photo.
            return self.refuse_errors({"photos": [_("Send each photo as a file.")]})
        form = ComplaintForm(data, files)
        if not form.is_valid():
            return self.refuse(form)
        try:
            check(
                client_address(request),
                scope="complaint",
                limit=COMPLAINT_LIMIT,
                window=COMPLAINT_WINDOW,
            )
        except RateLimited as exc:
            raise exceptions.Throttled(wait=exc.retry_after) from None
        try:
            complaint, secret = complaint_submit(
                fields=form.model_fields(), photos=form.cleaned_data["photos"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.refuse(form)
        response = Response(
            {
                "tracking_number": complaint.tracking_number,
                "secret": secret,
                "track_url": request.build_absolute_uri(reverse("complaints:track")),
            },
            status=201,
        )
        add_never_cache_headers(response)
        return response

    @classmethod
    def refuse(cls, form):
        return cls.refuse_errors(form_errors(form))

    @staticmethod
    def refuse_errors(errors):
        response = Response(errors, status=400)
        add_never_cache_headers(response)
        return response
