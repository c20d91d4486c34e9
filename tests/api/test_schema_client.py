"""Done when: a client written only from /api/schema/ can list producers filtered by town
and product, verify a label code, and post a complaint with a photo.

The client below knows no URL but the schema's: it finds each operation by what the schema
says about it (its tags, parameters, request body), fills the path templates, and takes the
town and product values from the towns and products lists, checked against the form the
parameters' schemas give (the schema names no rows: they are data).
"""

import re

import pytest

from producers.labels import codes
from tests.factories import image_upload, make_label_batch

pytestmark = pytest.mark.django_db


class SchemaClient:
    def __init__(self, http):
        self.http = http
        self.schema = http.get("/api/schema/", {"format": "json"}).json()

    def operation(self, method, test):
        matches = [
            (path, operation)
            for path, methods in self.schema["paths"].items()
            for verb, operation in methods.items()
            if verb == method and test(path, operation)
        ]
        assert len(matches) == 1, [path for path, _ in matches]
        return matches[0]

    @staticmethod
    def parameters(operation, location):
        return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == location}

    def list_of(self, tag):
        """Every row of the list operation tagged `tag`, page by page."""
        path, operation = self.operation(
            "get", lambda p, op: tag in op.get("tags", []) and "{" not in p
        )
        assert "page" in self.parameters(operation, "query")
        rows, page = [], 1
        while True:
            answer = self.http.get(path, {"page": page}).json()
            rows += answer["results"]
            if not answer["next"]:
                return rows
            page += 1

    def resolve(self, reference):
        node = self.schema
        for part in reference.removeprefix("#/").split("/"):
            node = node[part]
        return node


@pytest.fixture
def api(client, register):
    return SchemaClient(client)


def test_list_producers_by_town_and_product(api, client, register):
    path, operation = api.operation(
        "get",
        lambda p, op: (
            {"town", "product"} <= set(api.parameters(op, "query"))
            and "producer" in op["summary"].lower()
            and "{" not in p
        ),
    )
    query = api.parameters(operation, "query")
    towns = api.list_of("towns")
    town = next(t["code"] for t in towns if t["name"] == "水泉镇")
    product = next(p["slug"] for p in api.list_of("products") if p["name"] == "山亭火樱桃")
    assert re.search(query["town"]["schema"]["pattern"], town)
    assert re.search(query["product"]["schema"]["pattern"], product)

    response = client.get(path, {"town": town, "product": product})

    assert response.status_code == 200
    listed = response.json()["results"]
    assert [p["name"] for p in listed] == ["水泉镇樱桃专业合作社"]
    assert listed[0]["town"]["code"] == town


def test_verify_a_label_code(api, client, register):
    batch = make_label_batch(register.coop_cherry, quantity=3)
    code = codes.encode(batch.key_version, batch.pk, 2)
    path, operation = api.operation("get", lambda p, op: "code" in api.parameters(op, "path"))

    response = client.get(path.replace("{code}", code))

    assert response.status_code == 200
    result = response.json()
    schema = api.resolve(
        operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert set(result) == set(schema["properties"])
    assert result["outcome"] == "genuine"
    assert result["producer_name"] == "水泉镇樱桃专业合作社"


def test_post_a_complaint_with_a_photo(api, client, register):
    def takes_photos(path, operation):
        body = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
        if not body:
            return False
        return "photos" in api.resolve(body["schema"]["$ref"])["properties"]

    path, operation = api.operation("post", takes_photos)
    body_schema = api.resolve(
        operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    )
    assert body_schema["required"] == ["description"]

    response = client.post(
        path,
        {"description": "包装上的标签码查询不到", "photos": [image_upload("label.png")]},
    )

    assert response.status_code == 201, response.content
    receipt = response.json()
    receipt_schema = api.resolve(
        operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert set(receipt) == set(receipt_schema["properties"])
    from inspections.models import Complaint

    complaint = Complaint.objects.get(tracking_number=receipt["tracking_number"])
    assert complaint.photos.count() == 1
