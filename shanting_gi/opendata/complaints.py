"""POST /api/v1/complaints/: the complaint form as an API.

The rules are the form's: a complaint comes in through inspections.complaint_intake
(ComplaintForm → the per-address limit → complaint_submit), the same function the
/complaints/new/ page calls, and the schema of the request body is derived from
ComplaintForm's fields (`request_serializer`) rather than written out again. Only the
encoding is the API's own: multipart/form-data, photos as repeated `photos` file parts.
"""

from django import forms
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inspections.complaint_intake import complaint_file
from inspections.forms import ComplaintForm, MultipleImageField
from shanting_gi.core.ratelimit import RateLimited, client_address

from .filters import SHAPES
from .schema import FIELD_ERRORS_SCHEMA, in_both_languages, in_language

# --- The request body, derived from the form ---------------------------------------------------

# What JSON Schema can say of a CharField the form strips and refuses NUL in: required ones
# need a character that is not white space, optional ones may be empty.
NOT_BLANK = RegexValidator(r"^[^\x00]*[^\s\x00][^\x00]*$")
NO_NUL = RegexValidator(r"^[^\x00]+$")


class ReferenceField(serializers.CharField):
    """A record named by the form of its values (a filters.Shape), or empty for none."""

    def __init__(self, shape, **kwargs):
        self.shape = shape
        super().__init__(**kwargs)


class OptionalDateField(serializers.CharField):
    """A date (YYYY-MM-DD), or empty when unknown."""


def request_field(form_field, *, private):
    """The serializer field describing one form field for the schema (the form validates)."""
    notes = []
    kwargs = {"required": form_field.required}
    if isinstance(form_field, MultipleImageField):
        notes.append(
            ("以重复的 `photos` 文件字段上传", "Send them as repeated `photos` file parts")
        )
        field_class = serializers.ListField
        kwargs.update(child=serializers.FileField(), max_length=form_field.max_files)
    elif isinstance(form_field, forms.ModelChoiceField):
        shape = SHAPES[(form_field.queryset.model, form_field.to_field_name or "pk")]
        empty = form_field.empty_label
        notes.append(shape.description)
        notes.append(
            (
                f"留空表示“{in_language(empty, 'zh-hans')}”",
                f"Empty for “{in_language(empty, 'en')}”",
            )
        )
        field_class = ReferenceField
        kwargs.update(shape=shape, allow_blank=not form_field.required)
    elif isinstance(form_field, forms.DateField):
        notes.append(("YYYY-MM-DD，可留空", "YYYY-MM-DD, or empty"))
        field_class = serializers.DateField if form_field.required else OptionalDateField
        if not form_field.required:
            kwargs["allow_blank"] = True
    elif isinstance(form_field, forms.CharField):
        kwargs.update(allow_blank=not form_field.required, max_length=form_field.max_length)
        patterns = [v for v in form_field.validators if isinstance(v, RegexValidator)]
        if isinstance(form_field, forms.EmailField):
            field_class = serializers.EmailField
        else:
            field_class = serializers.CharField
            kwargs["validators"] = patterns or [NOT_BLANK if form_field.required else NO_NUL]
    else:
        raise TypeError(f"no schema for the form field {type(form_field).__name__}")
    if private:
        notes.append(("不公开", "Never public"))
    kwargs["help_text"] = in_both_languages(form_field.label, form_field.help_text, *notes)
    return field_class(**kwargs)


def request_serializer(form_class, name, doc):
    fields = {
        field_name: request_field(form_field, private=field_name in form_class.private_fields)
        for field_name, form_field in form_class.base_fields.items()
    }
    return type(name, (serializers.Serializer,), {"__doc__": doc, "__module__": __name__, **fields})


ComplaintSerializer = request_serializer(
    ComplaintForm,
    "ComplaintSerializer",
    "投诉的请求体，由投诉表单 ComplaintForm 的字段生成，校验也由该表单完成。 / The request "
    "body, derived from the complaint form's fields; ComplaintForm does the validating.",
)


class ComplaintReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="投诉编号 / Tracking number")
    secret = serializers.CharField(
        help_text="查询密码，只显示这一次 / Secret for following the complaint, shown only once"
    )
    track_url = serializers.URLField(help_text="查询进度的页面 / Where to follow the complaint")


# --- The view ----------------------------------------------------------------------------------

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
            "`photos` 字段上传。成功时返回投诉编号和只显示一次的查询密码。联系方式不会公开。"
            "`product` 须为已登记产品的 slug（见 /api/v1/products/）或留空，与表单相同。\n\n"
            "multipart/form-data with the same rules and messages as the /complaints/new/ "
            "form; photos as repeated `photos` parts. Answers the tracking number and a "
            "secret shown only this once. Contact details are never published. As on the "
            "form, `product` is the slug of a product in the register (see /api/v1/products/) "
            "or empty; a slug that names no product answers 400."
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
        try:
            intake = complaint_file(data=data, files=files, client_ip=client_address(request))
        except RateLimited as exc:
            raise exceptions.Throttled(wait=exc.retry_after) from None
        if intake.complaint is None:
            response = Response(form_errors(intake.form), status=400)
        else:
            response = Response(
                {
                    "tracking_number": intake.complaint.tracking_number,
                    "secret": intake.secret,
                    "track_url": request.build_absolute_uri(reverse("complaints:track")),
                },
                status=201,
            )
        add_never_cache_headers(response)
        return response
