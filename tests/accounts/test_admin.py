"""The bureau's side: application, report and reports-due pages; the ask / approve /
reject actions through the admin; the "late" filter."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from producers.accounts import services as account_services
from producers.accounts.forms import clean_application_document
from producers.accounts.models import (
    AnnualReportObligation,
    AnnualUseReport,
    Application,
    ApplicationStatus,
    annual_report_deadline,
)
from producers.register.models import AuthorisationStatus
from tests.factories import cherry, make_authorisation, make_producer, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the source language), whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


XSS = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def application():
    user = make_user(email="coop@example.cn")
    producer = make_producer(user=user, name=f"合作社{XSS}")
    pdf = SimpleUploadedFile("土地合同.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    return account_services.application_submit(
        producer=producer,
        product=cherry(),
        by=user,
        planting_area_mu="3",
        address=f"水泉镇{XSS}",
        expected_annual_output_t="2",
        documents=[clean_application_document(pdf)],
    )


@pytest.fixture
def report(application):
    make_authorisation(
        producer=application.producer,
        product=make_product(),
        status=AuthorisationStatus.APPROVED,
    )
    return AnnualUseReport.objects.create(
        producer=application.producer,
        product=application.product,
        year=2025,
        labels_used=10,
        quantity_sold_kg=5,
    )


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Application, AnnualUseReport, AnnualReportObligation])
def test_pages_render_and_escape(client, staff, application, report, model):
    obj = {Application: application, AnnualUseReport: report}.get(model)
    if model is AnnualReportObligation:
        obj = AnnualReportObligation.objects.first()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=合作社",
        admin_url(model, "change", obj.pk),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert XSS not in response.content.decode()
    if model is AnnualUseReport:
        assert client.get(admin_url(model, "add")).status_code == 200


def test_applications_cannot_be_added_or_deleted_in_the_admin(client, staff, application):
    assert client.get(admin_url(Application, "add")).status_code == 403
    assert client.get(admin_url(Application, "delete", application.pk)).status_code == 403


def test_staff_open_the_document_from_the_change_page(client, staff, application):
    document = application.documents.get()
    url = reverse("admin:accounts_application_document", args=[application.pk, document.pk])
    assert url in client.get(admin_url(Application, "change", application.pk)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_producer_cannot_open_the_admin_document_view(client, application):
    client.force_login(application.producer.user)
    document = application.documents.get()
    url = reverse("admin:accounts_application_document", args=[application.pk, document.pk])
    assert client.get(url).status_code == 302  # to the admin sign-in


def run_action(client, action, application, **data):
    return client.post(
        admin_url(Application, "changelist"),
        {"action": action, "_selected_action": [application.pk], "apply": "1", **data},
        follow=True,
    )


def test_ask_then_approve_through_the_admin(
    client, staff, application, django_capture_on_commit_callbacks
):
    url = admin_url(Application, "changelist")
    confirm = client.post(
        url, {"action": "request_info_selected", "_selected_action": [application.pk]}
    )
    assert "question for the producer" in confirm.content.decode().lower()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "request_info_selected", application, question="请补充地块图")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    assert application.messages.get().body == "请补充地块图"

    account_services.application_answer(
        application=application, by=application.producer.user, answer="已补充"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_action(
            client,
            "approve_selected",
            application,
            reason="符合条件",
            announcement_number="公告2026-5",
            approved_on="2026-05-01",
            valid_until="2029-04-30",
            annual_quantity_cap="1000",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.authorisation.status == AuthorisationStatus.APPROVED
    assert application.authorisation.announcement_number == "公告2026-5"
    assert [m.subject.split(" / ")[0] for m in mail.outbox] == [
        "【山亭区地理标志】您的申请需要补充材料",
        "【山亭区地理标志】您的专用标志使用申请已获批准",
    ]


def test_reject_through_the_admin(client, staff, application):
    response = run_action(client, "reject_selected", application, reason="不在保护范围")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reason == "不在保护范围"
    # A second rejection is refused with a message, not a crash.
    response = run_action(client, "reject_selected", application, reason="again")
    assert "Cannot reject an application that is rejected." in response.content.decode()


def test_late_filter_lists_who_has_not_reported(client, staff):
    product = make_product()
    year = timezone.localdate().year - 1
    late = make_producer(name="迟报合作社")
    filed = make_producer(name="已报合作社")
    for producer in (late, filed):
        make_authorisation(
            producer=producer,
            product=product,
            status=AuthorisationStatus.APPROVED,
            approved_on=datetime.date(year - 1, 5, 1),
        )
    AnnualUseReport.objects.create(
        producer=filed,
        product=product,
        year=year,
        labels_used=1,
        quantity_sold_kg=1,
        submitted_at=datetime.datetime(year + 1, 3, 1, 9, tzinfo=datetime.UTC),
    )
    url = admin_url(AnnualReportObligation, "changelist")
    late_page = client.get(url + "?report=late").content.decode()
    missing_page = client.get(url + "?report=missing").content.decode()
    filed_page = client.get(url + "?report=filed").content.decode()
    assert "迟报合作社" in missing_page and "已报合作社" not in missing_page
    assert "已报合作社" in filed_page and "迟报合作社" not in filed_page
    past_deadline = timezone.localdate() > annual_report_deadline(year)
    assert ("迟报合作社" in late_page) == past_deadline
    assert "已报合作社" not in late_page


def test_reports_filed_after_31_march_are_marked_late(client, staff, report):
    on_time = report
    on_time.submitted_at = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    on_time.save()
    late = AnnualUseReport.objects.create(
        producer=make_producer(name="迟交合作社"),
        product=report.product,
        year=2025,
        labels_used=1,
        quantity_sold_kg=1,
        submitted_at=datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC),
    )
    assert late.is_late and not on_time.is_late
    url = admin_url(AnnualUseReport, "changelist")
    late_page = client.get(url + "?timeliness=late").content.decode()
    on_time_page = client.get(url + "?timeliness=on_time").content.decode()
    assert "迟交合作社" in late_page and "迟交合作社" not in on_time_page
    on_time_link = admin_url(AnnualUseReport, "change", on_time.pk)
    assert on_time_link in on_time_page and on_time_link not in late_page
