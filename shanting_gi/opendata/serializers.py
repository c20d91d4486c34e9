"""What the API shows of each record of the public registers (verify.py and complaints.py
describe the two other doors).

Explicit field lists only: a field added to a model appears here only when someone adds it.
Private producer fields are not among them (and the views do not even load them); a
producer not shown publicly appears by a neutral description without its id."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import Conclusion, EnforcementCase, Inspection, InspectionResult
from producers.register.models import Authorisation, Outlet, Producer
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from shanting_gi.core.models import field_label

from .schema import in_both_languages

# Columns that are no model field, named once for the API's descriptions and the exports'
# headers. A model field's column is named by its verbose_name (core.models.field_label)
# on the register page, in the exports and in the API (drf-spectacular's titles).
LIVE = ("当前有效", "In force today")
PAGE_URL = ("公开页面地址", "Address of the public page")


def described(model, name):
    """A nested or computed field's description: the model field's name in both languages."""
    return in_both_languages(field_label(model, name))


def absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url


class TownSerializer(serializers.ModelSerializer):
    class Meta:
        model = Town
        fields = ["id", "code", "name", "name_en", "updated_at"]


class TownRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Town
        fields = ["id", "code", "name", "name_en"]


class ProductRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "slug", "name", "name_en"]


class PageUrlMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text=" / ".join(PAGE_URL))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityIndicator
        fields = [
            "id",
            "name",
            "name_en",
            "unit",
            "min_value",
            "max_value",
            "test_method",
            "source",
            "verified",
        ]


class InForceMixin(serializers.Serializer):
    in_force = serializers.SerializerMethodField(
        help_text="今天是否有效（已生效、未废止、未被新版本取代） / In force today (effective, "
        "not repealed, not replaced by a newer version in effect)"
    )
    status = serializers.SerializerMethodField(
        help_text="in_force 有效 / superseded 已被取代 / repealed 已废止 / not_yet_in_force 尚未生效"
    )

    def _status(self, document):
        return document.status_on(timezone.localdate()).value

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_in_force(self, document):
        return self._status(document) == "in_force"

    @extend_schema_field(
        {"type": "string", "enum": ["in_force", "superseded", "repealed", "not_yet_in_force"]}
    )
    def get_status(self, document):
        return self._status(document)


class DocumentRefSerializer(InForceMixin, serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "title", "title_en", "number", "effective_on", "in_force"]


class ProductImageSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["kind", "image", "alt_text", "alt_text_en", "caption", "caption_en"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, image):
        return absolute(self.context.get("request"), image.image.url)


class ProductSerializer(PageUrlMixin, serializers.ModelSerializer):
    protection_area = TownRefSerializer(
        many=True, help_text="保护范围内的乡镇 / Towns of the protection area"
    )
    harvest_months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12),
        help_text="采收月份 / Harvest months (1–12)",
    )
    indicators = IndicatorSerializer(many=True, help_text="质量指标 / Quality indicators")
    documents = DocumentRefSerializer(
        many=True,
        help_text="专属于本产品的文件（通用法规见 /documents/?product=slug） / Documents of this "
        "product only (general ones: /documents/?product=slug)",
    )
    images = ProductImageSerializer(many=True, help_text="图片 / Images")

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "name_pinyin",
            "category",
            "regime",
            "status",
            "approving_authority",
            "approving_authority_en",
            "announcement_number",
            "announcement_date",
            "approval_verified",
            "approval_source",
            "standard_number",
            "protection_area",
            "protection_area_verified",
            "protection_area_source",
            "harvest_months",
            "harvest_verified",
            "harvest_source",
            "description",
            "description_en",
            "characteristics",
            "characteristics_en",
            "identification_guide",
            "identification_guide_en",
            "facts_source",
            "indicators",
            "documents",
            "images",
            "url",
            "created_at",
            "updated_at",
        ]


class DocumentSerializer(InForceMixin, PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(
        allow_null=True, help_text="适用产品；空为全部产品 / Product; null: all"
    )
    supersedes = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="本文件取代的旧版本 id / Id of the version it replaces",
    )
    superseded_by = serializers.SerializerMethodField(
        help_text="取代本文件的新版本 id / Id of the version replacing it"
    )
    pdf = serializers.SerializerMethodField(help_text="PDF 全文地址 / Address of the PDF")

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "title_en",
            "number",
            "issuing_body",
            "issuing_body_en",
            "issued_on",
            "effective_on",
            "repealed_on",
            "product",
            "supersedes",
            "superseded_by",
            "in_force",
            "status",
            "body",
            "body_en",
            "pdf",
            "verified",
            "source",
            "url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_superseded_by(self, document):
        newer = getattr(document, "superseded_by", None)
        return newer.pk if newer is not None else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_pdf(self, document):
        return absolute(self.context.get("request"), document.pdf.url) if document.pdf else None


class StatisticSerializer(serializers.ModelSerializer):
    product = ProductRefSerializer()
    users_output_share = serializers.SerializerMethodField(
        help_text="用标企业产量占总产量的比例（0–1） / Share of the output by mark users (0–1)"
    )

    class Meta:
        model = AnnualStatistic
        fields = [
            "id",
            "product",
            "year",
            "planting_area_mu",
            "output_tonnes",
            "output_value_wan_yuan",
            "users_output_tonnes",
            "users_output_share",
            "source",
            "verified",
            "updated_at",
        ]

    @extend_schema_field({"type": "number", "nullable": True})
    def get_users_output_share(self, statistic):
        share = statistic.users_output_share
        return None if share is None else round(float(share), 4)


class LiveMixin(serializers.Serializer):
    live = serializers.SerializerMethodField(
        help_text=f"{LIVE[0]}（已核准且在有效期内） / {LIVE[1]} (approved and within validity)"
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_live(self, authorisation):
        return authorisation.is_live(self.context.get("today"))


AUTHORISATION_FIELDS = [
    "id",
    "product",
    "status",
    "live",
    "applied_on",
    "announcement_number",
    "approved_on",
    "valid_until",
    "status_changed_on",
    "status_reason",
    "updated_at",
]


class ProducerAuthorisationSerializer(LiveMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(help_text=described(Authorisation, "product"))

    class Meta:
        model = Authorisation
        fields = AUTHORISATION_FIELDS


class ProducerSerializer(PageUrlMixin, serializers.ModelSerializer):
    town = TownRefSerializer(help_text=described(Producer, "town"))
    authorisations = ProducerAuthorisationSerializer(
        many=True,
        source="authorisation_list",
        help_text="专用标志使用授权（含历史） / Special-mark authorisations, past ones included",
    )

    class Meta:
        model = Producer
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "credit_code",
            "town",
            "address",
            "public_contact",
            "planting_area_mu",
            "association_member",
            "is_example",
            "authorisations",
            "url",
            "created_at",
            "updated_at",
        ]


class AuthorisationSerializer(LiveMixin, serializers.ModelSerializer):
    product = ProductRefSerializer(help_text=described(Authorisation, "product"))
    producer_id = serializers.IntegerField(source="producer.pk")
    producer_name = serializers.CharField(
        source="producer.display_name", help_text=described(Producer, "name")
    )

    class Meta:
        model = Authorisation
        fields = [
            *AUTHORISATION_FIELDS[:2],
            "producer_id",
            "producer_name",
            *AUTHORISATION_FIELDS[2:],
        ]


class PublicProducerMixin(serializers.Serializer):
    """The producer's id only when the register shows it; otherwise null."""

    producer_id = serializers.SerializerMethodField(
        help_text="生产者 id；未公开的生产者为 null / Producer id; null when not listed publicly"
    )

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_producer_id(self, obj):
        producer = obj.producer
        return producer.pk if producer is not None and producer.is_public else None


class OutletSerializer(PublicProducerMixin, serializers.ModelSerializer):
    town = TownRefSerializer(allow_null=True)
    web_address = serializers.CharField(source="url", help_text="网店地址 / Web address")
    products = ProductRefSerializer(many=True)
    producer_name = serializers.SerializerMethodField(
        help_text="公开生产者的名称，否则为空 / Name of the producer when listed publicly"
    )

    class Meta:
        model = Outlet
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "town",
            "address",
            "web_address",
            "opening_hours",
            "products",
            "producer_id",
            "producer_name",
            "is_example",
            "updated_at",
        ]

    def get_producer_name(self, outlet) -> str:
        producer = outlet.producer
        return producer.display_name if producer is not None and producer.is_public else ""


class IndicatorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityIndicator
        fields = ["id", "name", "name_en", "unit"]


class ResultSerializer(serializers.ModelSerializer):
    indicator = IndicatorRefSerializer()

    class Meta:
        model = InspectionResult
        fields = ["id", "indicator", "measured_value", "limit_min", "limit_max", "passed"]
        extra_kwargs = {
            "limit_min": {"help_text": "判定所依据的下限 / Minimum the value was judged against"},
            "limit_max": {"help_text": "判定所依据的上限 / Maximum the value was judged against"},
        }


class InspectionSerializer(PublicProducerMixin, PageUrlMixin, serializers.ModelSerializer):
    product = ProductRefSerializer()
    producer_name = serializers.SerializerMethodField(
        help_text="生产者名称；未公开的生产者以中性描述代替 / Producer's name, or a neutral "
        "description when it is not listed publicly"
    )
    conclusion = serializers.SerializerMethodField(
        help_text="pass 合格 / fail 不合格，由各项结果得出 / derived from the results"
    )
    results = ResultSerializer(many=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "sample_number",
            "product",
            "producer_id",
            "producer_name",
            "sampled_on",
            "sampling_place",
            "testing_body",
            "report_number",
            "tested_on",
            "published_on",
            "conclusion",
            "results",
            "follow_up",
            "follow_up_deadline",
            "follow_up_done_on",
            "is_example",
            "url",
            "updated_at",
        ]

    def get_producer_name(self, inspection) -> str:
        return str(inspection.public_producer_name)

    @extend_schema_field({"type": "string", "enum": Conclusion.values, "nullable": True})
    def get_conclusion(self, inspection):
        return inspection.conclusion


class EnforcementCaseSerializer(PublicProducerMixin, PageUrlMixin, serializers.ModelSerializer):
    subject = serializers.CharField(help_text="当事人 / Party concerned")
    product = ProductRefSerializer(allow_null=True)

    class Meta:
        model = EnforcementCase
        fields = [
            "id",
            "case_number",
            "subject",
            "producer_id",
            "product",
            "violation_type",
            "status",
            "opened_on",
            "decided_on",
            "decision_number",
            "penalty",
            "fine_yuan",
            "summary",
            "summary_en",
            "published_on",
            "is_example",
            "url",
            "updated_at",
        ]
