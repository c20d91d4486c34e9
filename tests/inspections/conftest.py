"""The spot-check and enforcement page tests' cherry, with four limits so every inspection
carries four results, and their inspections and cases: sampled 20 May 2025 and published
20 days later, decided cases published 40 days after opening. The objects themselves come
from tests/factories.py, through the services where a rule applies."""

import datetime
import functools
from decimal import Decimal

import pytest

from inspections.models import CaseStatus
from tests import factories

DAY = datetime.timedelta(days=1)

# Values within every cherry limit; FAILING_CHERRY misses the soluble-solids minimum.
PASSING_CHERRY = {"可溶性固形物": "19.5", "单果重": "9.20", "总酸": "0.6", "果径": "25"}
FAILING_CHERRY = {**PASSING_CHERRY, "可溶性固形物": "17.2"}


@pytest.fixture
def town():
    return factories.town("水泉镇")


@pytest.fixture
def cherry(town):
    product = factories.cherry(protection_area=[town])
    # Four indicators, so that every inspection below carries four results.
    for order, (name, name_en, unit, low, high) in enumerate(
        [
            ("可溶性固形物", "Soluble solids", "%", Decimal("18"), None),
            ("单果重", "Single fruit weight", "g", Decimal("8"), None),
            ("总酸", "Total acid", "%", None, Decimal("0.8")),
            ("果径", "Fruit diameter", "mm", Decimal("20"), Decimal("30")),
        ]
    ):
        factories.make_indicator(
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
def jujube():
    product = factories.jujube(protection_area=[])
    factories.make_indicator(
        product=product, name="总糖", name_en="Total sugar", unit="%", min_value=Decimal("60")
    )
    return product


@pytest.fixture
def make_producer(town):
    """make_producer(name=None, **fields): a producer in 水泉镇."""
    return functools.partial(factories.make_producer, town)


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
        product = product or cherry
        if values is None:
            values = PASSING_CHERRY if product == cherry else {}
        return factories.inspect(
            producer=producer or make_producer(),
            product=product,
            results=values,
            sampled_on=sampled_on,
            sampling_place="水泉镇果园",
            publish=publish and (published_on or sampled_on + 20 * DAY),
            **fields,
        )

    return make


@pytest.fixture
def make_case(cherry):
    def make(
        publish=True,
        opened_on=datetime.date(2025, 6, 1),
        published_on=None,
        **fields,
    ):
        values = {
            "product": cherry,
            "status": CaseStatus.DECIDED,
            "opened_on": opened_on,
            "decided_on": opened_on + 30 * DAY,
            "penalty": "责令停止使用专用标志",
            "summary": "当事人未经核准在包装上使用地理标志专用标志。",
            "summary_en": "The party used the special mark on its packaging without approval.",
        }
        values.update(fields)
        return factories.make_case(
            publish=publish and (published_on or opened_on + 40 * DAY), **values
        )

    return make
