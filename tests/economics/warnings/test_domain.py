"""The rules of the early warnings, on hand-made facts (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.signals.domain import AccountSignals, Compared, CompetitorAlert, PersonRisk
from keyplan.economics.warnings import domain
from keyplan.economics.warnings.texts import rules

D = Decimal
AS_OF = date(2026, 6, 30)


def facts(**values) -> AccountSignals:
    return AccountSignals(account_id=values.pop("account_id", 1), as_of=AS_OF, **values)


def kinds(warnings) -> list[str]:
    return [warning.kind for warning in warnings]


def test_nothing_known_raises_nothing():
    assert domain.assess(facts(), currency="PLN") == []


def test_declining_orders_annualise_the_revenue_lost():
    found = domain.assess(facts(revenue=Compared(D("70"), D("100"))), currency="PLN")

    [warning] = found
    assert warning.key == "declining_orders" and warning.severity == "high"
    assert warning.money_at_stake == D("120.0000")  # (100 - 70) x 4
    assert warning.evidence == "rev3m 70 vs 100 (-30%)"
    assert "PLN70.00" in warning.message and "-30.0%" in warning.message


def test_declining_orders_threshold_and_severity():
    just = facts(revenue=Compared(D("90"), D("100")))
    above = facts(revenue=Compared(D("90.01"), D("100")))
    no_before = facts(revenue=Compared(D("10"), D("0")))

    assert domain.assess(just, currency="PLN")[0].severity == "medium"
    assert domain.assess(above, currency="PLN") == []
    assert domain.assess(no_before, currency="PLN") == []


def test_margin_erosion_is_the_points_lost_times_the_year_revenue():
    signals = facts(gross_margin=Compared(D("30"), D("33.5")), revenue_12m=D("10000"))

    [warning] = domain.assess(signals, currency="PLN")

    assert warning.kind == "margin_erosion" and warning.severity == "medium"
    assert warning.money_at_stake == D("350.0000")
    assert "-3.5 points" in warning.message
    assert domain.assess(facts(gross_margin=Compared(D("31.01"), D("33"))), currency="PLN") == []


def test_payments_slipping_puts_the_overdue_amount_at_stake():
    by_share = facts(open_amount=D("1000"), overdue_amount=D("600.0001"))
    by_days = facts(
        days_late=Compared(D("35"), D("10")), overdue_amount=D("50"), open_amount=D("1000")
    )
    neither = facts(
        open_amount=D("1000"), overdue_amount=D("100"), days_late=Compared(D("12"), D("10"))
    )

    [share] = domain.assess(by_share, currency="PLN")
    [days] = domain.assess(by_days, currency="PLN")

    assert share.money_at_stake == D("600.0001") and share.severity == "high"
    assert days.money_at_stake == D("50.0000") and days.severity == "high"
    assert days.evidence == "late 35d vs 10d"
    assert "35.0" in days.message
    assert domain.assess(neither, currency="PLN") == []


def test_one_warning_per_competitor_and_per_person():
    alerts = [
        CompetitorAlert("support_rising", 7, "Rival", "Rival: support rose."),
        CompetitorAlert("behind_on_top_criterion", 7, "Rival", "Rival leads on price."),
        CompetitorAlert("behind_on_top_criterion", 8, "Other", "Other leads on price."),
    ]
    risks = [
        PersonRisk("key_unlinked", "high", 5, "Ewa", "Ewa has no link."),
        PersonRisk("key_stale", "medium", 5, "Ewa", "Ewa not reached."),
        PersonRisk("single_thread", "high", 6, "Jan", "Jan holds it all."),
        PersonRisk("no_links", "high", None, "", "No links."),
    ]
    signals = facts(
        competitor_alerts=alerts,
        relationship_risks=risks,
        revenue_12m=D("1000"),
        gross_profit_12m=D("400"),
    )

    found = {warning.key: warning for warning in domain.assess(signals, currency="PLN")}

    assert sorted(found) == [
        "competitor:7",
        "competitor:8",
        "relationship:no_links",
        "relationship:person:5",
        "relationship:person:6",
    ]
    assert found["competitor:7"].severity == "high"
    assert found["competitor:7"].money_at_stake == D("100.0000")  # 10% of revenue
    assert found["competitor:7"].message == "Rival: support rose. Rival leads on price."
    assert found["competitor:8"].severity == "medium"
    assert found["relationship:person:5"].money_at_stake == D("40.0000")  # 10% of GP
    assert found["relationship:person:5"].message == "Ewa has no link. Ewa not reached."
    assert found["relationship:person:6"].money_at_stake == D("20.0000")  # 5% of GP


def test_stale_plan_by_age_or_completeness():
    old = facts(plan_updated_on=AS_OF - timedelta(days=400), plan_completeness=80)
    thin = facts(plan_updated_on=AS_OF, plan_completeness=30, gross_profit_12m=D("1000"))
    fresh = facts(plan_updated_on=AS_OF - timedelta(days=180), plan_completeness=50)

    [aged] = domain.assess(old, currency="PLN")
    [incomplete] = domain.assess(thin, currency="PLN")

    assert aged.severity == "high" and aged.evidence == "changed 400d ago"
    assert "400 days" in aged.message
    assert incomplete.money_at_stake == D("50.0000") and "30%" in incomplete.message
    assert domain.assess(fresh, currency="PLN") == []
    assert domain.assess(facts(plan_completeness=10), currency="PLN") == []  # no plan


def test_shares_never_go_below_zero():
    signals = facts(
        competitor_alerts=[CompetitorAlert("support_rising", 1, "R", "m")],
        revenue_12m=D("-500"),
    )

    assert domain.assess(signals, currency="PLN")[0].money_at_stake == 0


def test_decisions():
    warning = domain.declining_orders(facts(revenue=Compared(D("70"), D("100"))), "PLN")
    assert warning is not None
    today = AS_OF
    snooze = domain.Decision("snoozed", today + timedelta(days=1))
    ended = domain.Decision("snoozed", today)
    same = domain.Decision("resolved", evidence=warning.evidence)
    changed = domain.Decision("resolved", evidence="rev3m 80 vs 100 (-20%)")

    assert domain.status(warning, None, today) == domain.SHOWN
    assert domain.status(warning, snooze, today) == domain.SNOOZED
    assert domain.status(warning, ended, today) == domain.SHOWN
    assert domain.status(warning, same, today) == domain.RESOLVED
    assert domain.status(warning, changed, today) == domain.BACK
    assert domain.is_hidden(domain.RESOLVED) and not domain.is_hidden(domain.BACK)


def test_every_kind_has_a_rule_with_its_figures():
    shown = {rule["kind"]: rule for rule in rules()}

    assert list(shown) == list(domain.KINDS)
    assert "10%" in shown["declining_orders"]["when"]
    assert "× 4" in shown["declining_orders"]["stake"]


money = st.decimals(min_value=-1000, max_value=10**7, places=4, allow_nan=False)
maybe = st.none() | money
people = st.lists(
    st.builds(
        PersonRisk,
        code=st.sampled_from(["no_links", "single_thread", "key_unlinked", "key_stale"]),
        severity=st.sampled_from(["high", "medium"]),
        person_id=st.none() | st.integers(1, 5),
        person=st.text(max_size=5),
        message=st.text(max_size=10),
        days=st.none() | st.integers(0, 999),
    ),
    max_size=8,
)
rivals = st.lists(
    st.builds(
        CompetitorAlert,
        code=st.sampled_from(["support_rising", "behind_on_top_criterion"]),
        competitor_id=st.integers(1, 4),
        competitor=st.text(max_size=5),
        message=st.text(max_size=10),
    ),
    max_size=6,
)


@given(
    st.builds(
        AccountSignals,
        account_id=st.integers(1, 3),
        as_of=st.just(AS_OF),
        revenue_12m=money,
        gross_profit_12m=money,
        revenue=st.builds(Compared, maybe, maybe),
        gross_margin=st.builds(Compared, maybe, maybe),
        days_late=st.builds(Compared, maybe, maybe),
        open_amount=money,
        overdue_amount=money,
        relationship_risks=people,
        competitor_alerts=rivals,
        plan_updated_on=st.none() | st.dates(date(2020, 1, 1), AS_OF),
        plan_completeness=st.none() | st.integers(0, 100),
    )
)
def test_keys_are_unique_short_and_the_ranking_follows_the_money(signals):
    found = domain.assess(signals, currency="PLN")

    keys = [warning.key for warning in found]
    assert len(keys) == len(set(keys))
    assert all(len(key) <= domain.KEY_MAX for key in keys)
    stakes = [warning.money_at_stake for warning in found]
    assert stakes == sorted(stakes, reverse=True)
    assert all(stake >= 0 and stake == stake.quantize(D("0.0001")) for stake in stakes)
    assert all(len(warning.evidence) <= domain.EVIDENCE_MAX for warning in found)
    assert domain.rank(reversed(found)) == found
    for warning in found:
        assert warning.kind in domain.KINDS and warning.message is not None
    subjects = [(w.kind, w.subject_id) for w in found if w.subject_id is not None]
    assert len(subjects) == len(set(subjects))  # one warning per person or competitor
