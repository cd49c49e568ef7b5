"""Selection scoring: measured values, data-driven scores, manual scores, the score sheet,
share of wallet and SAM fitness."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyplan.core.errors import ConflictError
from keyplan.portfolio.models import AccountScore, Criterion, PortfolioSettings, SamFitness
from keyplan.portfolio.scoring.selectors import PER_PAGE, score_sheet
from keyplan.portfolio.scoring.services import clear_score, compute_data_scores, set_score
from keyplan.portfolio.wallet.services import delete_wallet, set_sam_fitness, set_wallet
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import account_metrics
from keyplan.sales.models import ExchangeRate, InvoiceLine, Payment, WalletEstimate
from keyplan.sales.services import rollup_rebuild
from tests.factories import AccountFactory

D = Decimal
YEAR_2024 = Period.months(date(2024, 1, 1), date(2024, 12, 31))
_documents = itertools.count(1)


def sell(account, day: date, revenue, cost="0", currency="PLN", document=None, line="1"):
    """One invoice line (call rollup_rebuild() before analysing)."""
    return InvoiceLine.objects.create(
        account=account,
        document_number=document or f"INV-{next(_documents)}",
        line_key=line,
        date=day,
        revenue=D(revenue),
        cost=D(cost),
        currency=currency,
    )


def pay(account, due: date | None, paid: date | None, amount="100"):
    n = next(_documents)
    return Payment.objects.create(
        account=account,
        document_number=f"PAY-{n}",
        payment_key="1",
        due_date=due,
        paid_date=paid,
        amount=D(amount),
        currency="PLN",
    )


def criterion(key: str) -> Criterion:
    return Criterion.objects.get(key=key)


def only_enabled(*keys: str) -> None:
    Criterion.objects.update(enabled=False)
    Criterion.objects.filter(key__in=keys).update(enabled=True)


# --- account_metrics ----------------------------------------------------------------


@pytest.mark.django_db
def test_tenure_counts_whole_months_from_the_first_invoice_to_the_period_end():
    old, new, never = AccountFactory(), AccountFactory(), AccountFactory()
    sell(old, date(2020, 1, 20), "10")
    sell(new, date(2024, 7, 3), "10")
    sell(new, date(2025, 3, 3), "10")  # after the period: does not count
    rollup_rebuild()

    metrics = account_metrics(YEAR_2024, [old.pk, new.pk, never.pk], base="PLN")

    assert metrics[old.pk]["tenure_years"] == D("5.00")  # Jan 2020 .. Dec 2024: 60 months
    assert metrics[new.pk]["tenure_years"] == D("0.50")  # Jul .. Dec 2024
    assert metrics[never.pk]["tenure_years"] is None


@pytest.mark.django_db
def test_revenue_and_gross_profit_in_the_base_currency_without_unrated_currencies():
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    account, quiet, never = AccountFactory(), AccountFactory(), AccountFactory()
    sell(account, date(2024, 3, 1), "100", cost="60")
    sell(account, date(2024, 4, 1), "10", cost="5", currency="EUR")
    sell(account, date(2024, 5, 1), "999", currency="USD")  # no rate: left out
    sell(quiet, date(2022, 5, 1), "50")  # bought before, not in the period
    rollup_rebuild()

    metrics = account_metrics(YEAR_2024, [account.pk, quiet.pk, never.pk], base="PLN")

    assert metrics[account.pk]["revenue"] == D("140.00")
    assert metrics[account.pk]["gross_profit"] == D("60.00")
    assert metrics[quiet.pk]["revenue"] == D("0.00")
    assert metrics[never.pk]["revenue"] is None
    assert metrics[never.pk]["gross_profit"] is None


@pytest.mark.django_db
def test_growth_is_year_on_year_and_none_without_a_positive_base():
    growing, shrinking, new = AccountFactory(), AccountFactory(), AccountFactory()
    sell(growing, date(2023, 6, 1), "100", cost="50")
    sell(growing, date(2024, 6, 1), "150", cost="50")
    sell(shrinking, date(2023, 2, 1), "200")
    sell(shrinking, date(2024, 2, 1), "150")
    sell(new, date(2024, 2, 1), "150")
    rollup_rebuild()

    metrics = account_metrics(YEAR_2024, [growing.pk, shrinking.pk, new.pk], base="PLN")

    assert metrics[growing.pk]["revenue_growth"] == D("50.00")
    assert metrics[growing.pk]["gross_profit_growth"] == D("100.00")  # 50 -> 100
    assert metrics[shrinking.pk]["revenue_growth"] == D("-25.00")
    assert metrics[new.pk]["revenue_growth"] is None


@pytest.mark.django_db
def test_average_invoice_is_revenue_per_distinct_document_in_the_period():
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    account = AccountFactory()
    sell(account, date(2024, 1, 5), "100", document="A", line="1")
    sell(account, date(2024, 1, 5), "50", document="A", line="2")
    sell(account, date(2024, 2, 5), "25", document="B", currency="EUR")  # 100 PLN
    sell(account, date(2023, 2, 5), "9999", document="OLD")  # before the period
    rollup_rebuild()

    metrics = account_metrics(YEAR_2024, [account.pk], base="PLN", metrics=["average_invoice"])

    assert metrics[account.pk]["average_invoice"] == D("125.00")  # 250 / 2 documents


@pytest.mark.django_db
def test_days_late_averages_paid_minus_due_over_payments_paid_in_the_period():
    account, prompt, unknown = AccountFactory(), AccountFactory(), AccountFactory()
    pay(account, date(2024, 3, 1), date(2024, 3, 11))  # 10 days late
    pay(account, date(2024, 4, 10), date(2024, 4, 8))  # 2 days early
    pay(account, date(2023, 1, 1), date(2023, 3, 1))  # paid before the period
    pay(account, None, date(2024, 5, 1))  # no due date: cannot tell
    pay(prompt, date(2024, 12, 31), date(2024, 12, 31))
    pay(unknown, date(2024, 5, 1), None)  # not paid yet

    metrics = account_metrics(
        YEAR_2024, [account.pk, prompt.pk, unknown.pk], base="PLN", metrics=["days_late"]
    )

    assert metrics[account.pk]["days_late"] == D("4.00")
    assert metrics[prompt.pk]["days_late"] == D("0.00")
    assert metrics[unknown.pk]["days_late"] is None


@pytest.mark.django_db
def test_headroom_and_share_of_wallet_from_the_estimate_in_the_base_currency():
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    part, over, none, unrated = (AccountFactory() for _ in range(4))
    sell(part, date(2024, 5, 1), "1000")
    sell(over, date(2024, 5, 1), "5000")
    WalletEstimate.objects.create(account=part, category_spend=D("1000"), currency="EUR")
    WalletEstimate.objects.create(account=over, category_spend=D("4000"), currency="PLN")
    WalletEstimate.objects.create(account=unrated, category_spend=D("10"), currency="USD")
    rollup_rebuild()

    metrics = account_metrics(YEAR_2024, [part.pk, over.pk, none.pk, unrated.pk], base="PLN")

    assert metrics[part.pk]["headroom"] == D("3000.00")  # 4000 PLN - 1000 PLN
    assert metrics[part.pk]["share_of_wallet"] == D("25.00")
    assert metrics[over.pk]["headroom"] == D("0.00")  # never below zero
    assert metrics[over.pk]["share_of_wallet"] == D("125.00")
    assert metrics[none.pk]["headroom"] is None
    assert metrics[none.pk]["share_of_wallet"] is None
    assert metrics[unrated.pk]["headroom"] is None


@pytest.mark.django_db
def test_share_of_wallet_compares_a_yearly_revenue_over_a_longer_period():
    account = AccountFactory()
    sell(account, date(2023, 5, 1), "1000")
    sell(account, date(2024, 5, 1), "1000")
    WalletEstimate.objects.create(account=account, category_spend=D("4000"), currency="PLN")
    rollup_rebuild()
    two_years = Period.months(date(2023, 1, 1), date(2024, 12, 1))

    metrics = account_metrics(two_years, [account.pk], base="PLN")

    assert metrics[account.pk]["share_of_wallet"] == D("25.00")  # 2000 over 2 years


@pytest.mark.django_db
def test_unknown_metric_is_refused():
    with pytest.raises(ValueError):
        account_metrics(YEAR_2024, [], base="PLN", metrics=["nonsense"])


@pytest.mark.django_db
def test_account_metrics_runs_the_same_queries_for_2_or_20_accounts():
    def populate(n):
        accounts = [AccountFactory() for _ in range(n)]
        for k, account in enumerate(accounts):
            sell(account, date(2023, 1 + k % 12, 1), "100")
            sell(account, date(2024, 1 + k % 12, 1), str(100 + k))
            pay(account, date(2024, 2, 1), date(2024, 2, 1 + k % 20))
            WalletEstimate.objects.create(account=account, category_spend=D("999"), currency="PLN")
        rollup_rebuild()
        return [a.pk for a in accounts]

    PortfolioSettings.load()
    few = populate(2)
    with CaptureQueriesContext(connection) as small:
        account_metrics(YEAR_2024, few, base="PLN")
    many = populate(20)
    with CaptureQueriesContext(connection) as large:
        result = account_metrics(YEAR_2024, many, base="PLN")
    assert len(large.captured_queries) == len(small.captured_queries) <= 11
    assert all(result[pk]["days_late"] is not None for pk in many)


# --- compute_data_scores ------------------------------------------------------------


@pytest.mark.django_db
def test_linear_rule_scores_tenure_with_a_rationale(world):
    only_enabled("tenure")
    sell(world.account, date(2020, 1, 1), "10")
    sell(world.account, date(2024, 12, 1), "10")
    rollup_rebuild()

    written = compute_data_scores()

    score = AccountScore.objects.get(account=world.account, criterion=criterion("tenure"))
    assert written == 1
    assert (score.score, score.from_data, score.value) == (6, True, D("5.0000"))
    assert score.scored_by is None
    assert score.rationale == "years: 5 → 6 (linear 0–10)"
    # other_account never bought: no tenure, no score
    assert not AccountScore.objects.filter(account=world.other_account).exists()


@pytest.mark.django_db
def test_linear_rule_can_run_downwards_for_payment_days(world):
    only_enabled("payment")  # seeded: 60 days late scores 1, on time scores 10
    sell(world.account, date(2024, 12, 1), "10")
    rollup_rebuild()
    pay(world.account, date(2024, 3, 1), date(2024, 3, 1))
    pay(world.other_account, date(2024, 3, 1), date(2024, 5, 30))  # 90 days late

    compute_data_scores()

    scores = dict(AccountScore.objects.values_list("account_id", "score"))
    assert scores == {world.account.pk: 10, world.other_account.pk: 1}


@pytest.mark.django_db
def test_deciles_rule_ranks_accounts_on_gross_profit(world):
    only_enabled("profit_potential")  # gross profit, deciles, higher is better
    accounts = [AccountFactory() for _ in range(10)]
    for k, account in enumerate(accounts):
        sell(account, date(2024, 6, 1), str(100 * (k + 1)))
    rollup_rebuild()

    compute_data_scores()

    scores = dict(AccountScore.objects.values_list("account_id", "score"))
    assert [scores[a.pk] for a in accounts] == list(range(1, 11))
    top = AccountScore.objects.get(account=accounts[-1])
    assert top.rationale == "1000 PLN → 10 (deciles, higher is better)"


@pytest.mark.django_db
def test_deciles_lower_is_better_and_a_linear_rule_without_ends_falls_back(world):
    only_enabled("average_invoice")
    Criterion.objects.filter(key="average_invoice").update(
        method="linear", low=None, high=None, higher_is_better=False
    )
    small, large = AccountFactory(), AccountFactory()
    sell(small, date(2024, 6, 1), "10")
    sell(large, date(2024, 6, 1), "1000")
    rollup_rebuild()

    compute_data_scores()

    scores = dict(AccountScore.objects.values_list("account_id", "score"))
    assert scores[small.pk] > scores[large.pk]
    assert "lower is better" in AccountScore.objects.get(account=small).rationale


@pytest.mark.django_db
def test_recomputing_is_idempotent_updates_changes_and_drops_unmeasurable_values(world):
    only_enabled("tenure", "partnership")
    sell(world.account, date(2020, 1, 1), "10")
    sell(world.account, date(2024, 12, 1), "10")
    sell(world.other_account, date(2024, 1, 1), "10")
    rollup_rebuild()
    set_score(
        user=world.owner, account=world.account, criterion="partnership", score=8, rationale="ok"
    )
    assert compute_data_scores() == 2
    first = {s.account_id: s for s in AccountScore.objects.filter(from_data=True)}

    assert compute_data_scores() == 2  # same data: same scores, no new rows
    again = {s.account_id: s for s in AccountScore.objects.filter(from_data=True)}
    assert {k: (s.pk, s.score, s.rationale) for k, s in first.items()} == {
        k: (s.pk, s.score, s.rationale) for k, s in again.items()
    }

    # The other account's only sale goes: tenure unmeasurable, its data score is removed.
    InvoiceLine.objects.filter(account=world.other_account).delete()
    Criterion.objects.filter(key="tenure").update(low=D("0"), high=D("5"))
    rollup_rebuild()
    assert compute_data_scores() == 1
    data = AccountScore.objects.get(from_data=True)
    assert (data.account_id, data.score) == (world.account.pk, 10)
    assert data.rationale.endswith("(linear 0–5)")
    # the manual score is untouched
    manual = AccountScore.objects.get(from_data=False)
    assert (manual.score, manual.rationale, manual.scored_by) == (8, "ok", world.owner)


@pytest.mark.django_db
def test_closed_accounts_and_disabled_criteria_are_not_scored(world):
    only_enabled("tenure")
    world.other_account.status = "closed"
    world.other_account.save()
    for account in (world.account, world.other_account):
        sell(account, date(2024, 1, 1), "10")
        sell(account, date(2024, 1, 1), "10", document="X" + str(account.pk))
    rollup_rebuild()

    compute_data_scores()

    assert list(AccountScore.objects.values_list("account_id", "criterion__key")) == [
        (world.account.pk, "tenure")
    ]


@pytest.mark.django_db
def test_a_manual_score_replaced_by_a_data_rule_keeps_its_history(world):
    only_enabled("partnership")
    set_score(user=world.owner, account=world.account, criterion="partnership", score=3)
    Criterion.objects.filter(key="partnership").update(
        metric="tenure_years", method="linear", low=D("0"), high=D("10")
    )
    sell(world.account, date(2024, 1, 1), "10")
    rollup_rebuild()

    compute_data_scores()

    score = AccountScore.objects.get()
    assert score.from_data and score.score == 1
    assert score.history.count() == 2


@pytest.mark.django_db
def test_only_managers_recompute_when_a_user_is_given(world):
    with pytest.raises(PermissionDenied):
        compute_data_scores(user=world.owner)
    assert compute_data_scores(user=world.director) == 0  # no sales: nothing


@pytest.mark.django_db
def test_data_scores_query_count_does_not_grow_with_accounts(world):
    only_enabled("tenure", "profit_potential", "payment", "average_invoice")
    PortfolioSettings.load()

    def run(n):
        for _ in range(n):
            account = AccountFactory()
            sell(account, date(2024, 1, 1), "10")
            pay(account, date(2024, 1, 1), date(2024, 1, 5))
        rollup_rebuild()
        AccountScore.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            compute_data_scores()
        return len(queries.captured_queries)

    assert run(2) == run(15)  # (bulk inserts are batched by the backend beyond that)


# --- manual scores ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, 11, "x", "5.5", None, True])
def test_manual_score_must_be_a_whole_number_from_1_to_10(world, bad):
    with pytest.raises(ValidationError) as error:
        set_score(user=world.owner, account=world.account, criterion="partnership", score=bad)
    assert list(error.value.message_dict) == ["score"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["tenure", "culture_fit", "no_such_criterion"])
def test_data_disabled_and_unknown_criteria_are_refused(world, key):
    # tenure: scored from data; culture_fit: not in use by default
    with pytest.raises(ValidationError) as error:
        set_score(user=world.owner, account=world.account, criterion=key, score=5)
    assert list(error.value.message_dict) == ["criterion"]


@pytest.mark.django_db
def test_manual_score_records_who_when_why_with_history(world):
    before = timezone.now()
    score = set_score(
        user=world.member,
        account=world.account.pk,
        criterion=criterion("partnership"),
        score="7",
        rationale="  Long joint projects ",
    )
    assert (score.score, score.rationale, score.scored_by, score.from_data) == (
        7,
        "Long joint projects",
        world.member,
        False,
    )
    assert score.scored_at >= before

    again = set_score(
        user=world.owner,
        account=world.account,
        criterion="partnership",
        score=9,
        rationale="Joint roadmap signed",
        seen_updated_at=score.updated_at,
    )
    assert again.pk == score.pk and again.scored_by == world.owner
    history = list(again.history.order_by("history_date"))
    assert [(h.score, h.history_user) for h in history] == [(7, world.member), (9, world.owner)]

    # saving the same again writes nothing
    set_score(
        user=world.owner,
        account=world.account,
        criterion="partnership",
        score=9,
        rationale="Joint roadmap signed",
    )
    assert again.history.count() == 2


@pytest.mark.django_db
def test_manual_score_conflict_when_someone_saved_in_between(world):
    first = set_score(user=world.owner, account=world.account, criterion="partnership", score=5)
    seen = first.updated_at
    set_score(
        user=world.member,
        account=world.account,
        criterion="partnership",
        score=6,
        seen_updated_at=seen,
    )
    with pytest.raises(ConflictError) as error:
        set_score(
            user=world.owner,
            account=world.account,
            criterion="partnership",
            score=2,
            seen_updated_at=seen,
        )
    assert error.value.current.score == 6
    assert AccountScore.objects.get().score == 6


@pytest.mark.django_db
def test_manual_score_access(world):
    with pytest.raises(PermissionDenied):
        set_score(user=world.viewer, account=world.account, criterion="partnership", score=5)
    for name in ("outsider", "portal"):
        with pytest.raises(Http404):
            set_score(
                user=getattr(world, name), account=world.account, criterion="partnership", score=5
            )
    assert not AccountScore.objects.exists()
    set_score(user=world.director, account=world.account, criterion="partnership", score=5)
    assert AccountScore.objects.count() == 1


@pytest.mark.django_db
def test_clear_score_removes_a_manual_score_with_history(world):
    score = set_score(user=world.owner, account=world.account, criterion="partnership", score=5)
    with pytest.raises(PermissionDenied):
        clear_score(user=world.viewer, account=world.account, criterion="partnership")
    clear_score(
        user=world.owner,
        account=world.account,
        criterion="partnership",
        seen_updated_at=score.updated_at,
    )
    assert not AccountScore.objects.exists()
    assert AccountScore.history.filter(id=score.pk, history_type="-").exists()


# --- the score sheet ----------------------------------------------------------------


@pytest.mark.django_db
def test_weighted_total_over_the_scored_criteria_with_coverage(world):
    # seeded weights: partnership 2, tenure 1, profit_potential 3, payment 1 (sum 7)
    set_score(user=world.owner, account=world.account, criterion="partnership", score=8)
    AccountScore.objects.create(
        account=world.account,
        criterion=criterion("tenure"),
        score=6,
        from_data=True,
        scored_at=timezone.now(),
    )

    sheet = score_sheet(user=world.owner, params={})

    assert [c["key"] for c in sheet["criteria"]] == [
        "partnership",
        "tenure",
        "profit_potential",
        "payment",
    ]
    weights = {c["key"]: c["normalised_weight"] for c in sheet["criteria"]}
    assert sum(weights.values()) == 1
    assert weights["profit_potential"] == D("0.428572")  # absorbs the rounding
    (row,) = sheet["rows"]
    assert row["account_id"] == world.account.pk  # the owner sees only their account
    assert row["total"] == D("7.33")  # (8*2 + 6*1) / 3
    assert row["coverage"] == D("0.428571")
    cells = {c["key"]: c for c in row["cells"]}
    assert cells["partnership"]["score"] == 8 and cells["partnership"]["scored_by"] == world.owner
    assert cells["tenure"]["from_data"] is True
    assert cells["payment"]["score"] is None
    assert row["scores"]["partnership"] is cells["partnership"]


@pytest.mark.django_db
def test_score_sheet_without_weights_says_why(world):
    Criterion.objects.update(weight=0)
    sheet = score_sheet(user=world.director, params={})
    assert sheet["weights_error"]
    assert all(row["total"] is None for row in sheet["rows"])


def _score(account, key, value):
    AccountScore.objects.update_or_create(
        account=account,
        criterion=criterion(key),
        defaults={"score": value, "scored_at": timezone.now()},
    )


@pytest.mark.django_db
def test_score_sheet_sorts_filters_and_marks_candidates(world):
    high = AccountFactory(name="Alpha", country="CZ", account_class="regular")
    low = AccountFactory(name="Beta", country="CZ", account_class="regular", owner=world.owner)
    for key in ("partnership", "tenure", "profit_potential", "payment"):
        _score(high, key, 9)
        _score(low, key, 3)
        _score(world.account, key, 10)  # strategic already: not a candidate

    sheet = score_sheet(user=world.director, params={})
    names = [row["name"] for row in sheet["rows"]]
    assert names == [world.account.name, "Alpha", "Beta", world.other_account.name]
    assert [row["candidate"] for row in sheet["rows"]] == [False, True, False, False]
    assert sheet["candidates"] == 1

    ascending = score_sheet(user=world.director, params={"sort": "total"})
    assert [row["name"] for row in ascending["rows"]][:2] == ["Beta", "Alpha"]
    assert ascending["rows"][-1]["total"] is None  # unscored last either way

    only = score_sheet(user=world.director, params={"candidates": "1"})
    assert [row["name"] for row in only["rows"]] == ["Alpha"]
    by_country = score_sheet(user=world.director, params={"country": "cz", "sort": "name"})
    assert [row["name"] for row in by_country["rows"]] == ["Alpha", "Beta"]
    by_class = score_sheet(user=world.director, params={"class": "strategic"})
    assert [row["account_id"] for row in by_class["rows"]] == [world.account.pk]
    by_owner = score_sheet(user=world.director, params={"owner": str(world.owner.pk)})
    assert {row["name"] for row in by_owner["rows"]} == {world.account.name, "Beta"}
    classes = score_sheet(user=world.director, params={"sort": "class"})
    assert classes["rows"][0]["account_class"] == "strategic"
    from_query = score_sheet(
        user=world.director, params=QueryDict("country=CZ&sort=-total&candidates=1")
    )
    assert [row["name"] for row in from_query["rows"]] == ["Alpha"]
    junk = score_sheet(
        user=world.director,
        params={"sort": "drop table", "owner": "x", "class": "vip", "page": "z"},
    )
    assert junk["filters"]["sort"] == "-total" and junk["count"] == 4


@pytest.mark.django_db
def test_score_sheet_sorts_on_headroom_and_share_of_wallet(world):
    small = AccountFactory(name="Small wallet")
    big = AccountFactory(name="Big wallet")
    sell(small, date(2024, 6, 1), "500")
    sell(big, date(2024, 6, 1), "500")
    rollup_rebuild()
    WalletEstimate.objects.create(account=small, category_spend=D("1000"), currency="PLN")
    WalletEstimate.objects.create(account=big, category_spend=D("10000"), currency="PLN")

    rows = score_sheet(user=world.director, params={"sort": "-headroom"})["rows"]
    assert [r["name"] for r in rows[:2]] == ["Big wallet", "Small wallet"]
    assert (rows[0]["headroom"], rows[0]["share_of_wallet"]) == (D("9500.00"), D("5.00"))
    assert rows[-1]["headroom"] is None
    rows = score_sheet(user=world.director, params={"sort": "share_of_wallet"})["rows"]
    assert [r["name"] for r in rows[:2]] == ["Big wallet", "Small wallet"]
    rows = score_sheet(user=world.director, params={"sort": "headroom"})["rows"]
    assert [r["name"] for r in rows[:2]] == ["Small wallet", "Big wallet"]


@pytest.mark.django_db
def test_score_sheet_is_paginated_with_bounded_queries(world):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            sheet = score_sheet(user=world.director, params=params)
        return sheet, len(captured.captured_queries)

    PortfolioSettings.load()
    for k in range(3):
        _score(AccountFactory(), "partnership", 1 + k)
    _small, few = queries({})
    for k in range(60):
        account = AccountFactory(owner=world.owner)
        _score(account, "partnership", 1 + k % 10)
        _score(account, "tenure", 1 + k % 10)
    sheet, many = queries({})
    assert few == many
    assert sheet["count"] == 65 and len(sheet["rows"]) == PER_PAGE
    second, _n = queries({"page": "2"})
    assert len(second["rows"]) == 15 and second["page"].number == 2


@pytest.mark.django_db
def test_score_sheet_shows_nothing_to_outsiders_of_an_account(world):
    _score(world.account, "partnership", 9)
    sheet = score_sheet(user=world.outsider, params={})
    assert [row["account_id"] for row in sheet["rows"]] == [world.other_account.pk]
    assert score_sheet(user=world.portal, params={})["rows"] == []


# --- share of wallet and SAM fitness ------------------------------------------------


@pytest.mark.django_db
def test_set_wallet_validates_and_keeps_history(world):
    with pytest.raises(ValidationError) as error:
        set_wallet(user=world.owner, account=world.account, category_spend="-1", currency="euro")
    assert set(error.value.message_dict) == {"category_spend", "currency"}

    estimate = set_wallet(
        user=world.owner,
        account=world.account,
        category_spend="120000,50",
        currency="eur",
        source="Customer's purchasing director",
    )
    assert (estimate.category_spend, estimate.currency, estimate.updated_by) == (
        D("120000.50"),
        "EUR",
        world.owner,
    )
    with pytest.raises(ConflictError):
        set_wallet(
            user=world.member,
            account=world.account,
            category_spend=D("1"),
            currency="EUR",
            seen_updated_at=estimate.updated_at - timedelta(seconds=1),
        )
    set_wallet(user=world.member, account=world.account, category_spend=D("130000"), currency="EUR")
    assert [h.history_user for h in estimate.history.order_by("history_date")] == [
        world.owner,
        world.member,
    ]
    with pytest.raises(PermissionDenied):
        set_wallet(user=world.viewer, account=world.account, category_spend=D("1"), currency="EUR")
    with pytest.raises(Http404):
        set_wallet(
            user=world.outsider, account=world.account, category_spend=D("1"), currency="EUR"
        )
    delete_wallet(user=world.owner, account=world.account)
    assert not WalletEstimate.objects.exists()


@pytest.mark.django_db
def test_set_sam_fitness_validates_answers_and_keeps_history(world):
    with pytest.raises(ValidationError) as error:
        set_sam_fitness(
            user=world.owner, account=world.account, sells_directly="maybe", colour="red"
        )
    assert set(error.value.message_dict) == {"sells_directly", "colour"}

    fitness = set_sam_fitness(
        user=world.owner,
        account=world.account,
        sells_directly="yes",
        continuing_need="yes",
        values_added_value="yes",
        trust_possible="yes",
        note="All four hold",
    )
    assert fitness.verdict == "yes" and fitness.assessed_by == world.owner
    fitness = set_sam_fitness(user=world.member, account=world.account, trust_possible="no")
    assert fitness.verdict == "no" and fitness.sells_directly == "yes"
    assert SamFitness.history.filter(id=fitness.pk).count() == 2
    with pytest.raises(PermissionDenied):
        set_sam_fitness(user=world.viewer, account=world.account, trust_possible="yes")
    with pytest.raises(Http404):
        set_sam_fitness(user=world.outsider, account=world.account, trust_possible="yes")
    with pytest.raises(ConflictError):
        set_sam_fitness(
            user=world.owner,
            account=world.account,
            trust_possible="yes",
            seen_updated_at=fitness.updated_at - timedelta(seconds=1),
        )
