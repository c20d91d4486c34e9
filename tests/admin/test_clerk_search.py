"""The admin is searched by what a clerk knows: a village, a label code, a town."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from producers.labels import codes
from producers.register.models import AuthorisationStatus
from tests.factories import (
    make_authorisation,
    make_clerk,
    make_indicator,
    make_inspection,
    make_label_batch,
    make_producer,
    make_town,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client):
    client.force_login(make_clerk())
    return client


def found(client, url, **params):
    return list(client.get(url, params).context["cl"].result_list)


def test_producer_by_village(clerk_client):
    east = make_producer(name="王大山", address="水泉镇棠棣峪村3组")
    make_producer(name="王小山", address="北庄镇西村")
    url = reverse("admin:producers_producer_changelist")
    assert found(clerk_client, url, q="棠棣峪") == [east]


def test_label_batch_by_a_label_code(clerk_client, settings):
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    authorisation = make_authorisation(
        status=AuthorisationStatus.APPROVED, approved_on=datetime.date(2025, 1, 1)
    )
    wanted = make_label_batch(authorisation=authorisation, quantity=50)
    make_label_batch(authorisation=authorisation, quantity=50)
    code = codes.group(codes.encode(1, wanted.pk, 17))
    url = reverse("admin:labels_labelbatch_changelist")
    assert found(clerk_client, url, q=code) == [wanted]
    typed = code.replace("-", " ").lower()
    assert found(clerk_client, url, q=typed) == [wanted]
    assert found(clerk_client, url, q="0000-0000-0000-0000") == []


def test_inspections_by_town(clerk_client):
    shuiquan, beizhuang = make_town(name="水泉镇"), make_town(name="北庄镇")
    weight = make_indicator(min_value=Decimal("8"))
    here = make_inspection(product=weight.product, producer=make_producer(town=shuiquan))
    make_inspection(product=weight.product, producer=make_producer(town=beizhuang))
    url = reverse("admin:inspections_inspection_changelist")
    assert found(clerk_client, url, town=shuiquan.pk) == [here]
    assert "水泉镇" in clerk_client.get(url).content.decode()  # offered as a filter
