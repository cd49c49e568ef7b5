"""Issue #18, "Layout at 1366 px": the rough edges the page walk found
(tests/browser/test_page_walk.py), each pinned without a browser."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from keyplan.core.money import format_money
from keyplan.execution.common import messages
from keyplan.execution.common.services import notify
from keyplan.execution.models import NotificationKind
from keyplan.imports.models import ImportJob


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


STATIC = Path(settings.BASE_DIR) / "keyplan" / "static" / "keyplan"


def _css(name: str = "keyplan.css") -> str:
    return (STATIC / name).read_text()


def _rule(css: str, selector: str) -> str:
    found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert found, f"no rule for {selector}"
    return found.group(1)


# --- the top bar fits one line -----------------------------------------------------------------


def test_the_menu_can_fold_into_more_and_the_role_moves_into_the_user_menu(world):
    client = as_user(world.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("accounts:list")).content.decode()
    assert re.search(r'<ul class="nav" data-more="[^"]+">', page)
    summary = re.search(r"<summary>(.*?)</summary>", page, re.S).group(1)
    assert "(" not in summary  # the name only; the role is the menu's first line
    assert '<li class="muted">' in page
    for selector in (".nav a, .topbar-right > *, .user-menu summary",):
        assert "white-space: nowrap" in _rule(_css(), selector)


def test_the_unread_count_is_a_number_with_its_sentence_for_screen_readers(world):
    with translation.override("en"):
        notify(
            user=world.owner,
            kind=NotificationKind.DUE,
            message=messages.ACTION_OVERDUE,
            params={"title": "Call", "account": "Polmet", "date": "2026-12-04"},
            url="/plans/1/actions/",
            email=False,
        )
    badge = (
        as_user(world.owner)
        .get(reverse("work:notifications-badge"), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert '<span aria-hidden="true">1</span>' in badge
    assert '<span class="visually-hidden">1 unread notification</span>' in badge
    assert 'title="1 unread notification"' in badge


# --- tables, figures and money never widen the page -------------------------------------------


def test_wide_tables_and_the_score_sheet_scroll_inside_the_page():
    css = _css()
    sheet = _rule(css, ".sheet-scroll")
    assert "overflow-x: auto" in sheet and "max-content" not in sheet
    assert "position: relative" in _rule(css, ".table-scroll")  # clips hidden labels too
    assert "wrapTables" in (STATIC / "keyplan.js").read_text()


def test_figures_on_cards_never_break_inside():
    css = _css()
    assert "anywhere" not in _rule(css, ".pareto-figures .stat-value")
    assert "white-space: nowrap" in _rule(css, ".pareto-figures .stat-value")
    assert "white-space: nowrap" in _rule(css, ".kpi-card .stat-value")
    assert "minmax(280px" in _rule(css, ".kpi-cards")


def test_money_has_no_breakable_space_in_polish_and_russian():
    for language in ("pl", "ru"):
        with translation.override(language):
            shown = format_money(Decimal("430890477.08"), "PLN")
        assert " " not in shown and "\u00a0" in shown, (language, shown)


# --- internal codes ----------------------------------------------------------------------------


def test_an_import_shows_its_fields_labels_not_their_internal_names(world, tmp_path):
    path = tmp_path / "wallet.csv"
    path.write_text("Customer ID,Category spend\nC1,100\n")
    job = ImportJob.objects.create(
        kind="wallet",
        file_path=str(path),
        original_name="wallet.csv",
        size=path.stat().st_size,
        status="succeeded",
        created_by=world.admin,
        mapping={"account_external_id": "Customer ID", "category_spend": "Category spend"},
    )
    page = as_user(world.admin).get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Account&#x27;s external ID" in page or "Account's external ID" in page
    assert "Yearly spend in our category" in page
    assert "account_external_id" not in page and "category_spend" not in page
    assert '<td translate="no">Customer ID</td>' in page  # the file's own words, as they are


def test_a_warnings_evidence_is_folded_away():
    template = (
        Path(settings.BASE_DIR) / "keyplan/templates/economics/_warnings_account_list.html"
    ).read_text()
    assert re.search(r"<details[^>]*evidence[^>]*><summary>.*Evidence.*</summary>", template)
