"""The browser stack works end to end: Chromium, Playwright, a live Django server."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_healthz_in_a_real_browser(live_server, page):
    response = page.goto(live_server.url + "/healthz")

    assert response.status == 200
    assert '"status": "ok"' in page.locator("body").inner_text()
