"""The annual mark-use report: one per producer, product and year, due by 31 March of the
following year; the bureau's admin lists who is late."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from producers.accounts import services as account_services
from producers.accounts.models import AnnualUseReport, annual_report_deadline
from producers.register.models import AuthorisationStatus
from tests import factories
from tests.factories import (
    jujube,
    make_authorisation,
    make_label_batch,
    make_producer,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the source language), whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def cherry():
    return factories.cherry()


@pytest.fixture
def account(cherry):
    user = make_user()
    producer = make_producer(user=user, name="报告合作社")
    make_authorisation(
        producer=producer,
        product=cherry,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2024, 4, 1),
    )
    make_label_batch(authorisation=producer.authorisations.get(), quantity=5000, season=2025)
    return producer, user


def file_report(producer, product, year, **kw):
    labels_used = kw.get("labels_used", 1200)
    if labels_used:  # a report counts labels the bureau issued for the season
        authorisation = producer.authorisations.filter(product=product).first()
        if authorisation is not None:
            make_label_batch(authorisation=authorisation, quantity=labels_used, season=year)
    return account_services.annual_report_submit(
        producer=producer,
        product=product,
        year=year,
        labels_used=kw.pop("labels_used", 1200),
        quantity_sold_kg=kw.pop("quantity_sold_kg", "3500.5"),
        by=kw.pop("by", None),
    )


def test_deadline_is_31_march_of_the_following_year():
    assert annual_report_deadline(2025) == datetime.date(2026, 3, 31)


def test_producer_files_the_report_through_the_form(client, account, cherry):
    producer, user = account
    client.force_login(user)
    assert client.get(reverse("accounts:report_new")).status_code == 200
    response = client.post(
        reverse("accounts:report_new"),
        {
            "product": cherry.pk,
            "year": 2025,
            "labels_used": 1200,
            "quantity_sold_kg": "3500.5",
            "notes": "",
        },
        follow=True,
    )
    report = AnnualUseReport.objects.get()
    assert (report.producer, report.year, report.labels_used) == (producer, 2025, 1200)
    assert report.submitted_by == user
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "3500.5" in response.content.decode()


def test_one_report_per_producer_product_and_year(client, account, cherry):
    producer, user = account
    file_report(producer, cherry, 2025)
    with pytest.raises(ValidationError):
        file_report(producer, cherry, 2025)
    file_report(producer, cherry, 2024)  # another year is fine
    client.force_login(user)
    response = client.post(
        reverse("accounts:report_new"),
        {"product": cherry.pk, "year": 2025, "labels_used": 1, "quantity_sold_kg": "1"},
    )
    assert response.status_code == 200
    assert "already been filed" in response.content.decode()
    assert AnnualUseReport.objects.filter(year=2025).count() == 1


def test_a_producer_reports_only_on_products_it_was_authorised_for(client, account):
    producer, user = account
    other = jujube()
    with pytest.raises(ValidationError):
        file_report(producer, other, 2025)
    client.force_login(user)
    response = client.post(
        reverse("accounts:report_new"),
        {"product": other.pk, "year": 2025, "labels_used": 1, "quantity_sold_kg": "1"},
    )
    assert response.status_code == 200
    assert AnnualUseReport.objects.count() == 0


def test_a_producer_without_approval_is_told_there_is_nothing_to_report(client):
    user = make_user()
    make_producer(user=user)
    client.force_login(user)
    response = client.get(reverse("accounts:report_new"))
    assert "nothing to report" in response.content.decode()


def test_dashboard_reminds_of_a_due_report(client, account, cherry):
    producer, user = account
    client.force_login(user)
    last_year = timezone.localdate().year - 1
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"{last_year + 1}-03-31" in page
    file_report(producer, cherry, last_year)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"{last_year + 1}-03-31" not in page


def test_late_filed_and_missing(cherry):
    """2025's reports are due by 2026-03-31."""
    on_time, late, missing, new = (make_producer(name=n) for n in "甲乙丙丁")
    for producer in (on_time, late, missing):
        make_authorisation(
            producer=producer,
            product=cherry,
            status=AuthorisationStatus.APPROVED,
            approved_on=datetime.date(2024, 5, 1),
        )
    # Approved only in 2026: owes no report on 2025.
    make_authorisation(
        producer=new,
        product=cherry,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2026, 2, 1),
    )
    file_report(on_time, cherry, 2025)
    AnnualUseReport.objects.filter(producer=on_time).update(
        submitted_at=datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    )
    file_report(late, cherry, 2025)
    AnnualUseReport.objects.filter(producer=late).update(
        submitted_at=datetime.datetime(2026, 4, 15, 12, tzinfo=datetime.UTC)
    )

    def names(queryset):
        return sorted(a.producer.name for a in queryset)

    assert names(account_services.report_obligations(2025)) == ["丙", "乙", "甲"]
    assert names(account_services.reports_late(2025, today=datetime.date(2026, 3, 31))) == []
    assert names(account_services.reports_late(2025, today=datetime.date(2026, 4, 1))) == [
        "丙",
        "乙",
    ]
    assert names(account_services.reports_missing(2025)) == ["丙"]
    assert names(account_services.reports_filed(2025)) == ["乙", "甲"]
    assert AnnualUseReport.objects.get(producer=late).is_late
    assert not AnnualUseReport.objects.get(producer=on_time).is_late


def test_an_authorisation_revoked_before_the_year_owes_nothing(cherry):
    producer = make_producer()
    make_authorisation(
        producer=producer,
        product=cherry,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2020, 5, 1),
        valid_until=datetime.date(2023, 4, 30),
    )
    assert list(account_services.report_obligations(2025)) == []
