"""The health score's rules and its invariants (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.health import domain
from keyplan.economics.health.domain import Component, Health, score
from keyplan.economics.signals.domain import AccountSignals, Compared, CompetitorAlert, PersonRisk

D = Decimal
AS_OF = date(2026, 6, 30)
WEIGHTS = dict.fromkeys(domain.KEYS, 10)

points = st.one_of(st.none(), st.integers(0, 100))
weights = st.integers(0, 100)
components = st.lists(
    st.builds(Component, key=st.sampled_from(domain.KEYS), points=points, weight=weights),
    max_size=8,
)


@given(components)
def test_the_score_is_within_0_and_100(found):
    result = score(found)
    counted = [c for c in found if c.counts]
    assert (result is None) == (sum(c.weight for c in counted) == 0)
    if result is not None:
        assert 0 <= result <= 100
        assert min(c.points for c in counted) <= result <= max(c.points for c in counted)


@given(components, st.sampled_from(domain.KEYS), weights)
def test_a_component_without_data_never_changes_the_score(found, key, weight):
    assert score([*found, Component(key, None, weight)]) == score(found)


@given(components, st.integers(0, 7), st.integers(0, 100))
def test_more_points_never_lower_the_score(found, index, extra):
    with_data = [i for i, c in enumerate(found) if c.has_data]
    if not with_data:
        return
    index = with_data[index % len(with_data)]
    chosen = found[index]
    raised = min(100, (chosen.points or 0) + extra)
    better = [*found[:index], Component(chosen.key, raised, chosen.weight), *found[index + 1 :]]
    before = score(found)
    if before is not None:
        assert score(better) >= before


def test_weights_are_renormalised_over_the_components_with_data():
    health = Health(
        (
            Component("revenue_trend", 80, 20),
            Component("payment", 40, 20),
            Component("plan", None, 60),
        )
    )
    assert health.score == 60
    assert health.share(health.components[0]) == D("0.5")
    assert health.share(health.components[2]) is None
    assert health.contribution(health.components[1]) == D("20.0")
    assert health.weakest.key == "payment"
    assert score([Component("plan", 10, 0)]) is None


def _signals(**data) -> AccountSignals:
    return AccountSignals(account_id=1, as_of=AS_OF, **data)


def test_an_account_without_facts_has_only_relationships_and_competition():
    health = domain.health(_signals(), WEIGHTS)
    with_data = [c.key for c in health.components if c.has_data]
    assert with_data == ["relationships", "competition"]
    assert health.score == 100


def test_revenue_trend_rule():
    assert domain.revenue_trend(_signals(revenue=Compared(D(120), D(100))))[0] == 100
    assert domain.revenue_trend(_signals(revenue=Compared(D(100), D(100))))[0] == 50
    assert domain.revenue_trend(_signals(revenue=Compared(D(90), D(100))))[0] == 25
    assert domain.revenue_trend(_signals(revenue=Compared(D(0), D(100))))[0] == 0
    assert domain.revenue_trend(_signals(revenue=Compared(D(10), D(0))))[0] == 100
    assert domain.revenue_trend(_signals(revenue=Compared(D(0), D(0))))[0] is None


def test_margin_payment_and_satisfaction_rules():
    assert domain.margin_trend(_signals(gross_margin=Compared(D(40), D(42))))[0] == 30
    assert domain.margin_trend(_signals(gross_margin=Compared(None, D(42))))[0] is None
    late = _signals(days_late=Compared(D("5"), None), open_amount=D(100), overdue_amount=D(50))
    assert domain.payment(late)[0] == 50  # the lower of 80 and 50
    assert domain.payment(_signals(days_late=Compared(D("-3"), None)))[0] == 100
    assert domain.satisfaction(_signals(satisfaction=D("7.5"), satisfaction_answers=2))[0] == 75


def test_relationship_competition_plan_and_actions_rules():
    risks = [
        PersonRisk("key_unlinked", "high", 1, "Jan", ""),
        PersonRisk("key_stale", "medium", 2, "Ewa", ""),
    ]
    assert domain.relationships(_signals(relationship_risks=risks))[0] == 55
    alerts = [CompetitorAlert("support_rising", 1, "Borex", "")]
    assert domain.competition(_signals(competitor_alerts=alerts))[0] == 75
    fresh = _signals(plan_completeness=80, plan_updated_on=AS_OF - timedelta(days=30))
    stale = _signals(plan_completeness=80, plan_updated_on=AS_OF - timedelta(days=150))
    assert domain.plan(fresh)[0] == 80 and domain.plan(stale)[0] == 70
    assert (
        domain.actions(_signals(plan_completeness=80, open_actions=4, overdue_actions=1))[0] == 75
    )
    assert domain.actions(_signals(plan_completeness=80))[0] == 100
    assert domain.actions(_signals(open_actions=4))[0] is None


def test_a_snapshot_round_trips_and_explains_itself():
    health = domain.health(
        _signals(revenue=Compared(D(110), D(100)), satisfaction=D("8.00"), satisfaction_answers=3),
        WEIGHTS,
    )
    again = Health.from_json(health.as_json())
    assert again == health
    texts = {c.key: c.value_text for c in again.components}
    assert texts["revenue_trend"].startswith("+10.0%")
    assert texts["satisfaction"] == "8.0 of 10 (answers: 3)"
    assert texts["plan"] == "No current plan."
    assert again.components[0].source_url_name == "economics:account-pnl"
