"""The bureau's and a household's journeys, clicked through in Chromium, in Chinese:

- a clerk approves an authorisation on its page, issues labels and downloads the PDF;
- a clerk draws a 双随机 plan, records the results, publishes them and opens a case from
  the failed sample;
- a clerk replies to a complaint and closes it, confirming on the way;
- a household without email registers, is told its registration is being reviewed, is
  confirmed by the bureau, signs in with its user name, applies, and reads the approval
  in its account.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from inspections.models import Complaint, EnforcementCase, Inspection, SpotCheckPlan
from inspections.services import complaint_submit
from producers.accounts import services as account_services
from producers.accounts.models import Application, ProducerSignup
from producers.labels.models import LabelBatch
from producers.register.models import AuthorisationStatus
from tests.factories import (
    cherry,
    make_authorisation,
    make_clerk,
    make_indicator,
    make_inspector,
    make_producer,
    town,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def quick(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LABEL_SIGNING_KEYS = {1: b"browser-test-label-key"}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def clerk():
    return make_clerk(username="li-wenshu", password=PASSWORD)


def sign_in_to_the_back_office(page, live_server, clerk):
    page.goto(live_server.url + "/admin/")
    page.locator("#id_username").fill(clerk.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url


def click_and_wait(page, locator):
    locator.click()
    page.wait_for_load_state()


def test_clerk_approves_issues_labels_and_downloads_the_pdf(live_server, page, clerk):
    product = cherry()
    producer = make_producer(name="水泉镇火樱桃专业合作社", town=town("水泉镇"))
    authorisation = make_authorisation(producer=producer, product=product)
    sign_in_to_the_back_office(page, live_server, clerk)

    page.goto(f"{live_server.url}/admin/producers/authorisation/{authorisation.pk}/change/")
    click_and_wait(page, page.get_by_role("link", name="核准", exact=True))
    page.locator("#id_announcement_number").fill("山市监公告〔2026〕第3号")
    page.locator("#id_annual_quantity_cap").fill("20000")
    page.locator("#id_reason").fill("材料齐全，现场核查符合条件")
    click_and_wait(page, page.locator("input[name=apply]"))
    assert "已核准" in page.locator("#content").inner_text()
    authorisation.refresh_from_db()
    assert authorisation.status == AuthorisationStatus.APPROVED

    click_and_wait(page, page.get_by_role("link", name="发放标签批次"))
    page.locator("#id_quantity").fill("10000")
    click_and_wait(page, page.locator("input[name=_save]"))
    batch = LabelBatch.objects.get()
    assert batch.quantity == 10000 and batch.issued_by == clerk

    page.goto(f"{live_server.url}/admin/labels/labelbatch/{batch.pk}/change/")
    pdf_link = page.locator("a.label-pdf")
    assert "417 页" in pdf_link.inner_text()
    # The first pages of the batch as a range (the whole batch takes about a minute).
    href = pdf_link.get_attribute("href")
    with page.expect_download() as download_info:
        page.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; "
            "a.download = ''; document.body.appendChild(a); a.click(); }",
            f"{href}?start=0&count=30",
        )
    download = download_info.value
    assert download.suggested_filename == f"labels-batch-{batch.pk}-0-47.pdf"
    reader = pypdf.PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(reader.pages) == 2
    assert producer.credit_code in reader.pages[0].extract_text()


def test_clerk_draws_publishes_and_opens_a_case(live_server, page, clerk):
    product = cherry()
    weight = make_indicator(product=product, name="单果重", unit="克", min_value=Decimal("8"))
    for name in ("东村合作社", "西村合作社"):
        make_authorisation(
            producer=make_producer(name=name),
            product=product,
            status=AuthorisationStatus.APPROVED,
            approved_on=datetime.date(2025, 1, 1),
        )
    plan = SpotCheckPlan.objects.create(
        product=product, year=2026, title="火樱桃专项抽检", producer_count=1,
        inspectors_per_inspection=1,
    )  # fmt: skip
    plan.inspectors.set([make_inspector(name="张执法"), make_inspector(name="李执法")])
    sign_in_to_the_back_office(page, live_server, clerk)

    page.goto(live_server.url + "/admin/inspections/spotcheckplan/")
    page.locator(f"input[name=_selected_action][value='{plan.pk}']").check()
    page.locator("select[name=action]").select_option("draw_selected")
    click_and_wait(page, page.locator("button[name=index]"))
    page.locator("#id_confirm").check()
    click_and_wait(page, page.locator("input[name=apply]"))
    inspection = Inspection.objects.get()

    page.goto(f"{live_server.url}/admin/inspections/inspection/{inspection.pk}/change/")
    assert page.locator("select[name=producer]").count() == 0  # fixed by the draw
    page.locator("#id_report_number").fill("枣检字〔2026〕第12号")
    page.locator("#id_sampled_on").fill("2026-05-20")
    page.get_by_text("添加另一个").click()
    page.locator("select[name='results-0-indicator']").select_option(str(weight.pk))
    page.locator("input[name='results-0-measured_value']").fill("6.5")
    click_and_wait(page, page.locator("input[name=_continue]"))
    inspection.refresh_from_db()
    assert inspection.conclusion == "fail"

    page.goto(live_server.url + "/admin/inspections/inspection/")
    page.locator(f"input[name=_selected_action][value='{inspection.pk}']").check()
    page.locator("select[name=action]").select_option("publish_selected")
    click_and_wait(page, page.locator("button[name=index]"))
    inspection.refresh_from_db()
    assert inspection.status == "published"

    page.goto(f"{live_server.url}/admin/inspections/inspection/{inspection.pk}/change/")
    click_and_wait(page, page.get_by_role("link", name="立案查处"))
    assert "单果重" in page.locator("#id_summary").input_value()
    page.locator("#id_case_number").fill("枣山市监罚〔2026〕12号")
    click_and_wait(page, page.locator("input[name=apply]"))
    case = EnforcementCase.objects.get()
    assert page.url.endswith(f"/admin/inspections/enforcementcase/{case.pk}/change/")
    assert case.inspection == inspection and case.producer == inspection.producer
    assert "枣山市监罚〔2026〕12号" in page.locator("#content").inner_text()


def test_clerk_replies_to_a_complaint_and_closes_it_after_confirming(live_server, page, clerk):
    complaint, _secret = complaint_submit(
        fields={"description": "樱桃包装上的标签扫不出来", "contact_phone": "13800000000"}
    )
    sign_in_to_the_back_office(page, live_server, clerk)
    change = f"{live_server.url}/admin/inspections/complaint/{complaint.pk}/change/"
    page.goto(change)
    page.locator("textarea[name='replies-0-body']").fill("已收到，执法人员将到销售点核查。")
    click_and_wait(page, page.locator("input[name=_continue]"))
    assert "已收到，执法人员将到销售点核查。" in page.locator("#content").inner_text()

    click_and_wait(page, page.get_by_role("link", name="办结"))
    assert "确定办结该投诉举报吗" in page.locator("#content").inner_text()
    complaint.refresh_from_db()
    assert complaint.status == "received"  # nothing happens before the confirmation
    click_and_wait(page, page.locator("input[name=apply]"))
    assert page.url == change
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert "已办结" in page.locator("#content").inner_text()
    assert Complaint.objects.get().history.latest().history_user == clerk


def test_household_registers_without_email_and_reads_its_approval(
    live_server, page, browser, clerk, tmp_path
):
    shuiquan = town("水泉镇")
    product = cherry()
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("#id_username").fill("wangdashan")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_kind").select_option("household")
    page.locator("#id_name").fill("王大山")
    page.locator("#id_legal_representative").fill("王大山")
    page.locator("#id_town").select_option(str(shuiquan.pk))
    page.locator("#id_address").fill("水泉镇东村3组")
    page.locator("#id_contact_phone").fill("13800001111")
    click_and_wait(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/accounts/signup/done/")

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("wangdashan")
    page.locator("#id_password").fill(PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]"))
    assert "注册申请正在审核" in page.locator("main").inner_text()

    # The bureau confirms the registration on its page, in a browser of its own.
    bureau = browser.new_context(locale="zh-CN")
    office = bureau.new_page()
    sign_in_to_the_back_office(office, live_server, clerk)
    signup = ProducerSignup.objects.get()
    office.goto(f"{live_server.url}/admin/accounts/producersignup/{signup.pk}/change/")
    click_and_wait(office, office.get_by_role("link", name="确认并开通账户"))
    office.locator("#id_reason").fill("电话核实无误")
    click_and_wait(office, office.locator("input[name=apply]"))
    bureau.close()

    page.locator("#id_username").fill("wangdashan")
    page.locator("#id_password").fill(PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]"))
    assert page.url == live_server.url + "/accounts/"
    assert "王大山" in page.locator("h1").inner_text()

    pdf = tmp_path / "土地承包合同.pdf"
    pdf.write_bytes(PDF)
    page.goto(live_server.url + "/accounts/applications/new/")
    page.locator("#id_product").select_option(label="山亭火樱桃")
    page.locator("#id_planting_area_mu").fill("6")
    page.locator("#id_expected_annual_output_t").fill("3")
    page.locator("#id_documents").set_input_files(str(pdf))
    click_and_wait(page, page.locator("main form.stacked-form button[type=submit]"))
    application = Application.objects.get()
    assert application.product == product

    account_services.application_approve(
        application=application,
        by=clerk,
        reason="材料齐全，符合使用条件",
        announcement_number="山市监公告〔2026〕第7号",
        approved_on=datetime.date(2026, 6, 1),
    )
    page.goto(live_server.url + "/accounts/")
    messages = page.locator("#messages-heading + ul").inner_text()
    assert "已获批准" in messages and "山市监公告〔2026〕第7号" in messages
    badge = page.locator(f"a[href='/accounts/applications/{application.pk}/']").locator(
        "xpath=ancestor::tr//span[@data-status]"
    )
    assert badge.get_attribute("data-status") == "approved"
