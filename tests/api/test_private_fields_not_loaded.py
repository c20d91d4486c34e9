"""No public page, API response or export even *loads* a producer's private fields.

The private-field rule lives in one place (producers.register.models.PRODUCER_PRIVATE_FIELDS)
and every public read defers those columns, so a template or serializer slip cannot show
them. This test walks every public page and API endpoint and reads the SQL they run: any
query selecting one of the columns means some queryset bypassed the rule."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.draws import plan_draw, plan_publish
from inspections.models import Inspector, SpotCheckPlan
from producers.labels import codes
from producers.labels.services import label_batch_issue
from producers.register.models import PRODUCER_PRIVATE_FIELDS

pytestmark = pytest.mark.django_db

# user is a foreign key: its column is user_id.
PRIVATE_COLUMNS = "|".join(f + "_id" if f == "user" else f for f in PRODUCER_PRIVATE_FIELDS)
PRIVATE_COLUMN = re.compile(rf'"producers_producer"\."({PRIVATE_COLUMNS})"')
API_LISTS = [
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


@pytest.fixture
def extras(register):
    """A genuine label code and a published spot-check draw, on top of the register."""
    batch = label_batch_issue(authorisation=register.coop_cherry, quantity=5, season=2025, by=None)
    inspector = Inspector.objects.create(name="执法员甲", organisation="山亭区市场监督管理局")
    plan = SpotCheckPlan.objects.create(
        product=register.cherry, year=2025, producer_count=1, inspectors_per_inspection=1
    )
    plan.inspectors.set([inspector])
    plan_draw(plan=plan, by=None, seed="00000000000000aa")
    plan_publish(plan=plan, by=None)
    code = codes.group(codes.encode(batch.key_version, batch.pk, 0))
    return code, plan


def public_urls(client, register, code, plan):
    yield "/"
    yield "/products/"
    yield register.cherry.get_absolute_url()
    yield "/producers/"
    yield register.coop.get_absolute_url()
    yield register.household.get_absolute_url()
    yield "/where-to-buy/"
    yield "/inspections/"
    yield register.passed.get_absolute_url()
    yield "/inspections/plans/"
    yield plan.get_absolute_url()
    yield "/enforcement/"
    yield register.producer_case.get_absolute_url()
    yield "/library/"
    yield "/search/?q=合作社"
    yield "/search/?q=" + register.passed.sample_number
    yield "/statistics/"
    yield f"/v/{code}"
    yield f"/verify/?code={register.coop.credit_code}"
    yield f"/api/v1/verify/{code}"
    for name in API_LISTS:
        yield f"/api/v1/{name}/?page_size=100"
        for item in client.get(f"/api/v1/{name}/", {"page_size": 100}).json()["results"]:
            yield f"/api/v1/{name}/{item['id']}/"
    for name in EXPORTS:
        for fmt in ("csv", "json"):
            yield f"/exports/{name}.{fmt}"


def test_no_public_read_selects_a_private_producer_column(client, register, extras):
    code, plan = extras
    offenders = []
    visited = 0
    for url in list(public_urls(client, register, code, plan)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        visited += 1
        for query in queries:
            # What a query loads is its select list; searching (WHERE) may read search_text.
            selected = query["sql"].split(" FROM ", 1)[0]
            found = PRIVATE_COLUMN.findall(selected)
            if found:
                offenders.append((url, sorted(set(found))))
    assert visited > 40
    assert offenders == [], "\n".join(f"{url}: {names}" for url, names in offenders)
