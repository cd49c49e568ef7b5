"""Playwright fixtures for the browser journeys: Debian's Chromium, headless.

One browser per session, a fresh context (cookies, storage) per test. A missing
Chromium is a failure, never a skip: CI must not pass without running these.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread, and the test creates its
# data with the ORM in the same thread; Django refuses that unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("KEYPLAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 15_000  # generous for a loaded CI machine; passing runs never wait it out
# The assertions wait as long as the actions do (Playwright's expect() waits 5 s otherwise).
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(autouse=True)
def _page_cache_as_in_production(settings):
    """The journeys run with keyplan's page cache on, as a server does (the test settings
    turn it off for the query counts): a page a journey changes must show the change."""
    from keyplan.core import pagecache

    settings.PAGE_CACHE = True
    pagecache.clear()
    yield
    pagecache.clear()


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's 'chromium' "
            "package (`sudo apt-get install chromium`, or `bash scripts/ensure-chromium.sh`).",
            pytrace=False,
        )
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Error as exc:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server) -> Iterator:
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="Europe/Warsaw"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def login(password):
    """login(page, user): signs in through the login form, like a person would."""
    from playwright.sync_api import expect

    def do_login(page, user) -> None:
        response = page.goto("/login/")
        assert response is not None and response.ok, f"the login page answered {response}"
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile(r"/login/"))

    return do_login
