"""The demo's satisfaction answers: deterministic, over the last 18 months, a few unhappy
strategic accounts, and a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from keyplan.demo.economics.satisfaction import seed_satisfaction
from keyplan.stakeholders.models import SatisfactionAnswer
from tests.factories import AccountFactory, ContactFactory

TODAY = date(2026, 6, 15)


def _accounts(world) -> None:
    for n in range(6):
        account = AccountFactory(name=f"Strategic {n}", account_class="strategic", country="PL")
        ContactFactory(account=account)
    AccountFactory(name="Closed", account_class="strategic", status="closed")


def _dump() -> list[tuple]:
    return list(
        SatisfactionAnswer.objects.order_by("external_id").values_list(
            "external_id", "account_id", "contact_id", "answered_on", "score", "comment"
        )
    )


def test_answers_are_spread_over_18_months_and_a_second_run_adds_nothing(world):
    _accounts(world)
    first = seed_satisfaction(today=TODAY)
    assert first["satisfaction_answers"] > 0 and first["unhappy_accounts"] == 3
    answers = SatisfactionAnswer.objects.all()
    assert answers.count() == first["satisfaction_answers"]
    days = [a.answered_on for a in answers]
    assert min(days) >= TODAY - timedelta(days=18 * 31) and max(days) <= TODAY
    assert all(0 <= a.score <= 10 for a in answers)
    assert not answers.filter(account__status="closed").exists()
    assert not answers.filter(account__account_class="prospect").exists()
    assert SatisfactionAnswer.history.count() == answers.count()
    before = _dump()
    assert seed_satisfaction(today=TODAY)["satisfaction_answers"] == 0
    assert _dump() == before


def test_the_same_seed_gives_the_same_answers_and_some_accounts_are_unhappy(world):
    _accounts(world)
    seed_satisfaction(today=TODAY)
    first = _dump()
    SatisfactionAnswer.objects.all().delete()
    seed_satisfaction(today=TODAY)
    assert _dump() == first
    recent = {}
    for answer in SatisfactionAnswer.objects.filter(answered_on__gte=TODAY - timedelta(days=120)):
        recent.setdefault(answer.account_id, []).append(answer.score)
    means = sorted(sum(s) / len(s) for s in recent.values())
    assert means[0] < 5.5 and means[-1] >= 7
