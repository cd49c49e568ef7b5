"""Issue #18, item 1, in a real browser: in Polish and Russian every date input that the
page pre-fills shows its date after loading (Chromium empties an <input type="date">
whose value is not ISO, as it did with "04.12.2026")."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.competition.core_support import presence
from tests.plans.support import add, make_plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# Each input's value attribute (what the server sent) and value property (what the
# browser kept).
READ_INPUTS = """() => Array.from(document.querySelectorAll('input[type=date], input[type=month]'))
    .map(i => ({name: i.name, sent: i.getAttribute('value') || '', kept: i.value}))"""


def _pages(world) -> list[str]:
    plan = make_plan(world)
    add(plan, "action", world.owner, due_on=date(2026, 12, 4))
    return [
        reverse("competition:presence", args=[presence(world).pk]),
        reverse("plans:section", args=[plan.pk, "actions"]),
        reverse("interactions:account", args=[world.account.pk]),
        reverse("economics:cost-create", args=[world.account.pk]),
    ]


@pytest.mark.parametrize("language", ["pl", "ru"])
def test_prefilled_date_inputs_keep_their_dates(world, live_server, context, language):
    client = Client()
    client.force_login(world.owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    page = context.new_page()
    prefilled = 0
    for url in _pages(world):
        response = page.goto(url)
        assert response is not None and response.ok, url
        inputs = page.evaluate(READ_INPUTS)
        assert inputs, f"no date input on {url}"
        for found in inputs:
            if found["sent"]:
                prefilled += 1
                assert found["kept"] == found["sent"], (url, found)
    assert prefilled >= 2  # the assessment's date and the action's due date at least
