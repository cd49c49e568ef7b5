"""The score sheet (inline manual scores, conflicts, filters, query counts) and the
criteria page, through the Django test client."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore, Criterion, PortfolioSettings
from keyplan.sales.models import MonthlyRollup
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory

SHEET = reverse("scoring:scores")
CRITERIA = reverse("scoring:criteria")
HTMX = {"HTTP_HX_REQUEST": "true"}


def manual() -> Criterion:
    return Criterion.objects.get(key="partnership")


def cell_url(account, criterion=None) -> str:
    criterion = criterion or manual()
    return reverse("scoring:score-cell", args=[account.pk, criterion.pk])


def score(account, criterion, value: int, *, by=None, rationale: str = "") -> AccountScore:
    return AccountScore.objects.create(
        account=account,
        criterion=criterion,
        score=value,
        rationale=rationale,
        scored_by=by,
        scored_at=timezone.now(),
        from_data=criterion.is_data,
    )


def sales(account, revenue: str, cost: str = "0", months: int = 12, last=date(2024, 12, 1)):
    month = last
    for _ in range(months):
        MonthlyRollup.objects.create(
            account=account,
            month=month,
            currency="PLN",
            revenue=Decimal(revenue),
            cost=Decimal(cost),
        )
        month = (month - timedelta(days=1)).replace(day=1)


def criteria_form(world=None, **changes) -> dict:
    """The criteria page's form as it stands, with `changes` ({"partnership-weight": "5"})."""
    data: dict = {}
    for c in Criterion.objects.all():
        if c.enabled:
            data[f"{c.key}-enabled"] = "on"
        data[f"{c.key}-weight"] = str(c.weight)
        data[f"{c.key}-metric"] = c.metric
        data[f"{c.key}-method"] = c.method
        data[f"{c.key}-low"] = "" if c.low is None else str(c.low)
        data[f"{c.key}-high"] = "" if c.high is None else str(c.high)
        if c.higher_is_better:
            data[f"{c.key}-higher_is_better"] = "on"
    data.update(changes)
    return data


def html(response) -> str:
    return unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def rows(response) -> list[str]:
    return [row["name"] for row in response.context["page"].object_list]


# --- the sheet ---------------------------------------------------------------------------


def test_sheet_shows_scores_totals_and_class_side_by_side(world, client_for):
    partnership = manual()
    profit = Criterion.objects.get(key="profit_potential")
    score(world.account, partnership, 9, by=world.owner, rationale="Ten years together")
    score(world.account, profit, 7, rationale="4800 PLN → 7 (deciles, higher is better)")

    response = client_for("director").get(SHEET)

    assert response.status_code == 200
    page = html(response)
    assert "Partnership potential" in page
    assert 'title="4800 PLN → 7 (deciles, higher is better)"' in page  # data cell: read only
    assert 'name="score"' in page and 'value="9"' in page  # manual cell: an input
    row = next(r for r in response.context["page"].object_list if r["name"] == world.account.name)
    # weights 2 (partnership) and 3 (profit) among the scored: (9*2 + 7*3) / 5
    assert row["total"] == Decimal("7.80")
    assert f'id="total-{world.account.pk}"' in page
    assert "badge-strategic" in page


def test_data_cells_have_no_input(world, client_for):
    profit = Criterion.objects.get(key="profit_potential")
    score(world.account, profit, 5, rationale="from data")

    page = html(client_for("director").get(SHEET))

    assert f'id="cell-{world.account.pk}-{profit.pk}"' in page
    block = page.split(f'id="cell-{world.account.pk}-{profit.pk}"')[1].split("</div>")[0]
    assert "<input" not in block
    assert 'title="from data"' in block


def test_candidates_are_marked_and_filterable(world, client_for):
    candidate = AccountFactory(name="Rising Star SA", owner=world.owner, account_class="regular")
    score(candidate, manual(), 10)
    for key in ("profit_potential", "tenure", "payment"):
        score(candidate, Criterion.objects.get(key=key), 9)
    score(world.account, manual(), 10)  # strategic already: never a candidate

    client = client_for("director")
    page = html(client.get(SHEET))
    only = client.get(SHEET, {"candidates": "1"})

    assert "badge-candidate" in page
    assert page.count('class="badge badge-candidate"') == 1
    assert rows(only) == ["Rising Star SA"]
    assert only.context["sheet"]["candidates"] == 1


def test_filters_by_class_owner_and_country(world, client_for):
    AccountFactory(name="Berlin GmbH", owner=world.owner, country="DE", account_class="prospect")
    client = client_for("director")

    assert rows(client.get(SHEET, {"class": "prospect"})) == ["Berlin GmbH"]
    by_owner = rows(client.get(SHEET, {"owner": world.outsider.pk}))
    assert by_owner == [world.other_account.name]
    assert set(rows(client.get(SHEET, {"country": "DE"}))) == {"Berlin GmbH", "Other Customer GmbH"}
    assert rows(client.get(SHEET, {"class": "nonsense", "owner": "x"}))  # ignored, no error


def test_filtered_empty_state_and_htmx_partial(world, client_for):
    response = client_for("director").get(SHEET, {"country": "FR"}, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "No account matches these filters." in html(response)


def test_empty_sheet(db, client):
    lonely = UserFactory(username="lonely", role="kam")
    client.force_login(lonely)

    response = client.get(SHEET)

    assert response.status_code == 200
    assert "No accounts to score yet." in html(response)


def test_sort_by_name_and_pagination(world, client_for):
    for i in range(55):
        AccountFactory(name=f"Zeta {i:02d}", owner=world.owner)
    client = client_for("director")

    first = client.get(SHEET, {"sort": "name"})
    second = client.get(SHEET, {"sort": "name", "page": 2})

    assert rows(first)[:2] == ["Other Customer GmbH", "Polmet Sp. z o.o."]
    assert len(rows(first)) == 50
    assert len(rows(second)) == 7
    assert "Page 2 of 2" in html(second)


def test_kam_sees_only_visible_accounts(world, client_for):
    response = client_for("owner").get(SHEET)

    assert rows(response) == [world.account.name]


def test_viewer_sees_no_inputs_and_cannot_post(world, client_for):
    score(world.account, manual(), 6, by=world.owner, rationale="Good")
    client = client_for("viewer")

    page = html(client.get(SHEET))
    response = client.post(cell_url(world.account), {"score": "9"}, **HTMX)

    assert 'name="score"' not in page
    assert 'title="Good' in page
    assert "Recompute data scores" not in page
    assert response.status_code == 403
    assert AccountScore.objects.get(account=world.account).score == 6


def test_outsider_gets_404_for_a_cell(world, client_for):
    response = client_for("outsider").post(cell_url(world.account), {"score": "9"}, **HTMX)

    assert response.status_code == 404
    assert not AccountScore.objects.exists()


# --- inline saving -------------------------------------------------------------------------


def test_inline_save_returns_the_cell_and_the_new_total(world, client_for):
    response = client_for("member").post(
        cell_url(world.account),
        {"score": "8", "rationale": " Joint R&D ", "r": "3", "c": "0"},
        **HTMX,
    )

    assert response.status_code == 200
    saved = AccountScore.objects.get(account=world.account, criterion=manual())
    assert (saved.score, saved.rationale, saved.scored_by) == (8, "Joint R&D", world.member)
    body = html(response)
    assert f'id="cell-{world.account.pk}-{manual().pk}"' in body
    assert 'value="8"' in body and 'data-row="3"' in body
    assert f'id="total-{world.account.pk}" class="score-total" hx-swap-oob="true"' in body
    assert "<strong>8.00</strong>" in body
    assert f'value="{saved.updated_at.isoformat()}"' in body  # the next save's version


def test_inline_save_without_htmx_redirects_back_with_a_message(world, client_for):
    response = client_for("owner").post(
        cell_url(world.account), {"score": "4", "next": f"{SHEET}?sort=name"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"{SHEET}?sort=name"
    assert "Score saved." in messages_of(response)


def test_unsafe_next_falls_back_to_the_sheet(world, client_for):
    response = client_for("owner").post(
        cell_url(world.account), {"score": "4", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == SHEET


@pytest.mark.parametrize("value", ["11", "0", "abc", "", "7.5"])
def test_invalid_scores_are_refused(world, client_for, value):
    response = client_for("owner").post(cell_url(world.account), {"score": value}, **HTMX)

    assert response.status_code == 422
    assert "Enter a whole number from 1 to 10." in html(response)
    assert 'aria-invalid="true"' in html(response)
    assert not AccountScore.objects.exists()


def test_a_data_criterion_cannot_be_scored_by_hand(world, client_for):
    tenure = Criterion.objects.get(key="tenure")

    response = client_for("director").post(cell_url(world.account, tenure), {"score": "5"}, **HTMX)

    assert response.status_code == 422
    assert "scored from data" in html(response)
    assert not AccountScore.objects.exists()


def test_unknown_criterion_is_404(world, client_for):
    url = reverse("scoring:score-cell", args=[world.account.pk, 999999])

    assert client_for("director").post(url, {"score": "5"}, **HTMX).status_code == 404


def test_conflict_shows_both_values_and_keeps_theirs(world, client_for):
    theirs = score(world.account, manual(), 9, by=world.member, rationale="Member's view")
    seen = theirs.updated_at - timedelta(seconds=5)  # the owner read an older version

    response = client_for("owner").post(
        cell_url(world.account), {"score": "3", "seen_updated_at": seen.isoformat()}, **HTMX
    )

    assert response.status_code == 409
    body = html(response)
    assert "saved 9 here while you were editing; you entered 3" in body
    assert str(world.member) in body
    assert AccountScore.objects.get(pk=theirs.pk).score == 9
    assert f'value="{theirs.updated_at.isoformat()}"' in body  # saving again replaces theirs


def test_a_score_entered_meanwhile_into_an_empty_cell_is_a_conflict(world, client_for):
    theirs = score(world.account, manual(), 7, by=world.member)

    response = client_for("owner").post(
        cell_url(world.account), {"score": "2", "seen_updated_at": "", "blank": "1"}, **HTMX
    )

    assert response.status_code == 409
    assert "saved 7 here while you were editing; you entered 2" in html(response)
    assert AccountScore.objects.get(pk=theirs.pk).score == 7


def test_conflict_without_htmx_is_a_message(world, client_for):
    theirs = score(world.account, manual(), 9, by=world.member)
    seen = theirs.updated_at - timedelta(seconds=5)

    response = client_for("owner").post(
        cell_url(world.account), {"score": "3", "seen_updated_at": seen.isoformat()}, follow=True
    )

    assert any("you entered 3" in m for m in messages_of(response))
    assert AccountScore.objects.get(pk=theirs.pk).score == 9


def test_own_newer_version_is_not_a_conflict(world, client_for):
    mine = score(world.account, manual(), 5, by=world.owner)
    seen = mine.updated_at - timedelta(seconds=5)

    response = client_for("owner").post(
        cell_url(world.account),
        {"score": "6", "rationale": "after a second look", "seen_updated_at": seen.isoformat()},
        **HTMX,
    )

    assert response.status_code == 200
    assert AccountScore.objects.get(pk=mine.pk).rationale == "after a second look"


# --- recompute ----------------------------------------------------------------------------


def test_recompute_writes_data_scores_for_managers(world, client_for):
    sales(world.account, "1000", "400")
    sales(world.other_account, "300", "100")

    response = client_for("director").post(reverse("scoring:scores-recompute"), follow=True)

    assert response.redirect_chain[-1][0] == SHEET
    assert AccountScore.objects.filter(from_data=True).exists()
    assert any("Data scores recomputed" in m for m in messages_of(response))


def test_recompute_with_htmx_reloads_the_sheet(world, client_for):
    response = client_for("admin").post(reverse("scoring:scores-recompute"), **HTMX)

    assert response.status_code == 204
    assert response["HX-Redirect"] == SHEET


def test_recompute_is_refused_to_others(world, client_for):
    assert client_for("owner").post(reverse("scoring:scores-recompute")).status_code == 403


# --- query counts ---------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    criteria = list(Criterion.objects.filter(enabled=True))
    for i in range(n):
        account = AccountFactory(owner=world.owner if i % 2 else world.outsider)
        TeamMemberFactory(account=account, user=world.member)
        sales(account, str(100 + i), "50", months=2)
        for criterion in criteria:
            score(account, criterion, 1 + i % 10, by=world.owner)


def _count(client, url: str) -> int:
    client.get(url)  # the session is stamped on the first request
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user", ["director", "member"])
def test_sheet_queries_do_not_grow_with_accounts(world, client_for, user):
    client = client_for(user)
    _grow(world, 3)
    small = _count(client, SHEET)
    _grow(world, 30)
    large = _count(client, SHEET)

    assert small == large
    assert large <= 20


def test_sheet_query_ceiling(world, client_for, django_assert_max_num_queries):
    _grow(world, 12)
    client = client_for("director")
    client.get(SHEET)

    with django_assert_max_num_queries(20):
        client.get(SHEET, {"sort": "headroom"})


# --- criteria -------------------------------------------------------------------------------


def test_criteria_page_shows_the_ten_with_normalised_weights(world, client_for):
    response = client_for("director").get(CRITERIA)

    page = html(response)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 10
    # seeded in use: partnership 2, tenure 1, profit 3, payment 1 → 2/7 = 28.6%
    assert "28.6%" in page and "42.9%" in page
    assert 'name="partnership-weight"' in page


def test_criteria_save_changes_weight_rule_and_history(world, client_for):
    data = criteria_form(
        world,
        **{
            "partnership-weight": "4",
            "geography-enabled": "on",
            "average_invoice-enabled": "on",
            "average_invoice-method": "linear",
            "average_invoice-low": "100",
            "average_invoice-high": "5000",
        },
    )

    response = client_for("director").post(CRITERIA, data, follow=True)

    assert response.redirect_chain[-1][0] == CRITERIA
    partnership = Criterion.objects.get(key="partnership")
    invoice = Criterion.objects.get(key="average_invoice")
    assert partnership.weight == 4
    assert Criterion.objects.get(key="geography").enabled
    assert (invoice.enabled, invoice.method, invoice.low, invoice.high) == (
        True,
        "linear",
        Decimal("100"),
        Decimal("5000"),
    )
    msgs = messages_of(response)
    assert "Criteria saved." in msgs
    assert any("recompute the data scores" in m for m in msgs)
    history = response.context["history"]
    changes = [(e["subject"], c["field"], c["new"]) for e in history for c in e["changes"]]
    assert ("Partnership potential and relationship history", "Weight", "4") in changes
    # the first change is compared with the seeded catalogue: only what changed is listed
    partnership = next(e for e in history if e["subject"].startswith("Partnership"))
    assert partnership["changes"] == [{"field": "Weight", "old": "2", "new": "4"}]
    assert history[0]["who"] == str(world.director)


def test_criteria_history_shows_differences_after_the_first_change(world, client_for):
    client = client_for("director")
    client.post(CRITERIA, criteria_form(world, **{"partnership-weight": "4"}))
    client.post(CRITERIA, criteria_form(world, **{"partnership-weight": "6"}))

    history = client.get(CRITERIA).context["history"]

    assert history[0]["changes"] == [{"field": "Weight", "old": "4", "new": "6"}]


def test_criteria_unchanged_save_says_so(world, client_for):
    response = client_for("director").post(CRITERIA, criteria_form(world), follow=True)

    assert "Nothing changed." in messages_of(response)


def test_criteria_need_a_weight_above_zero(world, client_for):
    zeroed = {f"{c.key}-weight": "0" for c in Criterion.objects.all()}

    response = client_for("director").post(CRITERIA, criteria_form(world, **zeroed))

    assert response.status_code == 200
    assert "Give at least one criterion in use a weight above zero." in html(response)
    assert Criterion.objects.get(key="partnership").weight == 2


def test_linear_rule_needs_different_ends_and_names_the_field(world, client_for):
    data = criteria_form(world, **{"tenure-low": "5", "tenure-high": "5"})

    response = client_for("director").post(CRITERIA, data)

    msgs = messages_of(response)
    assert any(
        m.startswith("Tenure of the relationship, value scoring 10: ") and "must differ" in m
        for m in msgs
    ), msgs
    assert Criterion.objects.get(key="tenure").low == 0


def test_linear_rule_needs_both_ends(world, client_for):
    data = criteria_form(world, **{"payment-low": ""})

    response = client_for("director").post(CRITERIA, data)

    assert any(
        m.startswith("Purchasing process and payment speed, value scoring 1: ")
        for m in messages_of(response)
    )
    field = re.search(r'name="payment-low"[^>]*>', html(response))
    assert field is not None


def test_negative_weight_is_refused(world, client_for):
    response = client_for("director").post(
        CRITERIA, criteria_form(world, **{"tenure-weight": "-1"})
    )

    assert any(m.startswith("Tenure of the relationship, weight: ") for m in messages_of(response))


def test_criteria_read_only_for_others(world, client_for):
    client = client_for("owner")

    page = html(client.get(CRITERIA))
    response = client.post(CRITERIA, criteria_form(world, **{"partnership-weight": "9"}))

    assert 'name="partnership-weight"' not in page
    assert "Scored by people" in page
    assert response.status_code == 403
    assert Criterion.objects.get(key="partnership").weight == 2


def test_criteria_warn_when_nothing_weighs(world, client_for):
    Criterion.objects.update(weight=0)

    page = html(client_for("viewer").get(CRITERIA))

    assert "No criterion in use has a weight above zero" in page


def test_candidate_threshold_comes_from_settings(world, client_for):
    settings = PortfolioSettings.load()
    settings.candidate_score = Decimal("5")
    settings.save()
    regular = Account.objects.get(pk=world.other_account.pk)
    score(regular, manual(), 6)

    response = client_for("director").get(SHEET, {"candidates": "1"})

    assert rows(response) == [regular.name]
