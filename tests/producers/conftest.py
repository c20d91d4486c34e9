"""The producer-register and where-to-buy tests' dates: approvals of 10 May 2024, valid
three years, suspensions of 1 June 2025 — the dates the producer page's history reads back.
Everything else comes from tests/factories.py."""

import datetime
import functools

import pytest

from tests import factories

APPROVED_ON = datetime.date(2024, 5, 10)


@pytest.fixture
def shuiquan():
    return factories.town("水泉镇")


@pytest.fixture
def dianzi():
    return factories.town("店子镇")


@pytest.fixture
def cherry(shuiquan):
    product = factories.cherry(protection_area=[shuiquan])
    factories.make_indicator(product=product, name="可溶性固形物", unit="%", min_value=18)
    return product


@pytest.fixture
def jujube(dianzi):
    return factories.jujube(protection_area=[dianzi])


def approve(producer, product, *, on=APPROVED_ON, **kw):
    """Applied for 70 days before `on`, approved on it, valid three years unless told."""
    kw.setdefault("valid_until", on + datetime.timedelta(days=3 * 365 - 1))
    return factories.approve(
        producer, product, on=on, applied_on=on - datetime.timedelta(days=70), **kw
    )


def published_inspection(producer, product, *, value="19"):
    """Sampled 20 May 2025, judged on soluble solids, published 10 June 2025."""
    return factories.inspect(
        producer=producer,
        product=product,
        results={"可溶性固形物": value},
        sampled_on=datetime.date(2025, 5, 20),
        publish=datetime.date(2025, 6, 10),
    )


# The builders as fixtures ("factory as fixture"), so tests need not import anything.


@pytest.fixture
def make_producer():
    return factories.make_producer


@pytest.fixture(name="approve")
def approve_fixture():
    return approve


@pytest.fixture
def suspend():
    return functools.partial(factories.suspend, on=datetime.date(2025, 6, 1))


@pytest.fixture(name="published_inspection")
def published_inspection_fixture():
    return published_inspection


@pytest.fixture
def make_outlet():
    return factories.make_outlet
