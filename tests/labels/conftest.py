"""Objects for the label-code tests: a product, a producer, a live authorisation, a batch.

Every test gets its own in-memory cache (the rate limit counts there, and the default
file-based cache would carry counts from one test, or one run, into the next) and a fixed
signing key, so codes are the same on every run.
"""

import datetime
import itertools

import pytest
from django.utils import timezone, translation

from producers.labels.services import label_batch_issue
from producers.register.models import Producer, ProducerKind
from producers.register.services import authorisation_apply, authorisation_approve
from producers.register.validators import credit_code_check_character
from products.models import Product, Town

_numbers = itertools.count(1)
TEST_KEYS = {1: b"test-label-key-one"}


@pytest.fixture(autouse=True)
def label_settings(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"labels-{next(_numbers)}",
        }
    }
    settings.LABEL_SIGNING_KEYS = dict(TEST_KEYS)
    settings.LABEL_SCAN_WARNING_THRESHOLD = 20
    settings.VERIFY_RATE_LIMIT = 1000
    settings.VERIFY_RATE_WINDOW_SECONDS = 60
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"
    return settings


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


@pytest.fixture
def town(db):
    return Town.objects.get_or_create(
        code="370406107", defaults={"name": "水泉镇", "name_en": "Shuiquan Town"}
    )[0]


@pytest.fixture
def cherry(town):
    product = Product.objects.create(
        name="山亭火樱桃",
        name_en="Shanting Fire Cherry",
        name_pinyin="Shāntíng Huǒyīngtáo",
        slug="shanting-fire-cherry",
        category="fruit",
        regime="gi_product",
    )
    product.protection_area.add(town)
    return product


def make_producer(town, **fields):
    n = next(_numbers)
    values = {
        "kind": ProducerKind.COOPERATIVE,
        "name": f"水泉镇樱桃合作社{n:03d}",
        "name_en": f"Shuiquan Cherry Cooperative {n}",
        "credit_code": credit_code(n),
        "town": town,
    }
    values.update(fields)
    producer = Producer(**values)
    producer.full_clean()
    producer.save()
    return producer


def approve(producer, product, *, cap=None, on=None, valid_until=None):
    on = on or timezone.localdate() - datetime.timedelta(days=400)
    authorisation = authorisation_apply(
        producer=producer, product=product, applied_on=on - datetime.timedelta(days=30)
    )
    return authorisation_approve(
        authorisation=authorisation,
        by=None,
        reason="符合使用条件",
        announcement_number="示例公告〔2024〕第3号",
        approved_on=on,
        valid_until=valid_until,
        annual_quantity_cap=cap,
    )


@pytest.fixture
def producer(town):
    return make_producer(town)


@pytest.fixture
def authorisation(producer, cherry):
    return approve(producer, cherry, cap=10_000)


@pytest.fixture
def season():
    return timezone.localdate().year


@pytest.fixture
def batch(authorisation, season):
    return label_batch_issue(authorisation=authorisation, quantity=500, season=season, by=None)


@pytest.fixture(name="make_producer")
def make_producer_fixture():
    return make_producer


@pytest.fixture(name="credit_code")
def credit_code_fixture():
    return credit_code


@pytest.fixture(name="approve")
def approve_fixture():
    return approve


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in their English source form; pages default to Chinese."""
    with translation.override("en"):
        yield
