"""Objects for the spot-check and enforcement page tests.

Built here, through the services where a rule applies (recording a result judges it,
publishing needs a report or decision number), so these tests depend on nothing else.
"""

import datetime
import itertools
from decimal import Decimal

import pytest

from inspections.models import EnforcementCase, Inspection, ViolationType
from inspections.services import (
    enforcement_case_publish,
    inspection_publish,
    inspection_record_result,
)
from producers.register.models import Producer, ProducerKind
from producers.register.validators import credit_code_check_character
from products.models import Product, QualityIndicator, Town

_numbers = itertools.count(1)


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


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
        order=1,
    )
    # Four indicators, so that every inspection below carries four results.
    for order, (name, name_en, unit, low, high) in enumerate(
        [
            ("可溶性固形物", "Soluble solids", "%", Decimal("18"), None),
            ("单果重", "Single fruit weight", "g", Decimal("8"), None),
            ("总酸", "Total acid", "%", None, Decimal("0.8")),
            ("果径", "Fruit diameter", "mm", Decimal("20"), Decimal("30")),
        ]
    ):
        QualityIndicator.objects.create(
            product=product,
            name=name,
            name_en=name_en,
            unit=unit,
            min_value=low,
            max_value=high,
            order=order,
        )
    return product


@pytest.fixture
def jujube(town):
    product = Product.objects.create(
        name="店子长红枣",
        name_en="Dianzi Long Red Jujube",
        slug="dianzi-long-red-jujube",
        category="fruit",
        regime="gi_product",
        order=2,
    )
    QualityIndicator.objects.create(
        product=product, name="总糖", name_en="Total sugar", unit="%", min_value=Decimal("60")
    )
    return product


@pytest.fixture
def make_producer(town):
    def make(name=None, **fields):
        n = next(_numbers)
        values = {
            "kind": ProducerKind.COOPERATIVE,
            "name": name or f"水泉镇樱桃合作社{n:03d}",
            "credit_code": credit_code(n),
            "town": town,
        }
        values.update(fields)
        return Producer.objects.create(**values)

    return make


# Values within every cherry limit; FAILING_CHERRY misses the soluble-solids minimum.
PASSING_CHERRY = {"可溶性固形物": "19.5", "单果重": "9.20", "总酸": "0.6", "果径": "25"}
FAILING_CHERRY = {**PASSING_CHERRY, "可溶性固形物": "17.2"}


@pytest.fixture
def make_inspection(make_producer, cherry):
    """An inspection with a result per indicator, published unless told otherwise."""

    def make(
        producer=None,
        product=None,
        values=None,
        sampled_on=datetime.date(2025, 5, 20),
        published_on=None,
        publish=True,
        **fields,
    ):
        n = next(_numbers)
        product = product or cherry
        inspection = Inspection.objects.create(
            producer=producer or make_producer(),
            product=product,
            sample_number=f"SC-{n:05d}",
            report_number=f"R-{n:05d}",
            sampled_on=sampled_on,
            sampling_place="水泉镇果园",
            testing_body="枣庄市检验检测中心",
            **fields,
        )
        if values is None:
            values = PASSING_CHERRY if product == cherry else {}
        indicators = {indicator.name: indicator for indicator in product.indicators.all()}
        for name, value in values.items():
            inspection_record_result(inspection=inspection, indicator=indicators[name], value=value)
        if publish:
            inspection_publish(
                inspection=inspection, on=published_on or sampled_on + datetime.timedelta(days=20)
            )
        return inspection

    return make


@pytest.fixture
def make_case(cherry):
    def make(
        publish=True,
        opened_on=datetime.date(2025, 6, 1),
        published_on=None,
        violation_type=ViolationType.UNAUTHORISED_USE,
        **fields,
    ):
        n = next(_numbers)
        values = {
            "case_number": f"山市监立〔2025〕{n}号",
            "product": cherry,
            "subject_name": f"某水果店{n}",
            "violation_type": violation_type,
            "status": "decided",
            "opened_on": opened_on,
            "decided_on": opened_on + datetime.timedelta(days=30),
            "decision_number": f"山市监罚〔2025〕{n}号",
            "penalty": "责令停止使用专用标志",
            "summary": "当事人未经核准在包装上使用地理标志专用标志。",
            "summary_en": "The party used the special mark on its packaging without approval.",
        }
        values.update(fields)
        case = EnforcementCase.objects.create(**values)
        if publish:
            enforcement_case_publish(
                case=case, on=published_on or opened_on + datetime.timedelta(days=40)
            )
        return case

    return make
