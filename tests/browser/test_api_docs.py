import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.browser


def test_docs_page_runs_in_chromium_without_csp_violations(world, live_server, context):
    """The real check that the policy and Swagger UI get along: no blocked script or
    style, no error, every operation rendered, nothing loaded from another origin."""
    client = Client()
    client.force_login(world.owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    problems: list[str] = []
    requests: list[str] = []
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert problems == []
    assert "/api/v1/accounts/{account_id}" in paths and len(paths) >= 12
    assert all(url.startswith(live_server.url) for url in requests), requests
