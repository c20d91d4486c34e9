"""The portal's public data in the API: the FAQ (published answers only), news and notices,
events, demonstration parks and industry associations with their packaging designs.

Kept apart from views.py and serializers.py so the registers' API and this one change
independently; the same pieces are used (RegisterViewSet, the pages' FilterSets plus
`updated_since`, bilingual schema descriptions). Laws, the implementation plan and the
brand-use notes are documents: /api/v1/documents/.

Never in these answers: an asker's own words, name, contact or attachment, the tracking
number or anything about an unpublished question; members of an association that are not
listed publicly.
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from producers.register.models import Producer
from products.models import Product
from shanting_gi.portal.filters import ArticleFilter, EventFilter, FaqFilter, ParkFilter
from shanting_gi.portal.models import (
    Article,
    ArticleAttachment,
    ArticleImage,
    Association,
    Consultation,
    DemonstrationPark,
    Event,
    PackagingDesign,
)
from shanting_gi.portal.views import published_faq

from .filters import UpdatedSinceFilterSet
from .serializers import PageUrlMixin, ProductRefSerializer, TownRefSerializer, absolute
from .views import RegisterViewSet, described

# --- FilterSets: the pages' own, plus updated_since ----------------------------------------------


class ApiFaqFilter(FaqFilter, UpdatedSinceFilterSet):
    pass


class ApiArticleFilter(ArticleFilter, UpdatedSinceFilterSet):
    pass


class ApiEventFilter(EventFilter, UpdatedSinceFilterSet):
    pass


class ApiParkFilter(ParkFilter, UpdatedSinceFilterSet):
    pass


class ApiAssociationFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Association
        fields = []


# --- Serializers ----------------------------------------------------------------------------------


class FaqSerializer(PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(
        allow_null=True, help_text="相关产品；空为不限产品 / Product; null: any product"
    )
    question = serializers.CharField(
        source="public_question",
        help_text="公开的问题表述（不含提问人信息） / The question as published (naming nobody)",
    )
    question_en = serializers.CharField(
        source="public_question_en", help_text="问题（英文） / The question in English"
    )
    answer = serializers.CharField(help_text="局方答复 / The bureau's answer")
    answer_en = serializers.CharField(help_text="答复（英文） / The answer in English")

    class Meta:
        model = Consultation
        fields = [
            "id",
            "topic",
            "product",
            "question",
            "question_en",
            "answer",
            "answer_en",
            "published_on",
            "is_example",
            "url",
            "updated_at",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="文件地址 / Address of the file")

    class Meta:
        model = ArticleAttachment
        fields = ["title", "title_en", "file"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, attachment):
        return absolute(self.context.get("request"), attachment.file.url)


class ArticleImageSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField(help_text="图片地址 / Address of the picture")

    class Meta:
        model = ArticleImage
        fields = ["image", "width", "height", "alt_text", "alt_text_en", "caption", "caption_en"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, image):
        return absolute(self.context.get("request"), image.image.url)


class ArticleSerializer(PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(allow_null=True, help_text="相关产品 / Product concerned")
    body = serializers.CharField(help_text="正文（Markdown） / Text (Markdown)")
    body_en = serializers.CharField(help_text="正文（英文，Markdown） / Text in English (Markdown)")
    attachments = AttachmentSerializer(many=True, help_text="附件 / Attachments")
    images = ArticleImageSerializer(many=True, help_text="图片 / Pictures")

    class Meta:
        model = Article
        fields = [
            "id",
            "kind",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "body",
            "body_en",
            "published_on",
            "author_unit",
            "author_unit_en",
            "product",
            "attachments",
            "images",
            "is_example",
            "url",
            "created_at",
            "updated_at",
        ]


class EventSerializer(PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(allow_null=True, help_text="相关产品 / Product")
    town = TownRefSerializer(allow_null=True, help_text="所在乡镇 / Town")

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "title_en",
            "starts_on",
            "ends_on",
            "place",
            "place_en",
            "town",
            "product",
            "organiser",
            "organiser_en",
            "description",
            "description_en",
            "is_example",
            "source",
            "url",
            "created_at",
            "updated_at",
        ]


class ParkSerializer(PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer()
    town = TownRefSerializer()

    class Meta:
        model = DemonstrationPark
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "town",
            "product",
            "area_mu",
            "operator",
            "operator_en",
            "established_year",
            "description",
            "description_en",
            "is_example",
            "source",
            "url",
            "created_at",
            "updated_at",
        ]


class MemberSerializer(PageUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Producer
        fields = ["id", "name", "name_en", "credit_code", "url"]


class PackagingSerializer(serializers.ModelSerializer):
    product = ProductRefSerializer()
    image = serializers.SerializerMethodField(
        help_text="版式图片地址 / Address of the design's picture"
    )

    class Meta:
        model = PackagingDesign
        fields = [
            "id",
            "name",
            "name_en",
            "product",
            "image",
            "alt_text",
            "alt_text_en",
            "usage_rules",
            "usage_rules_en",
            "approved_on",
            "is_current",
            "is_example",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, design):
        return absolute(self.context.get("request"), design.image.url) if design.image else None


class AssociationSerializer(PageUrlMixin, serializers.ModelSerializer):
    products = ProductRefSerializer(many=True, help_text="相关产品 / Products")
    members = MemberSerializer(
        many=True,
        source="public_members",
        help_text="会员（仅公开的生产者） / Members (producers listed publicly only)",
    )
    packaging = PackagingSerializer(
        many=True, help_text="经批准的规范包装 / Approved standard packaging designs"
    )

    class Meta:
        model = Association
        fields = [
            "id",
            "name",
            "name_en",
            "products",
            "address",
            "phone",
            "email",
            "website",
            "description",
            "description_en",
            "members",
            "packaging",
            "is_example",
            "source",
            "url",
            "created_at",
            "updated_at",
        ]


# --- Views ------------------------------------------------------------------------------------------


@described(
    "faq",
    "咨询问答：已公开的答复 / Questions and answers: the bureau's published answers",
    "一条公开的答复 / One published answer",
)
class FaqViewSet(RegisterViewSet):
    # Queries: count, the page of answers with their products — 2.
    queryset = published_faq()
    serializer_class = FaqSerializer
    filterset_class = ApiFaqFilter
    ordering = ("-published_on", "-id")
    ordering_fields = ("id", "published_on", "updated_at")


@described(
    "news",
    "通知公告和工作动态（已发布） / Notices and work news (published)",
    "一篇文章 / One article",
)
class ArticleViewSet(RegisterViewSet):
    # Queries: count, the page with products, their attachments, their pictures — 4.
    queryset = (
        Article.objects.published()
        .select_related("product")
        .defer("search_text", "product__search_text")
        .prefetch_related(
            Prefetch("attachments", queryset=ArticleAttachment.objects.order_by("order", "pk")),
            Prefetch("images", queryset=ArticleImage.objects.order_by("order", "pk")),
        )
    )
    serializer_class = ArticleSerializer
    filterset_class = ApiArticleFilter
    ordering = ("-published_on", "-id")
    ordering_fields = ("id", "published_on", "updated_at")


@described(
    "events",
    "活动：采摘节、展销会、文旅活动（已发布） / Events: picking festivals, fairs, culture-tourism "
    "activities (published)",
    "一项活动 / One event",
)
class EventViewSet(RegisterViewSet):
    # Queries: count, the page with products and towns — 2.
    queryset = (
        Event.objects.published().select_related("product", "town").defer("product__search_text")
    )
    serializer_class = EventSerializer
    filterset_class = ApiEventFilter
    ordering = ("-starts_on", "-id")
    ordering_fields = ("id", "starts_on", "ends_on", "updated_at")


@described(
    "parks",
    "示范园和研究平台 / Demonstration parks and research platforms",
    "一个示范园 / One park",
)
class ParkViewSet(RegisterViewSet):
    # Queries: count, the page with products and towns — 2.
    queryset = (
        DemonstrationPark.objects.filter(is_public=True)
        .select_related("product", "town")
        .defer("product__search_text")
    )
    serializer_class = ParkSerializer
    filterset_class = ApiParkFilter
    ordering = ("town__code", "name", "id")
    ordering_fields = ("id", "name", "updated_at")


@described(
    "associations",
    "行业协会、会员（公开者）及规范包装 / Industry associations, their (public) members and "
    "standard packaging",
    "一个行业协会 / One association",
)
class AssociationViewSet(RegisterViewSet):
    # Queries: count, the page, their products, their public members, their packaging
    # designs with products — 5 whatever the page size.
    queryset = Association.objects.prefetch_related(
        Prefetch("products", queryset=Product.objects.defer("search_text")),
        Prefetch(
            "members",
            queryset=Producer.objects.public().without_private_fields().order_by("name", "pk"),
            to_attr="public_members",
        ),
        Prefetch(
            "packaging",
            queryset=PackagingDesign.objects.select_related("product")
            .defer("product__search_text")
            .order_by("product__order", "name", "pk"),
        ),
    )
    serializer_class = AssociationSerializer
    filterset_class = ApiAssociationFilter
    ordering = ("name", "id")
    ordering_fields = ("id", "name", "updated_at")


def register(router):
    """Called from urls.py: the portal's lists beside the registers."""
    router.register("faq", FaqViewSet, basename="faq")
    router.register("news", ArticleViewSet, basename="article")
    router.register("events", EventViewSet, basename="event")
    router.register("parks", ParkViewSet, basename="park")
    router.register("associations", AssociationViewSet, basename="association")
