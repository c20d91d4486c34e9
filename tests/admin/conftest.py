"""Staff users and one saved object of every model, for the back-office tests.

The objects come from tests/factories.py; authorisations through the services, so each has
the history a real one has.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.models import EnforcementCase, Inspection, InspectionResult
from producers.register.models import Authorisation, Outlet, Producer
from products.models import (
    AnnualStatistic,
    Document,
    DocumentKind,
    ImageKind,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from tests import factories

MARKET_REGULATION = "市场监管局"
AGRICULTURE = "农业农村局"
AUDIT = "只读审计"

XSS = "<script>alert(1)</script>"

# Every model with a back-office page.
MODELS = [
    Town,
    Product,
    ProductImage,
    QualityIndicator,
    Document,
    AnnualStatistic,
    Producer,
    Authorisation,
    Outlet,
    Inspection,
    InspectionResult,
    EnforcementCase,
]

# The `producer` fixture's credit code, known before the fixture runs (search terms use it).
# It comes from the factories' sequence, so no other producer has it.
PRODUCER_CODE = factories.credit_code()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def staff_user(username, group_name):
    return factories.make_user(username=username, is_staff=True, groups=[group_name])


@pytest.fixture
def bureau_user():
    return staff_user("bureau", MARKET_REGULATION)


@pytest.fixture
def agriculture_user():
    return staff_user("agriculture", AGRICULTURE)


@pytest.fixture
def auditor():
    return staff_user("auditor", AUDIT)


@pytest.fixture
def superuser():
    return factories.make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def bureau_client(client, bureau_user):
    client.force_login(bureau_user)
    return client


@pytest.fixture
def town():
    return factories.town("水泉镇")


@pytest.fixture
def cherry(town):
    return factories.cherry(protection_area=[town], harvest_months=[5, 6])


@pytest.fixture
def jujube():
    # No protection area: test_pages_escape_html gives every town the same name, and town
    # names are unique.
    return factories.jujube(protection_area=[])


@pytest.fixture
def weight(cherry):
    return factories.make_indicator(product=cherry, name="单果重", unit="g", min_value=5, order=1)


@pytest.fixture
def sugar(jujube):
    return factories.make_indicator(product=jujube, name="可溶性固形物", unit="%", min_value=25)


@pytest.fixture
def producer(town):
    return factories.make_producer(town, "水泉镇樱桃合作社", credit_code=PRODUCER_CODE)


@pytest.fixture
def authorisation(producer, cherry):
    return factories.make_authorisation(producer=producer, product=cherry)


@pytest.fixture
def inspection(producer, cherry):
    return factories.make_inspection(
        producer=producer,
        product=cherry,
        sample_number="SC-2025-001",
        status="sampled",
        sampled_on=datetime.date(2025, 5, 20),
        report_number="R-2025-001",
    )


@pytest.fixture
def objects(town, cherry, weight, producer, authorisation, inspection):
    """One saved object of every model the back-office manages, keyed by model."""
    # A result row as stored, without the service: the inspection stays "sampled".
    result = InspectionResult.objects.create(
        inspection=inspection,
        indicator=weight,
        measured_value=Decimal("6"),
        limit_min=weight.min_value,
        passed=True,
    )
    return {
        Town: town,
        Product: cherry,
        ProductImage: factories.make_image(cherry, ImageKind.GENUINE_PRODUCT, "樱桃"),
        QualityIndicator: weight,
        Document: factories.make_document(
            "山亭火樱桃", DocumentKind.PRODUCT_STANDARD, number="DB1"
        ),
        AnnualStatistic: factories.make_statistic(product=cherry, year=2024, output_tonnes=100),
        Producer: producer,
        Authorisation: authorisation,
        Outlet: factories.make_outlet("山亭农贸市场", address="山城街道"),
        Inspection: inspection,
        InspectionResult: result,
        EnforcementCase: factories.make_case(
            case_number="山市监罚〔2025〕1号",
            subject_name="某商贩",
            product=cherry,
            opened_on=datetime.date(2025, 6, 1),
        ),
    }
