"""What only a browser shows of the portal: asking the bureau on a phone and reading the
answer with the receipt, the elder-mode switch, the phone menu without and with JavaScript,
and an accessibility audit of the new pages in both languages."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from shanting_gi.portal import services
from shanting_gi.portal.models import Consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SPAM_MIN_FILL_SECONDS = 0  # a test fills the form faster than a person
    call_command("seed_demo", verbosity=0)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_ask_a_question_on_a_phone_and_read_the_answer(live_server, page, demo):
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/questions/")
    page.get_by_role("link", name="我要咨询").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/questions/ask/")

    # Sent empty: a clear message, nothing saved.
    page.get_by_role("button", name="提交问题").click()
    page.wait_for_load_state()
    assert "尚未保存" in page.locator("main").inner_text()
    assert not Consultation.objects.filter(question__contains="礼盒").exists()

    page.get_by_label("您要咨询什么？").select_option("brand_use")
    page.get_by_label("产品").select_option(label="山亭火樱桃")
    page.get_by_label("您的问题").fill("樱桃礼盒上的专用标志旁边要印哪个代码？")
    page.get_by_label("电子邮箱").fill("asker@example.com")
    # The honeypot is there for bots but nobody sees or reaches it.
    assert not page.locator("input[name=website]").is_visible()
    page.get_by_role("button", name="提交问题").click()
    page.wait_for_load_state()
    assert page.url.endswith("/questions/sent/")
    number = page.locator("#tracking-number").inner_text().strip()
    secret = page.locator("#tracking-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", secret)
    assert no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "question-receipt-phone.png"), full_page=True)

    # The copy button (shown by site.js) puts both on the clipboard.
    copy = page.get_by_role("button", name="复制编号和密码")
    assert copy.is_visible()
    copy.click()
    page.locator(".copy-status", has_text="已复制。").wait_for()
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert number in clipboard and secret in clipboard

    consultation = Consultation.objects.get(tracking_number=number)
    services.consultation_answer(
        consultation=consultation, answer="请印本企业的统一社会信用代码。", by=None
    )

    page.goto(live_server.url + "/questions/track/")
    page.get_by_label("查询编号").fill(number.lower())
    page.get_by_label("查询密码").fill(secret.replace("-", " ").lower())
    page.get_by_role("button", name="查看我的问题").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "请印本企业的统一社会信用代码。" in main
    assert "asker@example.com" not in main


def test_elder_mode_switch_is_remembered_and_keeps_pages_usable(live_server, page, demo):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/products/shanting-fire-cherry/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch = page.get_by_role("button", name="长者模式")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    page.wait_for_load_state()
    assert page.url.endswith("/products/shanting-fire-cherry/")
    assert "elder" in page.locator("html").get_attribute("class")
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(SHOTS / "elder-mode-phone.png"))

    # Remembered on the next page, and in a new visit with the same cookie.
    page.goto(live_server.url + "/producers/")
    assert "elder" in page.locator("html").get_attribute("class")
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"
    assert no_horizontal_scroll(page)

    # 200 % zoom on a desktop window is a 640 px wide layout: still usable, no sideways scroll.
    page.set_viewport_size({"width": 640, "height": 450})
    for path in ["/", "/questions/ask/", "/verify/"]:
        page.goto(live_server.url + path)
        assert no_horizontal_scroll(page), path

    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state()
    assert "elder" not in (page.locator("html").get_attribute("class") or "")


def test_the_phone_menu_opens_with_and_without_javascript(live_server, browser, demo):
    for javascript in (True, False):
        context = browser.new_context(
            viewport=PHONE, java_script_enabled=javascript, locale="zh-CN"
        )
        page = context.new_page()
        page.goto(live_server.url + "/producers/")
        header = page.locator("header").bounding_box()["height"]
        assert header <= 800 / 5, header  # about a fifth of the screen at most
        nav = page.locator("#site-nav")
        assert not nav.is_visible()
        page.get_by_role("link", name="菜单").or_(page.get_by_role("button", name="菜单")).click()
        assert nav.is_visible()
        nav.get_by_role("link", name="咨询问答").click()
        page.wait_for_load_state()
        assert page.url.endswith("/questions/")
        context.close()


def test_the_verify_result_shows_the_genuine_package_in_the_first_screen(live_server, page, demo):
    from producers.labels import codes
    from producers.labels.models import LabelBatch

    batch = LabelBatch.objects.filter(voided_at__isnull=True).order_by("pk").first()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/v/{codes.encode(batch.key_version, batch.pk, 3)}")
    for locator in [
        page.locator(".verify-result h2"),
        page.locator(".verify-summary dd").first,
        page.locator(".verify-summary dd").nth(1),
        page.locator(".verify-summary img"),
    ]:
        box = locator.bounding_box()
        assert box and box["y"] + box["height"] <= 800, locator
    page.screenshot(path=str(SHOTS / "verify-result-phone.png"))
    # Tap to enlarge: a dialog with the full picture.
    page.locator(".verify-summary a.zoom").click()
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/questions/",
        "/questions/ask/",
        "/questions/track/",
        "/news/",
        "/news/{article}/",
        "/events/",
        "/industry/",
        "/industry/parks/",
        "/industry/associations/{association}/",
        "/rights/",
        "/about/",
        "/contact/",
        "/sitemap/",
        "/accessibility/",
        "/verify/",
    ],
)
def test_accessibility_audit_of_the_portal_pages(live_server, page, demo, axe_core_script, path):
    from shanting_gi.portal.models import Article, Association

    path = path.format(
        article=Article.objects.published().first().pk,
        association=Association.objects.order_by("pk").first().pk,
    )
    for lang in ("zh-hans", "en"):
        for elder in ("", "1"):
            page.context.add_cookies(
                [
                    {"name": "lang", "value": lang, "url": live_server.url},
                    {"name": "elder", "value": elder, "url": live_server.url},
                ]
            )
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.add_script_tag(path=str(axe_core_script))
            result = page.evaluate("async () => await axe.run(document)")
            violations = [
                {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"]
            ]
            assert violations == [], f"{path} ({lang}, elder={elder!r}): " + json.dumps(
                violations, ensure_ascii=False
            )
