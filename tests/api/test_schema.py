"""The OpenAPI schema at /api/schema/ and the docs served by the app at /api/docs/."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from inspections.forms import ComplaintForm, phone_validator
from inspections.models import EnforcementCase, Inspection
from products.models import Product, Town

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def schema(client, register):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_endpoint_is_described(schema):
    described = {(path, method) for path, method, _ in operations(schema)}
    lists = ["products", "towns", "producers", "authorisations", "outlets", "inspections"]
    lists += ["enforcement-cases", "documents", "statistics"]
    lists += ["faq", "news", "events", "parks", "associations"]
    expected = {(f"/api/v1/{name}/", "get") for name in lists}
    expected |= {(f"/api/v1/{name}/{{id}}/", "get") for name in lists}
    expected |= {("/api/v1/verify/{code}", "get"), ("/api/v1/complaints/", "post")}
    assert described == expected


def test_descriptions_are_in_chinese_and_english(schema):
    assert CJK.search(schema["info"]["title"]) and LATIN.search(schema["info"]["title"])
    for path, method, operation in operations(schema):
        summary = operation["summary"]
        assert " / " in summary and CJK.search(summary) and LATIN.search(summary), (path, method)


def test_the_licence_is_stated(schema):
    assert schema["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "山亭区市场监督管理局" in schema["info"]["description"]
    assert "CC BY 4.0" in schema["info"]["description"]


def test_error_responses_are_declared(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert responses["429"]["headers"]["Retry-After"]["required"] is True, path
        if path.endswith("{id}/"):
            assert {"200", "404", "429"} <= set(responses), path
        elif method == "get" and "verify" not in path:
            assert {"200", "400", "404", "429"} <= set(responses), path
    complaints = schema["paths"]["/api/v1/complaints/"]["post"]["responses"]
    assert {"201", "400", "415", "429"} <= set(complaints)


def test_filter_parameters_follow_the_filtersets(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/producers/"]["get"]["parameters"]
    }
    assert set(parameters) == {
        "q",
        "town",
        "product",
        "status",
        "updated_since",
        "ordering",
        "page",
        "page_size",
    }
    # Records are named by the form of their values, never by the rows that exist.
    assert parameters["town"] == {"type": "string", "pattern": "^370406[0-9]{3}$"}
    assert parameters["product"] == {
        "type": "string",
        "pattern": "^[-a-zA-Z0-9_]+$",
        "maxLength": Product._meta.get_field("slug").max_length,
    }
    assert "live" in parameters["status"]["enum"]
    assert parameters["q"]["maxLength"] == 50
    assert parameters["updated_since"]["format"] == "date-time"
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    years = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/inspections/"]["get"]["parameters"]
    }["year"]
    assert years == {"type": "integer", "minimum": 1, "maximum": 9999}


def every_parameter(schema):
    for _path, _method, operation in operations(schema):
        yield from operation.get("parameters", [])


def test_every_parameter_naming_a_record_says_what_a_value_naming_nothing_gives(schema):
    named = [p for p in every_parameter(schema) if p["name"] in {"product", "town", "year"}]
    # products on eleven lists (seven registers, FAQ, news, events, parks), towns on four
    # (producers, outlets, events, parks), years on two (results, cases)
    assert len(named) == 11 + 4 + 2
    for parameter in named:
        assert "enum" not in parameter["schema"]
        assert "empty list" in parameter["description"], parameter
        assert "空列表" in parameter["description"], parameter


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_schema_is_a_function_of_the_code_not_of_the_data(client, settings, language):
    """Generated on an empty database and on the demo database, byte for byte the same."""
    client.cookies["lang"] = language

    def generate():
        json_schema = client.get("/api/schema/", {"format": "json"})
        yaml_schema = client.get("/api/schema/")
        assert json_schema.status_code == yaml_schema.status_code == 200
        return json_schema.content, yaml_schema.content

    assert not Product.objects.exists()
    empty = generate()
    call_command("seed_demo", stdout=io.StringIO())
    assert Product.objects.count() == 2 and Town.objects.count() == 10
    assert Inspection.objects.exists() and EnforcementCase.objects.exists()
    assert generate() == empty


def test_the_complaint_body_is_derived_from_the_complaint_form(schema):
    body = schema["components"]["schemas"]["ComplaintRequest"]
    form_fields = ComplaintForm.base_fields
    assert list(body["properties"]) == list(form_fields)
    assert body["required"] == [name for name, f in form_fields.items() if f.required]

    def text_schema(name):
        prop = body["properties"][name]
        return prop["oneOf"][0] if "oneOf" in prop else prop

    for name, field in form_fields.items():
        if getattr(field, "max_length", None):
            assert text_schema(name)["maxLength"] == field.max_length, name
    assert text_schema("contact_phone")["pattern"] == phone_validator.regex.pattern
    assert body["properties"]["photos"]["maxItems"] == form_fields["photos"].max_files
    assert body["properties"]["product"]["anyOf"][0]["pattern"] == "^[-a-zA-Z0-9_]+$"
    for name in ComplaintForm.private_fields:
        assert "不公开" in body["properties"][name]["description"], name
        assert "Never public" in body["properties"][name]["description"], name


def test_verify_and_complaints_have_examples(schema):
    verify = schema["paths"]["/api/v1/verify/{code}"]["get"]
    examples = verify["responses"]["200"]["content"]["application/json"]["examples"]
    assert {e["value"]["outcome"] for e in examples.values()} == {"genuine", "forged"}
    complaint = schema["paths"]["/api/v1/complaints/"]["post"]
    body = complaint["requestBody"]["content"]["multipart/form-data"]
    assert body["examples"]
    properties = schema["components"]["schemas"]["ComplaintRequest"]["properties"]
    assert properties["photos"]["items"]["format"] == "binary"
    assert properties["photos"]["maxItems"] == 3


def test_private_fields_are_not_in_the_schema(schema):
    producer = schema["components"]["schemas"]["Producer"]["properties"]
    assert not {"private_phone", "notes", "user", "legal_representative"} & set(producer)


def test_the_schema_is_valid_openapi_without_warnings(register, tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


def test_the_docs_are_served_by_the_app_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    local = [s for s in sources if s.startswith("/static/drf_spectacular_sidecar/")]
    assert any("swagger-ui" in s for s in local), sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    for source in local:
        assert finders.find(source.removeprefix("/static/")), source
