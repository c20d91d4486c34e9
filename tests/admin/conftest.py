"""Small objects and staff users for the back-office tests (independent of tests/factories.py)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from inspections.models import EnforcementCase, Inspection, InspectionResult
from producers.register.models import Authorisation, Outlet, Producer, ProducerKind
from producers.register.validators import credit_code_check_character
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)

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


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


def staff_user(username, group_name):
    # No password: force_login needs none, and hashing one costs a noticeable fraction of a second.
    user = User.objects.create_user(username=username, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


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
    return User.objects.create_superuser(username="root", password=None)


@pytest.fixture
def bureau_client(client, bureau_user):
    client.force_login(bureau_user)
    return client


@pytest.fixture
def town():
    return Town.objects.create(code="370406107", name="水泉镇", name_en="Shuiquan Town")


@pytest.fixture
def cherry(town):
    product = Product.objects.create(
        name="山亭火樱桃",
        name_en="Shanting Fire Cherry",
        slug="shanting-fire-cherry",
        category="fruit",
        regime="gi_product",
        harvest_months=[5, 6],
    )
    product.protection_area.add(town)
    return product


@pytest.fixture
def jujube():
    return Product.objects.create(
        name="店子长红枣", slug="dianzi-long-red-jujube", category="fruit", regime="gi_product"
    )


@pytest.fixture
def weight(cherry):
    return QualityIndicator.objects.create(
        product=cherry, name="单果重", unit="g", min_value=Decimal("5"), order=1
    )


@pytest.fixture
def sugar(jujube):
    return QualityIndicator.objects.create(
        product=jujube, name="可溶性固形物", unit="%", min_value=Decimal("25")
    )


@pytest.fixture
def producer(town):
    return Producer.objects.create(
        kind=ProducerKind.COOPERATIVE,
        name="水泉镇樱桃合作社",
        credit_code=credit_code(1),
        town=town,
    )


@pytest.fixture
def authorisation(producer, cherry):
    return Authorisation.objects.create(producer=producer, product=cherry)


@pytest.fixture
def inspection(producer, cherry):
    return Inspection.objects.create(
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
    document = Document.objects.create(kind="product_standard", title="山亭火樱桃", number="DB1")
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
        ProductImage: ProductImage.objects.create(
            product=cherry, kind="genuine_product", image="products/cherry.jpg", alt_text="樱桃"
        ),
        QualityIndicator: weight,
        Document: document,
        AnnualStatistic: AnnualStatistic.objects.create(
            product=cherry, year=2024, output_tonnes=Decimal("100")
        ),
        Producer: producer,
        Authorisation: authorisation,
        Outlet: Outlet.objects.create(kind="market", name="山亭农贸市场", address="山城街道"),
        Inspection: inspection,
        InspectionResult: result,
        EnforcementCase: EnforcementCase.objects.create(
            case_number="山市监罚〔2025〕1号",
            subject_name="某商贩",
            product=cherry,
            violation_type="unauthorised_use",
            opened_on=datetime.date(2025, 6, 1),
        ),
    }
