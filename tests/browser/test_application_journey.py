"""A producer applies for the special mark with a PDF in a real browser, the bureau
approves it, and the producer sees the decision."""

import datetime

import pytest

from producers.accounts import services as account_services
from producers.accounts.models import Application
from producers.register.models import AuthorisationStatus
from tests.factories import cherry, make_producer, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def producer_account(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_user(username="shuiquan-coop", password=PASSWORD)
    producer = make_producer(user=user, name="水泉镇火樱桃专业合作社")
    product = cherry()
    return producer, user, product


def test_producer_applies_and_sees_the_approval(live_server, page, producer_account, tmp_path):
    producer, user, product = producer_account
    pdf = tmp_path / "营业执照.pdf"
    pdf.write_bytes(PDF)

    page.goto(live_server.url + "/accounts/")
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/accounts/"
    assert "水泉镇火樱桃专业合作社" in page.locator("h1").inner_text()

    page.locator('a[href="/accounts/applications/new/"]').first.click()
    page.wait_for_load_state()
    page.locator("#id_product").select_option(label="山亭火樱桃")
    page.locator("#id_planting_area_mu").fill("12.5")
    page.locator("#id_address").fill("水泉镇东村3组")
    page.locator("#id_expected_annual_output_t").fill("8")
    page.locator("#id_documents").set_input_files(str(pdf))
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()

    application = Application.objects.get(producer=producer)
    assert page.url == live_server.url + application.get_absolute_url()
    assert page.locator("#application-status").get_attribute("data-status") == "submitted"
    assert "营业执照.pdf" in page.locator("main").inner_text()

    account_services.application_approve(
        application=application,
        by=make_user(is_staff=True),
        reason="材料齐全，符合条件",
        announcement_number="山市监公告〔2026〕第5号",
        approved_on=datetime.date(2026, 5, 1),
        valid_until=datetime.date(2029, 4, 30),
    )
    assert application.authorisation.status == AuthorisationStatus.APPROVED

    page.reload()
    assert page.locator("#application-status").get_attribute("data-status") == "approved"
    assert "山市监公告〔2026〕第5号" in page.locator("main").inner_text()
