"""Emails to producers: Chinese first with the English text below, sent after commit, on
submission, questions, decisions and authorisation status changes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from producers.accounts import services as account_services
from producers.register import notifications
from producers.register import services as register_services
from producers.register.models import AuthorisationStatus
from tests import factories
from tests.factories import make_authorisation, make_producer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"


@pytest.fixture
def account():
    user = make_user(email="coop@example.cn")
    return make_producer(user=user, name="水泉镇樱桃合作社", name_en="Shuiquan Cherry Co-op"), user


@pytest.fixture
def cherry():
    return factories.cherry()


@pytest.fixture
def staff():
    return make_user(is_staff=True)


def submit(producer, user, product):
    return account_services.application_submit(
        producer=producer,
        product=product,
        by=user,
        planting_area_mu="3",
        address="水泉镇",
        expected_annual_output_t="2",
    )


def chinese_then_english(message):
    zh, separator, en = message.body.partition(notifications.SEPARATOR)
    assert separator, "the English part is missing"
    return zh, en


def test_submission_is_confirmed_after_commit(account, cherry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = submit(*account, cherry)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["coop@example.cn"]
    assert message.subject.startswith("【山亭区地理标志】已收到")
    assert "Your application for the special mark was received" in message.subject
    zh, en = chinese_then_english(message)
    assert "水泉镇樱桃合作社：" in zh and "山亭火樱桃" in zh
    assert "Shuiquan Cherry Co-op:" in en and "Shanting Fire Cherry" in en
    url = f"https://gi.example.cn/accounts/applications/{application.pk}/"
    assert url in zh and url in en


def test_info_request_email_carries_the_question(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    application = submit(*account, cherry)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.application_request_info(
            application=application, by=staff, question="请补充<地块图>。"
        )
    [message] = mail.outbox
    zh, en = chinese_then_english(message)
    assert "需要您补充以下信息" in zh
    assert "请补充<地块图>。" in zh and "请补充<地块图>。" in en  # plain text: not escaped
    assert "More information needed" in message.subject


def test_approval_email_in_chinese_with_the_english_part(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    application = submit(*account, cherry)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.application_approve(
            application=application,
            by=staff,
            reason="符合条件",
            announcement_number="山市监公告〔2026〕第5号",
            approved_on=datetime.date(2026, 5, 1),
            valid_until=datetime.date(2029, 4, 30),
            annual_quantity_cap=50000,
        )
    [message] = mail.outbox
    assert message.subject == (
        "【山亭区地理标志】您的专用标志使用申请已获批准 / "
        "[Shanting GI] Your application for the special mark was approved"
    )
    zh, en = chinese_then_english(message)
    assert "已获批准" in zh
    assert "公告号：山市监公告〔2026〕第5号" in zh
    assert "有效期至：2029-04-30" in zh
    assert "年度标志数量上限：50000 枚" in zh
    assert "has been approved" in en and "Valid until: 2029-04-30" in en


def test_rejection_email_gives_the_reason(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    application = submit(*account, cherry)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.application_reject(
            application=application, by=staff, reason="生产地块不在保护范围内"
        )
    [message] = mail.outbox
    zh, en = chinese_then_english(message)
    assert "原因：生产地块不在保护范围内" in zh
    assert "Reason: 生产地块不在保护范围内" in en


def test_authorisation_status_change_is_emailed(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    producer, _user = account
    authorisation = make_authorisation(
        producer=producer, product=cherry, status=AuthorisationStatus.APPROVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_services.authorisation_suspend(
            authorisation=authorisation, by=staff, reason="抽检不合格，限期整改"
        )
    [message] = mail.outbox
    zh, en = chinese_then_english(message)
    assert "用标核准状态已变更" in zh and "抽检不合格，限期整改" in zh
    assert "is now:" in en


def test_no_email_without_an_address(cherry, django_capture_on_commit_callbacks):
    user = make_user(email="")
    producer = make_producer(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        submit(producer, user, cherry)
    assert mail.outbox == []


def test_a_rolled_back_decision_sends_nothing(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    application = submit(*account, cherry)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        account_services.application_approve(
            application=application, by=staff, reason="ok", announcement_number=""
        )
    assert mail.outbox == []


def test_an_approval_without_an_application_is_emailed_as_a_status_change(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    producer, _user = account
    authorisation = make_authorisation(producer=producer, product=cherry)
    with django_capture_on_commit_callbacks(execute=True):
        register_services.authorisation_approve(
            authorisation=authorisation, by=staff, reason="核准", announcement_number="A-1"
        )
    [message] = mail.outbox
    zh, _en = chinese_then_english(message)
    assert "用标核准状态已变更" in zh


def test_an_application_decision_is_emailed_once_in_its_own_words(
    account, cherry, staff, django_capture_on_commit_callbacks
):
    application = submit(*account, cherry)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register_services.authorisation_approve(
            authorisation=application.authorisation,
            by=staff,
            reason="核准",
            announcement_number="A-1",
        )
    [message] = mail.outbox
    assert "申请已获批准" in message.subject
