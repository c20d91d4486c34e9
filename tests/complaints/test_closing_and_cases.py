"""Closing a complaint needs a reply or a recorded reason and asks to confirm; a complaint
can open a case; the clerk sees the problem, the producer and the label code's batch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from inspections import services
from inspections.models import ComplaintStatus, EnforcementCase
from producers.labels import codes
from producers.register.models import AuthorisationStatus
from tests.factories import (
    make_authorisation,
    make_clerk,
    make_complaint,
    make_label_batch,
    make_producer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted as a clerk reads them, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def clerk_client(client):
    client.clerk = make_clerk()
    client.force_login(client.clerk)
    return client


def change_url(complaint):
    return reverse("admin:inspections_complaint_change", args=[complaint.pk])


def close_url(complaint):
    return reverse("admin:inspections_complaint_act", args=[complaint.pk, "close"])


def test_a_received_complaint_is_not_closed_with_nothing_said():
    complaint = make_complaint()
    with pytest.raises(ValidationError, match="Reply to the complainant first|先答复"):
        services.complaint_set_status(complaint=complaint, status=ComplaintStatus.CLOSED, by=None)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    internal = services.complaint_reply(
        complaint=complaint, body="内部备注", by=None, visible_to_complainant=False
    )
    assert internal.pk
    with pytest.raises(ValidationError):  # an internal note is not an answer
        services.complaint_set_status(complaint=complaint, status=ComplaintStatus.CLOSED, by=None)


def test_closing_asks_to_confirm_and_records_the_reason(clerk_client):
    complaint = make_complaint()
    page = clerk_client.get(change_url(complaint)).content.decode()
    assert close_url(complaint) in page
    assert 'name="status" value="closed"' not in page  # no one-click close

    confirm = clerk_client.get(close_url(complaint))
    assert confirm.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED  # looking is not closing

    refused = clerk_client.post(close_url(complaint), {"reason": ""})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED

    done = clerk_client.post(close_url(complaint), {"reason": "不属于本局管辖，已告知转12315"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    latest = complaint.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        clerk_client.clerk,
        "不属于本局管辖，已告知转12315",
    )
    assert close_url(complaint) not in clerk_client.get(change_url(complaint)).content.decode()


def test_after_a_reply_closing_needs_only_the_confirmation(clerk_client):
    complaint = make_complaint()
    services.complaint_reply(
        complaint=complaint, body="经核查，该标签为真。", by=clerk_client.clerk
    )
    assert clerk_client.post(close_url(complaint), {"reason": ""}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


def test_bulk_close_asks_first(clerk_client):
    complaint = make_complaint()
    url = reverse("admin:inspections_complaint_changelist")
    data = {"action": "close_selected", "_selected_action": [complaint.pk]}
    first = clerk_client.post(url, data)
    assert first.status_code == 200  # the intermediate page
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    clerk_client.post(url, {**data, "apply": "1", "reason": "重复投诉，已合并处理"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


@pytest.fixture
def batch(settings):
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    producer = make_producer(name="店子镇红枣合作社")
    authorisation = make_authorisation(
        producer=producer,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2024, 1, 1),
    )
    return make_label_batch(authorisation=authorisation, quantity=10)


def test_the_clerk_sees_the_problem_the_producer_and_the_batch(clerk_client, batch):
    code = codes.group(codes.encode(1, batch.pk, 3))
    complaint = make_complaint(description="红枣包装上的标签扫出来是别家", label_code=code)
    listing = clerk_client.get(reverse("admin:inspections_complaint_changelist"))
    html = listing.content.decode()
    assert "红枣包装上的标签扫出来是别家" in html
    assert "店子镇红枣合作社" in html
    found = clerk_client.get(reverse("admin:inspections_complaint_changelist"), {"q": code})
    assert list(found.context["cl"].result_list) == [complaint]

    page = clerk_client.get(change_url(complaint)).content.decode()
    assert reverse("admin:labels_labelbatch_change", args=[batch.pk]) in page
    producer = batch.authorisation.producer
    assert reverse("admin:producers_producer_change", args=[producer.pk]) in page


def test_open_a_case_from_a_complaint(clerk_client, batch):
    code = codes.group(codes.encode(1, batch.pk, 3))
    complaint = make_complaint(description="标签疑似被他人冒用", label_code=code, seller="某摊贩")
    url = reverse("admin:inspections_complaint_act", args=[complaint.pk, "open-case"])
    response = clerk_client.post(
        url,
        {
            "case_number": "枣山市监罚〔2026〕30号",
            "violation_type": "unauthorised_use",
            "opened_on": "2026-06-02",
            "summary": "由投诉立案",
        },
    )
    case = EnforcementCase.objects.get()
    assert response["Location"] == reverse(
        "admin:inspections_enforcementcase_change", args=[case.pk]
    )
    complaint.refresh_from_db()
    assert complaint.enforcement_case == case
    assert case.label_batch == batch
    assert case.producer == batch.authorisation.producer
    assert case.label_code == code
    case_page = clerk_client.get(
        reverse("admin:inspections_enforcementcase_change", args=[case.pk])
    ).content.decode()
    assert complaint.tracking_number in case_page
    # Already linked: the button is gone and the service refuses a second case.
    assert url not in clerk_client.get(change_url(complaint)).content.decode()
    with pytest.raises(ValidationError):
        services.enforcement_case_open(by=None, complaint=complaint, case_number="另一个")
