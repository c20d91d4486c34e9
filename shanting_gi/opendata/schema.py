"""How the OpenAPI schema describes the API beyond what drf-spectacular infers.

- every operation lists the errors it can answer (400, 404, 415, 429 with Retry-After);
- filter parameters are described exactly as the FilterSets validate them, so a client (or
  schemathesis) that follows the schema is never refused: a product or town is one of the
  slugs or codes that exist, a year one the list holds — read when the schema is generated,
  a handful of rows;
- the complaint form's product is one of the existing slugs, its purchase date a date or
  empty."""

import django_filters
from django.db import DatabaseError
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from products.models import Product


def _read_or_empty(read):
    """The values for an enum, or none when the database is not there yet: `check --deploy`
    generates the schema before `migrate` has run, and a schema without enums is still true."""
    try:
        return read()
    except DatabaseError:
        return []


class ApiFilterExtension(DjangoFilterExtension):
    """Describes the FilterSets exactly as they validate, so that a client (or schemathesis)
    that follows the schema is never refused:

    - a product or town is one of the slugs or codes that exist (read when the schema is
      generated: a handful of rows), a year one of the years the list holds;
    - text is bounded as the filter bounds it and free of NUL characters.
    """

    target_class = "shanting_gi.opendata.filters.ApiFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        description = str(filter_field.label or "")
        if isinstance(filter_field, django_filters.ModelChoiceFilter):
            to_field = filter_field.extra.get("to_field_name") or "pk"
            queryset = filter_field.extra["queryset"]
            values = _read_or_empty(
                lambda: [
                    str(v) for v in queryset.order_by(to_field).values_list(to_field, flat=True)
                ]
            )
            what = "产品的 slug / a product's slug" if to_field == "slug" else "代码 / code"
            return [self._parameter(field_name, f"{description}（{what}）", "string", values)]
        if getattr(filter_field, "lookup_expr", "") == "year":
            view_queryset = auto_schema.view.get_queryset()
            years = _read_or_empty(
                lambda: [d.year for d in view_queryset.dates(filter_field.field_name, "year")]
            )
            return [self._parameter(field_name, description, "integer", years)]
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

    @staticmethod
    def _parameter(name, description, type_, values):
        schema = {"type": type_}
        if values:
            schema["enum"] = values
        return build_parameter_type(
            name=name,
            schema=schema,
            location=OpenApiParameter.QUERY,
            required=False,
            description=description,
        )


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


class ProductSlugFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "shanting_gi.opendata.serializers.ProductSlugField"

    def map_serializer_field(self, auto_schema, direction):
        slugs = _read_or_empty(
            lambda: list(Product.objects.order_by("order", "name").values_list("slug", flat=True))
        )
        if not slugs:
            return {"type": "string", "maxLength": 0}
        return {"type": "string", "enum": [*slugs, ""]}


class OptionalDateFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "shanting_gi.opendata.serializers.OptionalDateField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]}
