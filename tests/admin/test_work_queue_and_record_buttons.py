"""The clerk's day: a work queue reached from the admin index, and lifecycle buttons on the
authorisation and application pages (the same forms and services as the list actions)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import followups
from inspections.models import Complaint
from producers.accounts import services as account_services
from producers.accounts.models import Application, ApplicationStatus
from producers.register.models import AuthorisationStatus
from shanting_gi.pages.workqueue import add_working_days
from tests.factories import (
    cherry,
    make_authorisation,
    make_clerk,
    make_complaint,
    make_indicator,
    make_label_batch,
    make_producer,
    make_tested_inspection,
    make_town,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client):
    client.clerk = make_clerk()
    client.force_login(client.clerk)
    return client


def submitted_application(producer=None, product=None):
    producer = producer or make_producer(user=make_user())
    return account_services.application_submit(
        producer=producer,
        product=product or cherry(),
        by=producer.user,
        planting_area_mu=Decimal("10"),
        address="水泉镇西村",
        expected_annual_output_t=Decimal("5"),
    )


def test_the_admin_index_leads_to_the_work_queue(clerk_client):
    index = clerk_client.get(reverse("admin:index")).content.decode()
    assert reverse("staff_dashboard") in index


def test_work_queue_lists_what_waits_oldest_first(clerk_client):
    today = timezone.localdate()
    application = submitted_application(producer=make_producer(name="待批合作社", user=make_user()))
    account_services.signup_submit(
        username="waiting",
        password="long-enough-password-1",
        kind="household",
        name="待确认农户",
        credit_code="",
        legal_representative="赵六",
        town=make_town(),
        address="北庄镇",
        contact_phone="13900000000",
    )
    old = make_complaint(description="很久以前收到的投诉")
    new = make_complaint(description="今天收到的投诉")
    Complaint.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    weight = make_indicator(name="单果重", min_value=Decimal("8"))
    failed = make_tested_inspection(values={weight: "5"}, publish=True, sample_number="CJ-逾期")
    followups.inspection_open_follow_up(
        inspection=failed, deadline=today - datetime.timedelta(days=3), by=None, note="限期整改"
    )
    late = make_authorisation(
        producer=make_producer(name="未报年报合作社"),
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(today.year - 2, 1, 1),
    )
    expiring = make_authorisation(
        producer=make_producer(name="即将到期合作社"),
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(today.year - 2, 1, 1),
        valid_until=today + datetime.timedelta(days=10),
    )

    page = clerk_client.get(reverse("staff_dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("admin:accounts_application_change", args=[application.pk]) in html
    assert "待确认农户" in html
    assert html.index(old.tracking_number) < html.index(new.tracking_number)  # oldest first
    rows = {row.complaint.pk: row for row in page.context["queue"]["complaints"]}
    assert rows[old.pk].overdue and not rows[new.pk].overdue
    assert rows[old.pk].age_days == 40
    assert reverse("admin:inspections_inspection_change", args=[failed.pk]) in html
    assert reverse("admin:producers_authorisation_change", args=[expiring.pk]) in html
    if today > datetime.date(today.year, 3, 31):  # last year's reports are due by 31 March
        assert reverse("admin:producers_authorisation_change", args=[late.pk]) in html
        assert "未报年报合作社" in html


def test_working_days_skip_the_weekend():
    friday = datetime.date(2026, 5, 8)
    assert add_working_days(friday, 1) == datetime.date(2026, 5, 11)
    assert add_working_days(friday, 7) == datetime.date(2026, 5, 19)


def act(obj, name):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_act", args=[obj.pk, name])


def test_authorisation_page_has_its_lifecycle_and_related_records(clerk_client, settings):
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    authorisation = make_authorisation(
        status=AuthorisationStatus.APPROVED, approved_on=datetime.date(2025, 1, 1)
    )
    make_label_batch(authorisation=authorisation, quantity=10)
    change = reverse("admin:producers_authorisation_change", args=[authorisation.pk])
    page = clerk_client.get(change).content.decode()
    for name in ("suspend", "revoke", "expire"):
        assert act(authorisation, name) in page
    for name in ("approve", "reinstate", "review"):
        assert act(authorisation, name) not in page
    batches = reverse("admin:labels_labelbatch_changelist")
    assert f"{batches}?authorisation__id__exact={authorisation.pk}" in page
    for url in (
        f"{batches}?authorisation__id__exact={authorisation.pk}",
        f"{reverse('admin:labels_labelscan_changelist')}?batch__authorisation__id__exact={authorisation.pk}",
        f"{reverse('admin:inspections_complaint_changelist')}?label_batch__authorisation__id__exact={authorisation.pk}",
    ):
        assert clerk_client.get(url).status_code == 200, url

    form = clerk_client.get(act(authorisation, "suspend"))
    assert "reason" in form.context["form"].fields
    assert clerk_client.post(act(authorisation, "suspend"), {"reason": ""}).status_code == 200
    response = clerk_client.post(act(authorisation, "suspend"), {"reason": "抽检不合格"})
    assert response.status_code == 302 and response["Location"] == change
    authorisation.refresh_from_db()
    assert authorisation.status == AuthorisationStatus.SUSPENDED
    assert authorisation.history.latest().history_user == clerk_client.clerk
    page = clerk_client.get(change).content.decode()
    assert act(authorisation, "reinstate") in page  # 恢复 now offered
    assert act(authorisation, "suspend") not in page


def test_application_page_decides_through_the_same_forms(clerk_client):
    application = submitted_application()
    change = reverse("admin:accounts_application_change", args=[application.pk])
    page = clerk_client.get(change).content.decode()
    for name in ("approve", "request-info", "reject"):
        assert act(application, name) in page
    asked = clerk_client.post(act(application, "request-info"), {"question": "请补充地块图"})
    assert asked.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    approved = clerk_client.post(
        act(application, "approve"),
        {
            "reason": "材料齐全",
            "announcement_number": "山市监公告〔2026〕第9号",
            "approved_on": "2026-05-01",
        },
    )
    assert approved.status_code == 302
    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.APPROVED
    assert application.authorisation.status == AuthorisationStatus.APPROVED
    assert act(application, "approve") not in clerk_client.get(change).content.decode()
