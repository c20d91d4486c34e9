"""What only a browser shows on the public portal: the language switch, search from the
header, the register's filter form, the phone-width layout and an accessibility audit."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# pytest-playwright empties test-results/ at start; keep screenshots beside the cache.
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
CHERRY = "/products/shanting-fire-cherry/"


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_language_switch_keeps_the_product_page(live_server, page, demo):
    page.goto(live_server.url + CHERRY)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "山亭火樱桃" in page.locator("h1").inner_text()

    page.get_by_role("button", name="English").click()

    page.wait_for_load_state()
    assert page.url == live_server.url + CHERRY
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Shanting Fire Cherry" in page.locator("h1").inner_text()

    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + CHERRY
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_search_by_pinyin_initials_from_the_header(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.locator("#site-search").fill("hyt")
    page.locator("#site-search").press("Enter")
    page.wait_for_load_state()
    assert "/search/?q=hyt" in page.url
    page.locator(f'main a[href="{CHERRY}"]').first.click()
    page.wait_for_load_state()
    assert page.url == live_server.url + CHERRY


def test_filter_the_producer_register_by_town(live_server, page, demo):
    page.goto(live_server.url + "/producers/")
    all_rows = page.locator("main tbody tr").count()
    assert all_rows > 0
    page.get_by_label("Town").or_(page.get_by_label("镇街")).first.select_option(label="店子镇")
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "town=" in page.url
    rows = page.locator("main tbody tr")
    assert 0 < rows.count() < all_rows
    for text in rows.all_inner_texts():
        assert "店子镇" in text


@pytest.mark.parametrize("path", ["/", CHERRY, "/statistics/"])
def test_phone_width_has_no_horizontal_scroll(live_server, page, demo, path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-") or "home"
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + path)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        assert no_horizontal_scroll(page), f"{path} scrolls sideways at {viewport['width']} px"


@pytest.mark.parametrize(
    "path", ["/", CHERRY, "/producers/", "/inspections/", "/library/", "/statistics/"]
)
def test_accessibility_audit_finds_no_violations(live_server, page, demo, axe_core_script, path):
    for lang in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(axe_core_script))
        result = page.evaluate("async () => await axe.run(document)")
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], f"{path} ({lang}): " + json.dumps(violations, ensure_ascii=False)
