"""Self-registration: an inactive account and a pending registration, which the bureau
confirms (linking or registering the producer) or refuses."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from producers.accounts import services as account_services
from producers.accounts.models import ProducerSignup, SignupStatus
from producers.register.models import Producer, ProducerKind
from tests import factories
from tests.factories import credit_code, make_producer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the source language), whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Real hashing makes each sign-in take about a second here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PASSWORD = "cherry-blossom-2026!"


@pytest.fixture
def town():
    return factories.town("水泉镇")


def form_data(town, **overrides):
    data = {
        "username": "coop-a",
        "email": "coop-a@example.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "kind": ProducerKind.COOPERATIVE,
        "name": "水泉镇新合作社",
        "credit_code": credit_code(),
        "legal_representative": "张三",
        "town": town.pk,
        "address": "水泉镇西村",
        "contact_phone": "0632-1234567",
    }
    data.update(overrides)
    return data


def test_signup_creates_an_inactive_account_that_cannot_sign_in(client, town):
    response = client.post(reverse("accounts:signup"), form_data(town))
    assert response.url == reverse("accounts:signup_done")
    user = get_user_model().objects.get(username="coop-a")
    assert not user.is_active
    signup = ProducerSignup.objects.get()
    assert signup.status == SignupStatus.PENDING and signup.user == user
    assert not client.login(username="coop-a", password=PASSWORD)
    assert client.get(reverse("accounts:signup_done")).status_code == 200


def test_signup_form_checks(client, town):
    taken = make_producer(user=make_user())
    code = taken.credit_code
    response = client.post(
        reverse("accounts:signup"),
        form_data(town, password2="different", credit_code=code, username="x y"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has an account" in page
    assert "differ" in page
    assert ProducerSignup.objects.count() == 0


def test_a_credit_code_typed_with_spaces_is_normalised(client, town):
    code = credit_code()
    spaced = " ".join([code[:6], code[6:12], code[12:]]).lower()
    client.post(reverse("accounts:signup"), form_data(town, credit_code=spaced))
    assert ProducerSignup.objects.get().credit_code == code


def test_confirmation_registers_the_producer_and_opens_the_account(
    client, town, django_capture_on_commit_callbacks
):
    client.post(reverse("accounts:signup"), form_data(town))
    signup = ProducerSignup.objects.get()
    staff = make_user(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.signup_confirm(signup=signup, by=staff)
    producer = Producer.objects.get(name="水泉镇新合作社")
    assert producer.user == signup.user
    assert producer.private_phone == "0632-1234567"
    assert signup.status == SignupStatus.CONFIRMED and signup.producer == producer
    assert client.login(username="coop-a", password=PASSWORD)
    assert "水泉镇新合作社" in client.get(reverse("accounts:dashboard")).content.decode()
    [message] = mail.outbox
    assert message.subject.startswith("【山亭区地理标志】您的生产者账号已开通")
    with pytest.raises(ValidationError):
        account_services.signup_confirm(signup=signup, by=staff)


def test_confirmation_links_an_already_registered_producer(client, town):
    existing = make_producer(name="已登记合作社")
    client.post(reverse("accounts:signup"), form_data(town, credit_code=existing.credit_code))
    signup = ProducerSignup.objects.get()
    account_services.signup_confirm(signup=signup, by=make_user(is_staff=True))
    existing.refresh_from_db()
    assert existing.user == signup.user
    assert Producer.objects.filter(credit_code=existing.credit_code).count() == 1


def test_refusal_keeps_the_account_closed_and_says_why(
    client, town, django_capture_on_commit_callbacks
):
    client.post(reverse("accounts:signup"), form_data(town))
    signup = ProducerSignup.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        account_services.signup_refuse(
            signup=signup, by=make_user(is_staff=True), reason="信用代码与名称不符"
        )
    assert signup.status == SignupStatus.REFUSED
    assert not client.login(username="coop-a", password=PASSWORD)
    [message] = mail.outbox
    assert message.to == ["coop-a@example.cn"]
    assert "原因：信用代码与名称不符" in message.body


def test_bureau_confirms_in_the_admin(client, town):
    client.post(reverse("accounts:signup"), form_data(town))
    signup = ProducerSignup.objects.get()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    changelist = reverse("admin:accounts_producersignup_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=水泉").status_code == 200
    change = reverse("admin:accounts_producersignup_change", args=[signup.pk])
    assert client.get(change).status_code == 200
    client.post(
        changelist,
        {"action": "confirm_selected", "_selected_action": [signup.pk], "apply": "1"},
    )
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED
    assert signup.user.is_active


def test_signup_is_rate_limited(client, town, settings):
    for n in range(5):
        client.post(
            reverse("accounts:signup"),
            form_data(town, username=f"coop{n}", email=f"c{n}@example.cn"),
        )
    response = client.post(
        reverse("accounts:signup"), form_data(town, username="coop9", email="c9@example.cn")
    )
    assert response.status_code == 429
    assert ProducerSignup.objects.count() == 5


def test_sign_in_is_rate_limited(client):
    for _n in range(20):
        client.post(reverse("accounts:login"), {"username": "x", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "wrong"})
    assert response.status_code == 429
