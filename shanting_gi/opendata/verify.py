"""GET /api/v1/verify/{code}: the /verify/ page as JSON.

One implementation serves both: producers.labels.verification.verify gives the outcome,
warnings, scan recording and rate limit; this module only writes its result as JSON."""

from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from producers.labels.verification import Kind, Outcome, verify
from shanting_gi.core.ratelimit import RateLimited, client_address

from .serializers import ProductRefSerializer, TownRefSerializer, absolute


class WarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["revoked", "suspended", "expired", "not_live", "void", "copied", "old_season"]
    )
    title = serializers.CharField()
    text = serializers.CharField()


class VerifiedAuthorisationSerializer(serializers.Serializer):
    product = ProductRefSerializer()
    announcement_number = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)


class VerifyResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.value) for k in Kind],
        help_text="label 标签码 / credit_code 统一社会信用代码",
    )
    outcome = serializers.ChoiceField(
        choices=[(o.value, o.value) for o in Outcome],
        help_text="genuine 真实标签 · mistyped 输入有误 · forged 非本局发放 · malformed 不是代码 · "
        "authorised 已获授权 · not_authorised 未获授权",
    )
    level = serializers.ChoiceField(
        choices=["ok", "warn", "bad", "info"], help_text="ok / warn / bad / info"
    )
    code = serializers.CharField(help_text="规范化后的代码 / The code, normalised")
    title = serializers.CharField(
        help_text="结论标题（当前语言） / Heading, in the active language"
    )
    message = serializers.CharField(help_text="说明 / Explanation")
    warnings = WarningSerializer(
        many=True, help_text="真实标签的警示 / Warnings on a genuine label"
    )
    product = ProductRefSerializer(allow_null=True)
    producer_id = serializers.IntegerField(
        allow_null=True, help_text="公开生产者的 id / Id of the producer when listed publicly"
    )
    producer_name = serializers.CharField(
        help_text="生产者名称或中性描述 / Producer's name or a neutral description"
    )
    town = TownRefSerializer(allow_null=True)
    season = serializers.IntegerField(allow_null=True, help_text="标签年度 / Label season")
    first_checked_at = serializers.DateTimeField(
        allow_null=True, help_text="首次查询时间 / First checked at"
    )
    times_checked = serializers.IntegerField(
        allow_null=True, help_text="本码被查询次数（含本次） / Times checked, this one included"
    )
    authorisations = VerifiedAuthorisationSerializer(
        many=True, help_text="信用代码：有效授权 / Credit code: authorisations in force"
    )
    reminder = serializers.CharField(help_text="提示 / Reminder")
    report_url = serializers.CharField(
        help_text="投诉举报地址（如适用） / Where to report it, when relevant"
    )

    def to_representation(self, result):
        product = result.product
        producer = result.producer
        request = self.context.get("request")
        data = {
            "kind": result.kind.value,
            "outcome": result.outcome.value,
            "level": result.level,
            "code": result.code,
            "title": str(result.title),
            "message": str(result.message),
            "warnings": [
                {"code": w.code, "title": str(w.title), "text": str(w.text)}
                for w in result.warnings
            ],
            "product": ProductRefSerializer(product).data if product is not None else None,
            "producer_id": producer.pk if producer is not None and producer.is_public else None,
            "producer_name": str(result.producer_name),
            "town": TownRefSerializer(result.town).data if result.town is not None else None,
            "season": result.season,
            "first_checked_at": serializers.DateTimeField().to_representation(
                result.first_checked_at
            )
            if result.first_checked_at
            else None,
            "times_checked": result.times_checked,
            "authorisations": [
                {
                    "product": ProductRefSerializer(a.product).data,
                    "announcement_number": a.announcement_number,
                    "approved_on": a.approved_on.isoformat() if a.approved_on else None,
                    "valid_until": a.valid_until.isoformat() if a.valid_until else None,
                }
                for a in result.authorisations
            ],
            "reminder": str(result.reminder),
            "report_url": absolute(request, result.report_url),
        }
        return data


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
