"""Who sees what under /accounts/: anonymous visitors are sent to sign in, a producer sees
only its own records (another producer's ids give 404), an account without a producer gets
a clear 403 page."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import InspectionStatus
from inspections.services import inspection_publish, inspection_record_result
from producers.accounts import services as account_services
from producers.labels import codes
from producers.register.models import AuthorisationStatus
from tests.factories import (
    cherry,
    make_authorisation,
    make_indicator,
    make_inspection,
    make_label_batch,
    make_producer,
    make_product,
    make_user,
    submit_complaint,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the source language), whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Real hashing makes each sign-in take about a second here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def producer_with_account(**fields):
    user = make_user()
    producer = make_producer(user=user, **fields)
    return producer, user


def submit(producer, user, product):
    return account_services.application_submit(
        producer=producer,
        product=product,
        by=user,
        planting_area_mu="12.5",
        address="水泉镇东村",
        expected_annual_output_t="8",
    )


PROTECTED_URLS = [
    ("accounts:dashboard", {}),
    ("accounts:application_new", {}),
    ("accounts:report_new", {}),
    ("accounts:password_change", {}),
    ("accounts:application_detail", {"pk": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), PROTECTED_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_login_page_renders_and_signs_a_producer_in(client):
    producer, user = producer_with_account(name="水泉镇樱桃合作社")
    user.set_password("a-long-test-password")
    user.save()
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": "a-long-test-password"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "水泉镇樱桃合作社" in response.content.decode()


def test_logout_signs_out(client):
    _producer, user = producer_with_account()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.parametrize(("name", "kwargs"), PROTECTED_URLS[:3])
def test_an_account_without_a_producer_gets_a_clear_403(client, name, kwargs):
    client.force_login(make_user())
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 403
    assert "not linked to a registered producer" in response.content.decode()


def test_staff_without_a_producer_get_403_with_a_link_to_the_back_office(client):
    client.force_login(make_user(is_staff=True))
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 403
    assert reverse("admin:index") in response.content.decode()


def test_staff_signing_in_go_to_the_back_office(client):
    user = make_user(is_staff=True, password="a-long-test-password")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "a-long-test-password"}
    )
    assert response.url == reverse("admin:index")


def test_dashboard_shows_only_the_producers_own_records(client):
    product = cherry()
    mine, user = producer_with_account(name="我的合作社")
    theirs, other_user = producer_with_account(name="别人的合作社")
    my_auth = make_authorisation(
        producer=mine,
        product=product,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2025, 3, 1),
        announcement_number="公告MINE",
    )
    their_auth = make_authorisation(
        producer=theirs,
        product=product,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2025, 3, 1),
        announcement_number="公告THEIRS",
    )
    make_label_batch(my_auth, quantity=1234, season=2026)
    make_label_batch(their_auth, quantity=9876, season=2026)
    indicator = make_indicator(product=product, min_value=18)
    for producer, number, publish in [
        (mine, "SP-MINE-PUB", True),
        (mine, "SP-MINE-PLANNED", False),
        (theirs, "SP-THEIRS-PUB", True),
    ]:
        inspection = make_inspection(
            producer=producer, product=product, sample_number=number, report_number=f"R-{number}"
        )
        if publish:
            inspection_record_result(inspection=inspection, indicator=indicator, value="19")
            inspection_publish(inspection=inspection, on=datetime.date(2025, 6, 1))

    client.force_login(user)
    page = client.get(reverse("accounts:dashboard")).content.decode()

    assert "公告MINE" in page and "公告THEIRS" not in page
    assert "1234" in page and "9876" not in page
    assert "SP-MINE-PUB" in page
    assert "SP-MINE-PLANNED" not in page  # planned: not shown before the visit
    assert "SP-THEIRS-PUB" not in page


def test_tested_but_unpublished_results_are_shown_to_their_producer(client):
    product = make_product()
    mine, user = producer_with_account()
    make_inspection(
        producer=mine, product=product, sample_number="SP-TESTED", status=InspectionStatus.TESTED
    )
    client.force_login(user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "SP-TESTED" in page


def test_another_producers_application_is_404(client):
    product = make_product()
    mine, user = producer_with_account()
    theirs, other_user = producer_with_account()
    own = submit(mine, user, product)
    other = submit(theirs, other_user, product)
    client.force_login(user)
    assert client.get(reverse("accounts:application_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("accounts:application_detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("accounts:application_detail", args=[other.pk]), {"answer": "x"})
    assert response.status_code == 404


def test_another_producers_document_is_404(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from producers.accounts.forms import clean_application_document

    product = make_product()
    mine, user = producer_with_account()
    theirs, other_user = producer_with_account()
    pdf = SimpleUploadedFile("licence.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    other = account_services.application_submit(
        producer=theirs,
        product=product,
        by=other_user,
        planting_area_mu="1",
        address="x",
        expected_annual_output_t="1",
        documents=[clean_application_document(pdf)],
    )
    document = other.documents.get()
    client.force_login(other_user)
    url = reverse("accounts:application_document", args=[other.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.force_login(user)
    assert client.get(url).status_code == 404
    own = submit(mine, user, make_product())
    # Own application, someone else's document id: still 404.
    url = reverse("accounts:application_document", args=[own.pk, document.pk])
    assert client.get(url).status_code == 404


def test_dashboard_queries_do_not_grow_with_records(client, django_assert_num_queries):
    product = make_product()
    mine, user = producer_with_account()
    authorisation = make_authorisation(
        producer=mine,
        product=product,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2024, 3, 1),
    )
    for season in (2025, 2026):
        make_label_batch(authorisation, quantity=10, season=season)
    for n in range(3):
        make_inspection(producer=mine, product=product, sample_number=f"SP-Q{n}", status="tested")
    submit(mine, user, make_product())
    client.force_login(user)
    # session, user, producer; authorisations+product; reports due+product; label
    # batches+authorisation+product; complaints quoting those batches; inspections with
    # conclusion+product; applications+product; reports+product; messages.
    with django_assert_num_queries(11):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("SP-Q") == 3


def test_producer_sees_complaints_quoting_its_labels_without_contacts(client, settings):
    """A complaint quoting a genuine code of the producer's batch appears on its page."""
    authorisation = make_authorisation(status="approved")
    producer = authorisation.producer
    batch = make_label_batch(authorisation, quantity=10, season=2026)
    code = codes.group(codes.encode(batch.key_version, batch.pk, 3))
    submit_complaint(
        description="标签被复制贴在别处的樱桃上", label_code=code, contact_phone="13912345678"
    )
    submit_complaint(description="与本户无关的投诉", contact_phone="13900000000")
    producer.user = make_user(username="coop-c", password="pw-12345678!")
    producer.save()
    client.force_login(producer.user)
    client.cookies["lang"] = "en"
    html = client.get("/accounts/").content.decode()
    assert "标签被复制贴在别处的樱桃上" in html
    assert "与本户无关的投诉" not in html
    assert "13912345678" not in html
