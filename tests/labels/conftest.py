"""The label-code tests' settings and objects: a live authorisation with a cap, and a batch.

Every test gets a fixed signing key, so codes are the same on every run (the root conftest
already gives each test its own empty cache, where the rate limit counts).
"""

import datetime

import pytest
from django.utils import timezone, translation

from tests import factories

TEST_KEYS = {1: b"test-label-key-one"}


@pytest.fixture(autouse=True)
def label_settings(settings):
    settings.LABEL_SIGNING_KEYS = dict(TEST_KEYS)
    settings.LABEL_SCAN_WARNING_THRESHOLD = 20
    settings.VERIFY_RATE_LIMIT = 1000
    settings.VERIFY_RATE_WINDOW_SECONDS = 60
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"
    return settings


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in their English source form; pages default to Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def town(db):
    return factories.town("水泉镇")


@pytest.fixture
def cherry(town):
    return factories.cherry(protection_area=[town])


@pytest.fixture
def producer(town):
    return factories.make_producer(town, name_en="Shuiquan Cherry Cooperative")


@pytest.fixture
def authorisation(producer, cherry):
    # Approved well over a year ago, so that last season's labels may be issued (a batch for
    # a season before the approval is refused).
    approved = timezone.localdate() - datetime.timedelta(days=400)
    return factories.approve(producer, cherry, cap=10_000, on=approved)


@pytest.fixture
def season():
    return timezone.localdate().year


@pytest.fixture
def batch(authorisation, season):
    return factories.make_label_batch(authorisation, quantity=500, season=season)


@pytest.fixture
def make_producer():
    return factories.make_producer


@pytest.fixture
def approve():
    return factories.approve
