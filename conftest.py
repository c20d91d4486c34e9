"""Site-wide pytest configuration.

Playwright cannot download its own browsers here, so the browser tests drive Debian's
Chromium; pytest-playwright has no flag for that, hence the fixture override below.
"""

import itertools
import os
from pathlib import Path

import pytest

_cache_numbers = itertools.count(1)

# CHROMIUM_PATH lets a developer without Debian's package point at another Chromium build.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Without the networking flags Chromium keeps trying to reach Google's servers, which
# slows every launch on a machine without internet access.
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in CI, where the sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path():
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright's launch options (--headed, --slowmo …) plus Debian's Chromium."""
    headless = browser_type_launch_args.get("headless", True)
    args = [*(["--headless"] if headless else []), *CHROMIUM_ARGS]
    return {**browser_type_launch_args, "executable_path": str(chromium_path), "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A visitor as the portal mostly sees one: a Chinese browser in China's time zone.

    Without an explicit locale Chromium's Accept-Language follows the machine's LANG, so
    the language the site picks would differ between a developer's laptop and CI.
    """
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **browser_context_args}


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets an empty in-memory cache.

    The default file cache lives in the checkout (.cache/django), so rate-limit counts and
    cached fragments would otherwise leak from one test into the next, and between runs
    (CI's PostgreSQL and SQLite passes, or two runs side by side).
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{next(_cache_numbers)}",
        }
    }


@pytest.fixture(autouse=True)
def _temporary_uploads(settings, tmp_path_factory):
    """Uploads and generated images go to temporary folders, never into the checkout."""
    root = tmp_path_factory.mktemp("uploads")
    settings.MEDIA_ROOT = root / "media"
    settings.PRIVATE_MEDIA_ROOT = root / "private"
