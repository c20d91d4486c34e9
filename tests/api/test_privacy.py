"""Private fields and unpublished records appear nowhere: no list, no detail, no export."""

import pytest

from producers.register.models import Producer

from .conftest import (
    HIDDEN_NAME,
    HIDDEN_OUTLET,
    LEGAL_REPRESENTATIVE,
    PRIVATE_NOTES,
    PRIVATE_PHONE,
    UNPUBLISHED_CASE,
    UNPUBLISHED_SAMPLE,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "products",
    "towns",
    "producers",
    "authorisations",
    "outlets",
    "inspections",
    "enforcement-cases",
    "documents",
    "statistics",
]
EXPORTS = ["producers", "inspection-results", "enforcement-cases", "documents"]


def every_response(client):
    """(label, text) of every list, every detail of a listed record, and every export."""
    for name in LISTS:
        response = client.get(f"/api/v1/{name}/", {"page_size": 100})
        assert response.status_code == 200
        yield name, response.content.decode()
        for item in response.json()["results"]:
            detail = client.get(f"/api/v1/{name}/{item['id']}/")
            assert detail.status_code == 200
            yield f"{name}/{item['id']}", detail.content.decode()
    for name in EXPORTS:
        for fmt in ("csv", "json"):
            response = client.get(f"/exports/{name}.{fmt}")
            assert response.status_code == 200
            yield f"{name}.{fmt}", b"".join(response.streaming_content).decode("utf-8-sig")


def test_private_values_and_unpublished_records_appear_nowhere(client, register):
    secrets = {
        "a household's private phone": PRIVATE_PHONE,
        "internal notes": PRIVATE_NOTES,
        "the legal representative": LEGAL_REPRESENTATIVE,
        "a producer not shown publicly": HIDDEN_NAME,
        "its credit code": register.hidden.credit_code,
        "an unpublished inspection": UNPUBLISHED_SAMPLE,
        "an unpublished case": UNPUBLISHED_CASE,
        "a hidden outlet": HIDDEN_OUTLET,
    }
    seen = 0
    for label, text in every_response(client):
        seen += 1
        for what, value in secrets.items():
            assert value not in text, f"{what} appears in {label}"
    # 9 lists, their 26 records (2 products, 3 towns, 3 producers, 3 authorisations,
    # 3 outlets, 4 inspections, 2 cases, 4 documents, 2 statistics) and 8 exports.
    assert seen == 9 + 26 + 8


def test_the_household_itself_is_public(client, register):
    """The sweep above is not vacuous: the household with the private phone is listed."""
    producer = client.get(f"/api/v1/producers/{register.household.pk}/").json()
    assert producer["name"] == "北庄镇农户周某"
    # …and the private phone is really stored for it (read back, not the value just set).
    stored = Producer.objects.get(pk=register.household.pk)
    assert stored.private_phone == PRIVATE_PHONE
