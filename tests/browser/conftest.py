"""Fixtures for the Playwright tests (all marked ``browser``).

Without Chromium these tests skip on a developer's machine but fail in CI (CI=true), so a
CI image that lost its browser cannot pass with the browser tests silently skipped.
"""

import os
from pathlib import Path

import pytest

AXE_CORE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing(reason):
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _browser_environment(chromium_path):
    """Runs before pytest-playwright's session fixtures, and is torn down after them."""
    if not chromium_path.exists():
        missing(f"Chromium not found at {chromium_path}: apt-get install chromium")
    # Playwright's sync API keeps an event loop running in the main thread from its first
    # use until the end of the session, so Django's async-safety check would refuse every
    # ORM call made by later tests (and by the test database teardown) in this thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_core_script():
    """Path of axe.min.js, for ``page.add_script_tag(path=...)`` in accessibility tests."""
    if not AXE_CORE.exists():
        missing(f"{AXE_CORE} not found: run `npm ci` (make test does when npm is present)")
    return AXE_CORE
