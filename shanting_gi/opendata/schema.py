"""How the OpenAPI schema describes the API beyond what drf-spectacular infers.

- every operation lists the errors it can answer (400, 404, 415, 429 with Retry-After);
- filter parameters are described exactly as the API validates them: a product, town or
  year by the form of its values (filters.Shape), text bounded as the filter bounds it;
- the complaint's request body is derived from the complaint form (complaints.py).

Nothing here reads the database: the schema is a function of the code alone, the same on
an empty database as on a full one (tests/api/test_schema.py)."""

from django.utils import translation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .filters import NAMES_NOTHING, filter_shape


def in_language(text, language):
    with translation.override(language):
        return str(text).strip()


def in_both_languages(label, *parts):
    """ "标签：说明。 / Label: explanation." from a lazy label and parts that are lazy strings
    or (Chinese, English) pairs, rendered in both languages whatever language is active:
    the schema is the same for every visitor."""
    halves = []
    for language, index, stop, colon, space in (
        ("zh-hans", 0, "。", "：", ""),
        ("en", 1, ".", ": ", " "),
    ):
        texts = [p[index] if isinstance(p, tuple) else in_language(p, language) for p in parts]
        sentences = space.join(t if t.endswith(SENTENCE_ENDS) else t + stop for t in texts if t)
        heading = in_language(label, language).rstrip("？?：:")
        halves.append(f"{heading}{colon}{sentences}" if sentences else heading)
    return " / ".join(halves)


SENTENCE_ENDS = ("。", "）", "？", ".", ")", "?")


class ApiFilterExtension(DjangoFilterExtension):
    """Describes the FilterSets exactly as the API applies them (filters.filtered_queryset):

    - a product, town or year by the form of its values — a value of that form that names
      nothing gives an empty list, any other answers 400;
    - text bounded as the filter bounds it and free of NUL characters.
    """

    target_class = "shanting_gi.opendata.filters.ApiFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        shape = filter_shape(filter_field)
        if shape is not None:
            return [
                build_parameter_type(
                    name=field_name,
                    schema=dict(shape.schema),
                    location=OpenApiParameter.QUERY,
                    required=False,
                    description=in_both_languages(
                        filter_field.label, shape.description, NAMES_NOTHING
                    ),
                )
            ]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                schema["minLength"] = 1
                schema["pattern"] = r"^[^\x00]*$"
                if filter_field.extra.get("max_length"):
                    schema["maxLength"] = filter_field.extra["max_length"]
        return parameters


FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "字段名 → 错误信息列表；请求整体的错误在 `non_field_errors` 或 `detail`。 / "
    "Field name → list of messages; errors of the request as a whole under `non_field_errors` "
    "or `detail`.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(
        help_text="错误说明（当前语言） / What went wrong, in the active language"
    )


ERROR_RESPONSES = {
    "400": OpenApiResponse(
        FIELD_ERRORS_SCHEMA,
        description="请求参数无效 / Invalid parameters",
        examples=[
            OpenApiExample(
                "filter",
                value={"town": ["There is no town with the code “370406999”."]},
                response_only=True,
                status_codes=["400"],
            )
        ],
    ),
    "404": OpenApiResponse(ErrorDetailSerializer, description="不存在 / Not found"),
    "415": OpenApiResponse(
        ErrorDetailSerializer, description="请求体格式不受支持 / Unsupported media type"
    ),
    "429": OpenApiResponse(
        ErrorDetailSerializer,
        description="请求过于频繁，请于 Retry-After 秒后重试 / Too many requests; retry after "
        "Retry-After seconds",
    ),
}


class ApiSchema(AutoSchema):
    """Adds the error responses each operation can give, with Retry-After on 429."""

    def error_codes(self):
        declared = getattr(self.view, "error_codes", None)
        if declared is not None:
            return declared
        if getattr(self.view, "action", None) == "list":
            return ("400", "404", "429")
        return ("404", "429")

    def _get_response_bodies(self, direction="response"):
        # After drf-spectacular's own (or @extend_schema's) responses, whichever way those
        # were given; an operation that describes an error itself keeps its description.
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ERROR_RESPONSES[code], code, direction=direction
                )
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code) == "429":
            headers["Retry-After"] = {
                "description": "多少秒后可以重试 / Seconds to wait before retrying",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        return headers


class ReferenceFieldExtension(OpenApiSerializerFieldExtension):
    """A record named by the form of its values (a Shape), or empty for none."""

    target_class = "shanting_gi.opendata.complaints.ReferenceField"

    def map_serializer_field(self, auto_schema, direction):
        shape = self.target.shape
        return {"type": "string", "anyOf": [dict(shape.schema), {"maxLength": 0}]}


class OptionalDateFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "shanting_gi.opendata.complaints.OptionalDateField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]}
