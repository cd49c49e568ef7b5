"""Browser journeys: a person in headless Chromium against the live server.

Each test makes its own data; live_server needs transactional database access.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import dom_csp_violations, record_csp_violations, watch_problems
from tests.factories import AccountFactory, ContactFactory, TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LOCALE_DIR = Path(__file__).resolve().parents[2] / "keyplan" / "locale"

# The msgstr of keyplan/locale/{pl,ru}/LC_MESSAGES/django.po for these msgids.
PL = {"Accounts": "Klienci", "Customer's annual revenue": "Roczny przychód klienta"}
RU = {"Accounts": "Клиенты", "Customer's annual revenue": "Годовая выручка клиента"}


def normalise(text: str) -> str:
    """Babel groups digits with U+00A0 (and some locales with U+202F): compare as spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def require_compiled_catalog(language: str) -> None:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        pytest.fail(
            f"{mo} is missing or older than its .po: run `make messages` "
            "(pybabel compile --domain django --directory keyplan/locale).",
            pytrace=False,
        )


def catalog_msgstr(language: str, msgid: str) -> str:
    """What the catalog says now, for the failure message only (the test asserts constants)."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        message = read_po(po).get(msgid)
    return repr(message.string) if message else "no such msgid"


def assert_translated(page, language: str, expected: dict[str, str]) -> None:
    hint = "; ".join(
        f"{msgid!r} → {text!r} expected, {language} has {catalog_msgstr(language, msgid)}"
        for msgid, text in expected.items()
    )
    assert expected["Accounts"] in nav_labels(page), f"nav {nav_labels(page)}: {hint}"
    label = page.locator(".facts dt", has_text=expected["Customer's annual revenue"])
    assert label.count() == 1, f"revenue label missing: {hint}"


def switch_language(page, code: str) -> None:
    """Choose a language in the top bar; keyplan.js submits the form on change."""
    page.locator("#language-select").select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.wait_for_load_state()


def tab_to(page, is_target: str, *, limit: int = 60) -> None:
    """Press Tab until `is_target` (a JS function of the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({is_target})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached the element matching {is_target}")


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.locator("header.topbar .nav a").all_inner_texts()]


def test_kam_finds_opens_and_reads_an_account_in_three_languages(page, login):
    require_compiled_catalog("pl")
    require_compiled_catalog("ru")
    kam = UserFactory(username="kasia", first_name="Katarzyna", last_name="Nowak", role="kam")
    member = UserFactory(username="piotr", first_name="Piotr", last_name="Zieliński", role="team")
    account = AccountFactory(
        name="Polmet Sp. z o.o.",
        owner=kam,
        account_class="strategic",
        currency="PLN",
        annual_revenue=Decimal("1234567.89"),
    )
    AccountFactory(name="Baltic Foods S.A.", owner=kam, account_class="regular")
    TeamMemberFactory(account=account, user=member, role="Service manager")
    ContactFactory(account=account, first_name="Jan", last_name="Kowalski")

    login(page, kam)
    expect(page.locator("#getting-started")).to_be_visible()  # "/" is the home page now
    page.goto("/accounts/")
    expect(page).to_have_url(re.compile(r"/accounts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)

    # Live filtering: htmx swaps #results in place; the document is never reloaded.
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(
        lambda r: "/accounts/?" in r.url and r.request.headers.get("hx-request") == "true"
    ) as filtered:
        page.locator("#id_q").press_sequentially("Polm")
    assert filtered.value.status == 200
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Polmet Sp. z o.o.")
    expect(page.locator("#results")).not_to_contain_text("Baltic Foods")
    expect(page).to_have_url(re.compile(r"[?&]q=Polm"))  # hx-push-url
    assert page.evaluate("window.__sameDocument") is True, "the search reloaded the page"

    page.get_by_role("link", name="Polmet Sp. z o.o.").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Polmet Sp. z o.o.")
    meta = page.locator(".account-meta")
    expect(meta.locator(".badge")).to_have_text("Strategic")
    expect(meta).to_contain_text("Owner: Katarzyna Nowak")
    assert normalise(page.locator("#annual-revenue").inner_text()) == "PLN1,234,567.89"
    # The team and the contacts are on the People tab, loaded in place (htmx) with the
    # address following it; the Overview tab brings the overview back.
    page.wait_for_load_state()  # the deferred scripts (htmx, the tabs) have run
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("tab", name="People").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/people/$"))
    expect(page.get_by_role("tab", name="People")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#team")).to_contain_text("Piotr Zieliński")
    expect(page.locator("#team")).to_contain_text("Service manager")
    expect(page.locator("#contacts")).to_contain_text("Jan Kowalski")
    assert page.evaluate("window.__sameDocument") is True, "the tab reloaded the page"
    page.get_by_role("tab", name="Overview").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/$"))
    expect(page.locator("#annual-revenue")).to_be_visible()

    switch_language(page, "pl")
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/$"))
    assert_translated(page, "pl", PL)
    assert normalise(page.locator("#annual-revenue").inner_text()) == "1 234 567,89 zł"

    switch_language(page, "ru")
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/$"))
    assert_translated(page, "ru", RU)
    assert normalise(page.locator("#annual-revenue").inner_text()) == "1 234 567,89 PLN"


def test_kam_creates_an_account_with_the_keyboard_then_edits_it(page, login):
    kam = UserFactory(username="kasia", first_name="Katarzyna", last_name="Nowak", role="kam")
    login(page, kam)
    expect(page.locator("#getting-started")).to_be_visible()  # "/" is the home page now
    page.goto("/accounts/")
    expect(page).to_have_url(re.compile(r"/accounts/$"))

    # Keyboard only from here: Tab to the "New account" link and follow it with Enter.
    tab_to(page, "el => el.tagName === 'A' && el.textContent.trim() === 'New account'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/new/$"))
    expect(page.locator("#id_name")).to_be_focused()  # autofocus

    page.keyboard.type("Wisła Logistics Sp. z o.o.")
    page.keyboard.press("Tab")
    page.keyboard.type("ERP-4711")
    tab_to(page, "el => el.id === 'id_account_class'")
    page.keyboard.type("Strategic")  # type-ahead on a focused <select>
    expect(page.locator("#id_account_class")).to_have_value("strategic")
    tab_to(page, "el => el.id === 'id_industry'")
    page.keyboard.type("Transport")
    expect(page.locator("#id_industry")).to_have_value("logistics")
    tab_to(page, "el => el.id === 'id_annual_revenue'")
    page.keyboard.type("250000")
    page.keyboard.press("Enter")  # implicit submission from a text field

    expect(page).to_have_url(re.compile(r"/accounts/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wisła Logistics Sp. z o.o.")
    expect(page.locator(".messages")).to_contain_text("created")
    meta = page.locator(".account-meta")
    expect(meta.locator(".badge")).to_have_text("Strategic")
    expect(meta).to_contain_text("Owner: Katarzyna Nowak")  # a KAM owns what they create
    expect(page.locator("#profile .facts")).to_contain_text("ERP-4711")
    expect(page.locator("#profile .facts")).to_contain_text("Transport and logistics")
    detail_url = page.url

    page.get_by_role("link", name="Edit").click()
    expect(page).to_have_url(re.compile(r"/accounts/\d+/edit/$"))
    page.locator("#id_account_class").select_option("regular")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(detail_url)
    expect(page.locator(".messages")).to_contain_text("Changes saved.")
    expect(page.locator(".account-meta .badge")).to_have_text("Regular")
    page.get_by_role("tab", name="History").focus()
    page.keyboard.press("Enter")  # the tabs are links: the keyboard follows them
    expect(page).to_have_url(re.compile(r"/accounts/\d+/history/$"))
    latest = page.locator("#history ol.history > li").first
    expect(latest).to_contain_text("Katarzyna Nowak")
    expect(latest).to_contain_text("Account: changed")
    expect(latest.locator("ul li")).to_have_text(re.compile(r"Class:\s*Strategic\s*→\s*Regular"))
    expect(latest.locator("del")).to_have_text("Strategic")
    expect(latest.locator("ins")).to_have_text("Regular")
    expect(page.locator("#history")).to_contain_text("Account: created")


def test_portfolio_chart_renders_without_console_errors_or_csp_violations(page, login):
    kam = UserFactory(username="kasia", role="kam")
    for account_class in ("strategic", "strategic", "regular", "prospect"):
        AccountFactory(owner=kam, account_class=account_class)

    problems = watch_problems(page)
    # Belt and braces: the DOM event fires for every violation, reported or not.
    record_csp_violations(page)

    login(page, kam)
    response = page.goto("/portfolio/")
    assert response is not None and response.status == 200
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp, f"the page is not served under the CSP: {csp!r}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")

    chart = page.locator(".js-bar-chart")
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart.locator("svg")).to_be_visible()
    expect(chart.locator("svg text", has_text="Strategic")).to_have_count(1)
    assert chart.locator("svg path").count() > 0, "the chart has no bars"

    problems += dom_csp_violations(page)
    assert problems == []


def test_outsider_kam_gets_404_for_another_kams_account(page, login):
    owner = UserFactory(username="owner", role="kam")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=owner)
    outsider = UserFactory(username="outsider", role="kam")
    AccountFactory(name="Other Customer GmbH", owner=outsider)

    login(page, outsider)
    page.goto("/accounts/")
    expect(page.locator("#results")).to_contain_text("Other Customer GmbH")
    expect(page.locator("#results")).not_to_contain_text("Polmet")

    for url in (f"/accounts/{account.pk}/", f"/accounts/{account.pk}/edit/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.locator("main")).to_contain_text("nothing you have access to")
        expect(page.locator("body")).not_to_contain_text("Polmet")
