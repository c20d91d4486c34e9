"""A shopper at a market stall: scan a demo label's QR code on a phone, catch a typo, meet
a forged code, report it with a photo and follow the report."""

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from inspections.models import Complaint
from producers.labels import codes
from producers.labels.models import LabelBatch
from tests.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SPAM_MIN_FILL_SECONDS = 0  # a test fills the form faster than a person
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    caches["default"].clear()
    call_command("seed_demo", verbosity=0)
    return LabelBatch.objects.filter(voided_at__isnull=True).order_by("pk").first()


def label_code(batch):
    return codes.encode(batch.key_version, batch.pk, 7)


def english(page, live_server):
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server.url}])


def times_checked(page):
    """What the result says under "Times checked"."""
    return page.locator("dt:text-is('Times checked') + dd").inner_text().strip()


def test_genuine_demo_code_from_its_qr_url_on_a_phone(live_server, page, demo):
    english(page, live_server)
    page.set_viewport_size(PHONE)
    code = label_code(demo)
    page.goto(f"{live_server.url}/v/{code}")
    main = page.locator("main")
    assert "Genuine label code" in main.inner_text()
    product = demo.authorisation.product.name_en
    assert page.locator("dt:text-is('Product') + dd").inner_text().strip() == product
    assert times_checked(page) == "1 time, including this one"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # A second check of the same code, typed in lower case, is counted.
    page.goto(f"{live_server.url}/v/{code.lower()}")
    assert "Genuine label code" in page.locator("main").inner_text()
    assert times_checked(page) == "2 times, including this one"


def test_typo_is_caught_and_forgery_leads_to_a_complaint_with_photo(
    live_server, page, demo, tmp_path
):
    english(page, live_server)
    page.set_viewport_size(PHONE)
    # One character changed: the check character catches it.
    code = label_code(demo)
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    page.goto(f"{live_server.url}/verify/")
    page.locator("main input[name=code]").fill(codes.group(typo))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Please check the code" in page.locator("main").inner_text()

    # A well-formed code with the right check character but no valid signature: forged.
    payload = "ZZZZZZZZZZZZZZZ"
    forged = payload + codes.check_character(payload)
    page.goto(f"{live_server.url}/v/{forged}")
    assert "Not a label issued by the bureau" in page.locator("main").inner_text()
    page.locator("main a[href*='/complaints/new/']").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_label_code").input_value().replace("-", "") == forged

    photo = tmp_path / "label.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(320, 240)))
    page.locator("#id_product").select_option("shanting-fire-cherry")
    page.locator("#id_description").fill("标签码查询显示不是监管局发放的标签")
    page.locator("#id_photos").set_input_files(str(photo))
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state()
    number = page.locator("#tracking-number").inner_text().strip()
    secret = page.locator("#tracking-secret").inner_text().strip()
    complaint = Complaint.objects.get(tracking_number=number)
    # TS, the day it was received, six characters that cannot be misread; the secret is
    # 96 random bits.
    received = timezone.localtime(complaint.created_at)
    assert re.fullmatch(rf"TS{received:%y%m%d}[2-9A-HJKMNP-Z]{{6}}", number), number
    # 16 characters without look-alikes, in groups of four (shanting_gi/core/receipts.py).
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}", secret), secret
    assert (complaint.label_code.replace("-", ""), complaint.product.slug) == (
        forged,
        "shanting-fire-cherry",
    )
    assert complaint.photos.count() == 1

    page.goto(f"{live_server.url}/complaints/track/")
    page.locator("#id_tracking_number").fill(number)
    page.locator("#id_secret").fill(secret)
    page.get_by_role("button", name="Show my report").click()
    page.wait_for_load_state()
    assert page.locator("#status-heading").inner_text().strip() == f"Report {number}"
    # Not the "Received" date label, which every report shows: the status itself.
    assert page.locator("dt:text-is('Status') + dd").inner_text().strip() == "received"
