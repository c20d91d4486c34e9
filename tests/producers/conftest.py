"""Objects for the producer-register and where-to-buy page tests.

Built here rather than in tests/factories.py so these tests depend on nothing but the models
and services they exercise.
"""

import datetime
import itertools

import pytest

from inspections.models import Inspection
from inspections.services import inspection_publish, inspection_record_result
from producers.register.models import Outlet, Producer, ProducerKind
from producers.register.services import (
    authorisation_apply,
    authorisation_approve,
    authorisation_suspend,
)
from producers.register.validators import credit_code_check_character
from products.models import Product, QualityIndicator, Town

_numbers = itertools.count(1)


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


@pytest.fixture
def shuiquan():
    return Town.objects.create(code="370406107", name="水泉镇", name_en="Shuiquan Town")


@pytest.fixture
def dianzi():
    return Town.objects.create(code="370406101", name="店子镇", name_en="Dianzi Town")


@pytest.fixture
def cherry(shuiquan):
    product = Product.objects.create(
        name="山亭火樱桃",
        name_en="Shanting Fire Cherry",
        name_pinyin="Shāntíng Huǒyīngtáo",
        slug="shanting-fire-cherry",
        category="fruit",
        regime="gi_product",
        order=1,
    )
    product.protection_area.add(shuiquan)
    return product


@pytest.fixture
def jujube(dianzi):
    product = Product.objects.create(
        name="店子长红枣",
        name_en="Dianzi Long Red Jujube",
        name_pinyin="Diànzi Chánghóngzǎo",
        slug="dianzi-long-red-jujube",
        category="fruit",
        regime="gi_product",
        order=2,
    )
    product.protection_area.add(dianzi)
    return product


def make_producer(town, name=None, **fields):
    n = next(_numbers)
    values = {
        "kind": ProducerKind.COOPERATIVE,
        "name": name or f"水泉镇樱桃合作社{n:03d}",
        "credit_code": credit_code(n),
        "town": town,
        "address": f"{town.name}{n}号",
    }
    if fields.get("kind") == ProducerKind.HOUSEHOLD:
        values["credit_code"] = ""
    values.update(fields)
    producer = Producer(**values)
    producer.full_clean()
    producer.save()
    return producer


def approve(
    producer, product, *, on=datetime.date(2024, 5, 10), number="示例公告〔2024〕第3号", **kw
):
    authorisation = authorisation_apply(
        producer=producer, product=product, applied_on=on - datetime.timedelta(days=70)
    )
    return authorisation_approve(
        authorisation=authorisation,
        by=None,
        reason="符合使用条件",
        announcement_number=number,
        approved_on=on,
        valid_until=kw.pop("valid_until", on + datetime.timedelta(days=3 * 365 - 1)),
        **kw,
    )


def suspend(authorisation, reason="抽检不合格，限期整改", on=datetime.date(2025, 6, 1)):
    return authorisation_suspend(authorisation=authorisation, by=None, reason=reason, on=on)


def published_inspection(producer, product, *, value="19"):
    n = next(_numbers)
    indicator, _ = QualityIndicator.objects.get_or_create(
        product=product, name="可溶性固形物", defaults={"unit": "%", "min_value": 18}
    )
    inspection = Inspection.objects.create(
        producer=producer,
        product=product,
        sample_number=f"SL-{n:05d}",
        report_number=f"R-{n:05d}",
        sampled_on=datetime.date(2025, 5, 20),
    )
    inspection_record_result(inspection=inspection, indicator=indicator, value=value)
    return inspection_publish(inspection=inspection, on=datetime.date(2025, 6, 10))


def make_outlet(kind, name, products=(), **fields):
    if not fields.get("address") and not fields.get("url"):
        fields["address"] = f"{name}地址"
    outlet = Outlet(kind=kind, name=name, **fields)
    outlet.full_clean(exclude=["products"])
    outlet.save()
    outlet.products.set(products)
    return outlet


# The builders as fixtures ("factory as fixture"), so tests need not import conftest.


@pytest.fixture(name="make_producer")
def make_producer_fixture():
    return make_producer


@pytest.fixture(name="approve")
def approve_fixture():
    return approve


@pytest.fixture(name="suspend")
def suspend_fixture():
    return suspend


@pytest.fixture(name="published_inspection")
def published_inspection_fixture():
    return published_inspection


@pytest.fixture(name="make_outlet")
def make_outlet_fixture():
    return make_outlet
