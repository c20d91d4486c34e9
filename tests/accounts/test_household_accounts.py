"""A household without email registers, is told in the account and on the sign-in page
where its registration stands, signs in with its user name or credit code, and corrects
its annual report until the bureau accepts it. Reports, label seasons and new producers
are checked against what they refer to."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from producers.accounts import services as account_services
from producers.accounts.models import AnnualUseReport, ProducerSignup, SignupStatus
from producers.labels.services import label_batch_issue
from producers.register import services as register_services
from producers.register.models import AuthorisationStatus, Producer, ProducerKind
from tests.factories import (
    cherry,
    credit_code,
    make_authorisation,
    make_clerk,
    make_label_batch,
    make_producer,
    make_town,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted as a clerk reads them, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


PASSWORD = "cherry-blossom-2026!"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def town():
    return make_town(name="水泉镇")


def signup(client, town, **overrides):
    data = {
        "username": "wang-household",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "kind": ProducerKind.HOUSEHOLD,
        "name": "王大山",
        "credit_code": "",
        "legal_representative": "王大山",
        "town": town.pk,
        "address": "水泉镇东村3组",
        "contact_phone": "13800001111",
    }
    data.update(overrides)
    return client.post(reverse("accounts:signup"), data)


def sign_in(client, login, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": login, "password": password})


def test_a_household_registers_without_email_and_is_told_it_is_under_review(client, town):
    response = signup(client, town)
    assert response.status_code == 302, response.context["form"].errors
    signup_row = ProducerSignup.objects.get()
    assert signup_row.user.email == ""

    pending = sign_in(client, "wang-household")
    assert pending.status_code == 200
    assert "注册申请正在审核" in pending.content.decode()
    wrong = sign_in(client, "wang-household", "not-the-password")
    assert "注册申请正在审核" not in wrong.content.decode()  # no hint without the password


def test_confirmed_it_signs_in_with_its_user_name_and_sees_the_message(client, town):
    signup(client, town)
    account_services.signup_confirm(signup=ProducerSignup.objects.get(), by=make_clerk())
    assert mail.outbox == []  # no address, no email
    response = sign_in(client, "WANG-household")  # the user name in any case
    assert response.status_code == 302
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "王大山" in page
    assert 'data-event="signup_confirmed"' in page


def test_a_co_operative_signs_in_with_its_credit_code(
    client, town, django_capture_on_commit_callbacks
):
    code = credit_code()
    signup(
        client,
        town,
        username="coop-b",
        kind=ProducerKind.COOPERATIVE,
        name="水泉镇红灯樱桃合作社",
        credit_code=code,
        email="coop@example.cn",
    )
    assert "注册申请正在审核" in sign_in(client, code.lower()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        account_services.signup_confirm(signup=ProducerSignup.objects.get(), by=make_clerk())
    typed = f"{code[:6]} {code[6:12]}-{code[12:]}".lower()
    assert sign_in(client, typed).status_code == 302
    assert len(mail.outbox) == 1


def test_a_refused_registration_says_why_on_the_sign_in_page(client, town):
    signup(client, town)
    account_services.signup_refuse(
        signup=ProducerSignup.objects.get(), by=make_clerk(), reason="地址不在保护范围内"
    )
    assert "地址不在保护范围内" in sign_in(client, "wang-household").content.decode()


def test_every_status_change_is_a_message_in_the_account(client):
    user = make_user(email="")
    producer = make_producer(user=user, kind=ProducerKind.HOUSEHOLD, credit_code="")
    authorisation = make_authorisation(
        producer=producer,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2025, 1, 1),
    )
    register_services.authorisation_suspend(
        authorisation=authorisation, by=None, reason="抽检不合格，暂停使用"
    )
    client.force_login(user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "抽检不合格，暂停使用" in page
    assert page.count('data-event="authorisation_status"') == 2  # approved, then suspended


# --- the household is not registered twice ----------------------------------------------


def test_a_likely_duplicate_household_is_flagged_then_linked_or_overridden(client, town):
    existing = make_producer(
        kind=ProducerKind.HOUSEHOLD,
        credit_code="",
        name="王大山",
        town=town,
        address="水泉镇东村3组",
    )
    clerk = make_clerk()
    duplicate = Producer(
        kind=ProducerKind.HOUSEHOLD, name="王大山", town=town, address="水泉镇东村3组"
    )
    with pytest.raises(ValidationError, match="already registered|已登记"):
        register_services.producer_save(producer=duplicate, by=clerk)
    register_services.producer_save(
        producer=duplicate, by=clerk, duplicate_reason="同名的另一户，身份证号不同"
    )
    assert "同名的另一户" in duplicate.history.latest().history_change_reason

    # A registration of the same household is linked to the registered one.
    signup(client, town)
    pending = ProducerSignup.objects.get()
    client.force_login(clerk)
    url = reverse("admin:accounts_producersignup_act", args=[pending.pk, "confirm"])
    form = client.get(url).context["form"]
    assert set(form.fields["producer"].queryset) == {existing, duplicate}
    response = client.post(url, {"producer": existing.pk, "reason": "电话核实为同一户"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.producer) == (SignupStatus.CONFIRMED, existing)
    assert Producer.objects.filter(name="王大山").count() == 2


def test_the_admin_add_form_warns_of_a_likely_duplicate(client, town):
    existing = make_producer(
        kind=ProducerKind.HOUSEHOLD, credit_code="", name="李四", town=town, address="东村"
    )
    client.force_login(make_clerk())
    url = reverse("admin:producers_producer_add")
    data = {
        "kind": ProducerKind.HOUSEHOLD,
        "name": "李四",
        "credit_code": "",
        "town": town.pk,
        "address": "东村",
        "is_public": "on",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
    }
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert reverse("admin:producers_producer_change", args=[existing.pk]) in warned.content.decode()
    assert Producer.objects.count() == 1
    done = client.post(url, {**data, "duplicate_reason": "父子分户，各自种植"})
    assert done.status_code == 302
    assert Producer.objects.count() == 2


# --- reports and label seasons are checked against the authorisation ---------------------


@pytest.fixture
def authorised():
    producer = make_producer(name="报告合作社")
    product = cherry()
    authorisation = make_authorisation(
        producer=producer,
        product=product,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2024, 4, 1),
        annual_quantity_cap=5000,
    )
    return producer, product, authorisation


def test_a_report_must_fit_the_authorisation_and_the_labels_issued(authorised):
    producer, product, authorisation = authorised
    report = {"producer": producer, "product": product, "quantity_sold_kg": "100", "by": None}
    with pytest.raises(ValidationError, match="未获准"):
        account_services.annual_report_submit(year=2022, labels_used=10, **report)
    with pytest.raises(ValidationError, match="发放的0枚"):
        account_services.annual_report_submit(year=2025, labels_used=12000, **report)
    make_label_batch(authorisation=authorisation, quantity=3000, season=2025)
    with pytest.raises(ValidationError, match="发放的3,000枚"):
        account_services.annual_report_submit(year=2025, labels_used=3001, **report)
    account_services.annual_report_submit(year=2025, labels_used=3000, **report)


def test_a_label_batch_is_for_a_season_the_authorisation_covers(authorised):
    _producer, _product, authorisation = authorised
    with pytest.raises(ValidationError, match="早于用标核准的批准日期"):
        label_batch_issue(authorisation=authorisation, quantity=10, season=2019, by=None)
    with pytest.raises(ValidationError, match="本产季或下一产季"):
        label_batch_issue(
            authorisation=authorisation,
            quantity=10,
            season=timezone.localdate().year + 5,
            by=None,
        )


def test_the_producer_corrects_a_report_until_the_bureau_accepts_it(client, authorised):
    producer, product, authorisation = authorised
    producer.user = make_user()
    producer.save()
    make_label_batch(authorisation=authorisation, quantity=3000, season=2025)
    report = account_services.annual_report_submit(
        producer=producer, product=product, year=2025, labels_used=2000,
        quantity_sold_kg="800", by=producer.user,
    )  # fmt: skip
    client.force_login(producer.user)
    url = reverse("accounts:report_edit", args=[report.pk])
    assert url in client.get(reverse("accounts:dashboard")).content.decode()
    too_many = client.post(url, {"labels_used": 3500, "quantity_sold_kg": "900", "notes": ""})
    assert too_many.status_code == 200
    assert too_many.context["form"].errors["labels_used"]
    fixed = client.post(
        url, {"labels_used": 2500, "quantity_sold_kg": "900", "notes": "", "reason": "漏记一批"}
    )
    assert fixed.status_code == 302
    report.refresh_from_db()
    assert report.labels_used == 2500
    assert [h.labels_used for h in report.history.order_by("history_date")] == [2000, 2500]

    clerk = make_clerk()
    client.force_login(clerk)
    accept = reverse("admin:accounts_annualusereport_act", args=[report.pk, "accept"])
    assert client.post(accept, {}).status_code == 302
    report.refresh_from_db()
    assert report.accepted_by == clerk

    client.force_login(producer.user)
    assert url not in client.get(reverse("accounts:dashboard")).content.decode()
    assert client.post(url, {"labels_used": 1, "quantity_sold_kg": "1"}).status_code == 302
    assert AnnualUseReport.objects.get().labels_used == 2500
    with pytest.raises(ValidationError, match="已受理"):
        account_services.annual_report_correct(
            report=report, by=None, labels_used=1, quantity_sold_kg=1
        )


def test_user_model_is_untouched_by_credit_code_sign_in():
    assert get_user_model().USERNAME_FIELD == "username"
