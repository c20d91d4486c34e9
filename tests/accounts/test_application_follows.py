"""An application follows its authorisation's decision, whatever door the decision comes in
by: the register's services (which imports and commands call), the authorisation's admin
actions, the application's admin actions — and the producer's account page shows it.

The bug this guards against: approving or rejecting from the authorisation's own admin
page left the producer's application "submitted" for ever."""

import pytest
from django.core import mail
from django.urls import reverse

from producers.accounts import services as account_services
from producers.accounts.models import Application, ApplicationStatus
from producers.register import services as register_services
from producers.register.models import Authorisation, AuthorisationStatus
from tests.factories import make_producer, make_product, make_user

pytestmark = pytest.mark.django_db

A, S = ApplicationStatus, AuthorisationStatus
APPROVAL = {
    "announcement_number": "山市监公告〔2026〕3号",
    "approved_on": "2026-04-01",
    "valid_until": "2029-03-31",
    "annual_quantity_cap": "20000",
}


@pytest.fixture
def producer_user():
    return make_user(email="coop@example.cn")


@pytest.fixture
def application(producer_user):
    producer = make_producer(user=producer_user)
    return account_services.application_submit(
        producer=producer,
        product=make_product(),
        by=producer_user,
        planting_area_mu="3",
        address="水泉镇",
        expected_annual_output_t="2",
    )


@pytest.fixture
def bureau_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def both(application):
    application.refresh_from_db()
    application.authorisation.refresh_from_db()
    return application.status, application.authorisation.status


def test_the_register_service_decides_the_application(application):
    staff = make_user(is_staff=True)
    register_services.authorisation_review(
        authorisation=application.authorisation, by=staff, reason="受理"
    )
    assert both(application) == (A.SUBMITTED, S.UNDER_REVIEW)  # a review decides nothing

    register_services.authorisation_approve(
        authorisation=application.authorisation,
        by=staff,
        reason="材料齐全，核准使用",
        announcement_number="A-1",
    )
    assert both(application) == (A.APPROVED, S.APPROVED)
    assert application.decision_reason == "材料齐全，核准使用"
    assert application.decided_at is not None
    record = application.history.latest()
    assert (record.status, record.history_user) == (A.APPROVED, staff)


def test_a_decided_application_does_not_follow_later_changes(application):
    staff = make_user(is_staff=True)
    account_services.application_approve(
        application=application, by=staff, reason="核准", announcement_number="A-1"
    )
    register_services.authorisation_suspend(
        authorisation=application.authorisation, by=staff, reason="抽检不合格"
    )
    assert both(application) == (A.APPROVED, S.SUSPENDED)


@pytest.mark.parametrize(
    ("action", "extra", "expected"),
    [
        ("approve_selected", APPROVAL, (A.APPROVED, S.APPROVED)),
        ("reject_selected", {}, (A.REJECTED, S.REJECTED)),
    ],
)
def test_the_authorisation_admin_action_decides_the_application(
    bureau_client, application, action, extra, expected
):
    url = reverse("admin:producers_authorisation_changelist")
    selection = {"action": action, "_selected_action": [str(application.authorisation_id)]}
    response = bureau_client.post(
        url, {**selection, "apply": "1", "reason": "依据审查结果", **extra}
    )
    assert response.status_code == 302
    assert both(application) == expected
    assert application.decision_reason == "依据审查结果"


@pytest.mark.parametrize(
    ("action", "extra", "expected"),
    [
        ("approve_selected", APPROVAL, (A.APPROVED, S.APPROVED)),
        ("reject_selected", {}, (A.REJECTED, S.REJECTED)),
    ],
)
def test_the_application_admin_action_decides_both(
    bureau_client, application, action, extra, expected
):
    url = reverse("admin:accounts_application_changelist")
    selection = {"action": action, "_selected_action": [str(application.pk)]}
    response = bureau_client.post(
        url, {**selection, "apply": "1", "reason": "依据审查结果", **extra}
    )
    assert response.status_code == 302
    assert both(application) == expected


def test_the_producer_is_told_once_in_the_applications_words(
    bureau_client, application, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("admin:producers_authorisation_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(
            url,
            {
                "action": "approve_selected",
                "_selected_action": [str(application.authorisation_id)],
                "apply": "1",
                "reason": "核准",
                **APPROVAL,
            },
        )
    [message] = mail.outbox
    assert "申请已获批准" in message.subject


def test_the_account_page_shows_the_decision(client, producer_user, application):
    register_services.authorisation_reject(
        authorisation=application.authorisation,
        by=make_user(is_staff=True),
        reason="生产地块不在保护范围内",
    )
    client.force_login(producer_user)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "生产地块不在保护范围内" in page
    assert str(ApplicationStatus.REJECTED.label) in page
    assert Application.objects.get(pk=application.pk).status == A.REJECTED
    assert Authorisation.objects.get(pk=application.authorisation_id).status == S.REJECTED
