"""The API's read-only registers (verify.py and complaints.py hold the two other doors).

They add no rules of their own: lists use the pages' FilterSets (see filters.py), and
every list fetches a page in a constant number of queries, noted beside each queryset."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from inspections.models import EnforcementCase, Inspection, InspectionResult
from producers.register.models import Authorisation, Outlet, Producer, producer_private_fields
from products.models import AnnualStatistic, Document, Product, ProductImage, QualityIndicator, Town

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
from .serializers import (
    AuthorisationSerializer,
    DocumentSerializer,
    EnforcementCaseSerializer,
    InspectionSerializer,
    OutletSerializer,
    ProducerSerializer,
    ProductSerializer,
    StatisticSerializer,
    TownSerializer,
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
