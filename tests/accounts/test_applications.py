"""Applying for the special mark: the producer's form, the bureau's question, the answer,
approval (a live authorisation) and rejection (with the reason shown to the producer)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from producers.accounts import services as account_services
from producers.accounts.forms import clean_application_document
from producers.accounts.models import Application, ApplicationStatus, MessageAuthor
from producers.register.models import AuthorisationStatus
from tests import factories
from tests.factories import make_authorisation, make_producer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the source language), whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Application documents are private uploads: they live under PRIVATE_MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def account():
    user = make_user()
    return make_producer(user=user, name="水泉镇樱桃合作社"), user


@pytest.fixture
def cherry():
    return factories.cherry()


@pytest.fixture
def staff():
    return make_user(is_staff=True, is_superuser=True)


def submit(producer, user, product, documents=()):
    return account_services.application_submit(
        producer=producer,
        product=product,
        by=user,
        planting_area_mu="12.5",
        address="水泉镇东村",
        expected_annual_output_t="8.5",
        documents=list(documents),
    )


def approve(application, staff, **kw):
    return account_services.application_approve(
        application=application,
        by=staff,
        reason="材料齐全，符合条件",
        announcement_number=kw.pop("announcement_number", "山市监公告〔2026〕第5号"),
        approved_on=kw.pop("approved_on", datetime.date(2026, 5, 1)),
        valid_until=kw.pop("valid_until", datetime.date(2029, 4, 30)),
        annual_quantity_cap=kw.pop("annual_quantity_cap", 50000),
    )


def test_the_form_submits_an_application_with_a_pdf(client, account, cherry, media):
    producer, user = account
    client.force_login(user)
    assert client.get(reverse("accounts:application_new")).status_code == 200
    response = client.post(
        reverse("accounts:application_new"),
        {
            "product": cherry.pk,
            "planting_area_mu": "12.5",
            "address": "水泉镇东村3组",
            "expected_annual_output_t": "8",
            "documents": [SimpleUploadedFile("营业执照.pdf", PDF, "application/pdf")],
        },
        follow=True,
    )
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert application.producer == producer
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.authorisation.status == AuthorisationStatus.APPLIED
    assert application.authorisation.producer == producer
    document = application.documents.get()
    assert document.kind == "pdf" and document.original_name == "营业执照.pdf"
    assert (media / document.file.name).read_bytes() == PDF
    # Private: stored under a random name, not the uploaded one or a guessable one.
    assert re.fullmatch(r"applications/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    page = response.content.decode()
    assert 'data-status="submitted"' in page
    assert "营业执照.pdf" in page


def test_the_form_refuses_a_second_open_application_for_the_same_product(client, account, cherry):
    producer, user = account
    submit(producer, user, cherry)
    client.force_login(user)
    response = client.post(
        reverse("accounts:application_new"),
        {
            "product": cherry.pk,
            "planting_area_mu": "1",
            "address": "x",
            "expected_annual_output_t": "1",
        },
    )
    assert response.status_code == 200
    assert "already have an open application" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_service_refuses_a_second_open_application(account, cherry):
    producer, user = account
    make_authorisation(producer=producer, product=cherry, status=AuthorisationStatus.APPROVED)
    with pytest.raises(ValidationError):
        submit(producer, user, cherry)
    assert Application.objects.count() == 0


def test_the_form_refuses_more_than_five_documents(client, account, cherry):
    _producer, user = account
    client.force_login(user)
    response = client.post(
        reverse("accounts:application_new"),
        {
            "product": cherry.pk,
            "planting_area_mu": "1",
            "address": "x",
            "expected_annual_output_t": "1",
            "documents": [
                SimpleUploadedFile(f"d{i}.pdf", PDF, "application/pdf") for i in range(6)
            ],
        },
    )
    assert "at most 5 documents" in response.content.decode()
    assert Application.objects.count() == 0


def test_info_request_and_answer(client, account, cherry, staff):
    producer, user = account
    application = submit(producer, user, cherry)

    account_services.application_request_info(
        application=application, by=staff, question="请补充土地承包合同。"
    )
    assert application.status == ApplicationStatus.INFO_REQUESTED

    client.force_login(user)
    url = reverse("accounts:application_detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert "请补充土地承包合同。" in page
    assert 'data-status="info_requested"' in page

    response = client.post(
        url,
        {
            "answer": "合同已上传。",
            "documents": [SimpleUploadedFile("合同.pdf", PDF, "application/pdf")],
        },
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    thread = list(application.messages.values_list("author_kind", "body"))
    assert thread == [
        (MessageAuthor.BUREAU, "请补充土地承包合同。"),
        (MessageAuthor.PRODUCER, "合同已上传。"),
    ]
    assert application.documents.count() == 1
    assert "合同已上传。" in response.content.decode()
    # Nothing awaits an answer now: a second answer is refused.
    client.post(url, {"answer": "again"})
    assert application.messages.count() == 2


def test_a_question_needs_text(account, cherry, staff):
    application = submit(*account, cherry)
    with pytest.raises(ValidationError):
        account_services.application_request_info(application=application, by=staff, question=" ")


def test_approval_makes_the_authorisation_live(client, account, cherry, staff):
    producer, user = account
    application = submit(producer, user, cherry)
    approve(application, staff)

    assert application.status == ApplicationStatus.APPROVED
    authorisation = application.authorisation
    authorisation.refresh_from_db()
    assert authorisation.status == AuthorisationStatus.APPROVED
    assert authorisation.is_live(datetime.date(2026, 6, 1))
    assert authorisation.announcement_number == "山市监公告〔2026〕第5号"
    assert authorisation.annual_quantity_cap == 50000

    client.force_login(user)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-status="approved"' in page
    assert "山市监公告〔2026〕第5号" in page
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "山市监公告〔2026〕第5号" in dashboard


def test_approval_needs_an_announcement_number_and_changes_nothing_without(account, cherry, staff):
    application = submit(*account, cherry)
    with pytest.raises(ValidationError):
        approve(application, staff, announcement_number=" ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.authorisation.status == AuthorisationStatus.APPLIED


def test_rejection_reason_is_visible_to_the_producer(client, account, cherry, staff):
    producer, user = account
    application = submit(producer, user, cherry)
    account_services.application_reject(
        application=application, by=staff, reason="生产地块不在保护范围内"
    )
    assert application.status == ApplicationStatus.REJECTED
    application.authorisation.refresh_from_db()
    assert application.authorisation.status == AuthorisationStatus.REJECTED

    client.force_login(user)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-status="rejected"' in page
    assert "生产地块不在保护范围内" in page
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "生产地块不在保护范围内" in dashboard  # the authorisation's reason


def test_a_decided_application_cannot_be_decided_again(account, cherry, staff):
    application = submit(*account, cherry)
    account_services.application_reject(application=application, by=staff, reason="不符合")
    with pytest.raises(ValidationError):
        approve(application, staff)
    with pytest.raises(ValidationError):
        account_services.application_request_info(application=application, by=staff, question="?")


def test_after_rejection_the_producer_may_apply_again(account, cherry, staff):
    application = submit(*account, cherry)
    account_services.application_reject(application=application, by=staff, reason="不符合")
    again = submit(*account, cherry)
    assert again.status == ApplicationStatus.SUBMITTED


def test_every_step_is_in_the_history(account, cherry, staff):
    application = submit(*account, cherry)
    account_services.application_request_info(application=application, by=staff, question="?")
    account_services.application_answer(application=application, by=account[1], answer="!")
    approve(application, staff)
    statuses = list(
        application.history.order_by("history_date", "history_id").values_list(
            "status", "history_user"
        )
    )
    user = account[1]
    assert statuses == [
        ("submitted", user.pk),
        ("submitted", user.pk),  # the authorisation linked
        ("info_requested", staff.pk),
        ("submitted", user.pk),
        ("approved", staff.pk),
    ]
    authorisation_history = application.authorisation.history.values_list("status", flat=True)
    assert set(authorisation_history) == {"applied", "approved"}


def test_a_failed_submission_leaves_no_files(account, cherry, media, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("refused")

    # Fails after the documents were written: the files must go with the rolled-back rows.
    monkeypatch.setattr(account_services.services, "authorisation_apply", refuse)
    document = clean_application_document(SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    with pytest.raises(ValidationError):
        submit(*account, cherry, documents=[document])
    assert Application.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
