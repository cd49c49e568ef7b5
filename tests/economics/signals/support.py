"""An account with something to say in every signal, as of AS_OF (2026-06-30)."""

from __future__ import annotations

from datetime import date, timedelta

from keyplan.stakeholders.models import SatisfactionAnswer
from tests.competition.core_support import assess, competitor, criterion, presence, score
from tests.economics.pnl.support import sale
from tests.economics.support import pay
from tests.plans.support import add, make_plan

AS_OF = date(2026, 6, 30)


def lively(world) -> None:
    """world.account: revenue 300 in Apr-Jun 2026 against 200 a year before (+50%); margin
    40% (Jan-Jun 2026) against 50% (Jul-Dec 2025); paid 10 days late lately, on time
    before; 100 overdue; a plan with one overdue action of two open; two competitors'
    alerts; satisfaction 7 and 9."""
    for month in (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)):
        sale(world.account, month, "100", "60")
    for month in (date(2025, 4, 1), date(2025, 5, 1)):
        sale(world.account, month, "100", "50")
    sale(world.account, date(2025, 9, 1), "100", "50")
    pay(world.account, due=date(2026, 3, 1), paid=date(2026, 3, 11), amount="100")
    pay(world.account, due=date(2025, 10, 1), paid=date(2025, 10, 1), amount="100")
    pay(world.account, due=date(2026, 6, 1), amount="100")
    pay(world.account, due=date(2026, 7, 15), amount="50")
    plan = make_plan(world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    add(plan, "action", world.owner, title="Late", due_on=AS_OF - timedelta(days=5))
    add(plan, "action", world.owner, title="Soon", due_on=AS_OF + timedelta(days=5))
    borex, acme = competitor(world, "Borex"), competitor(world, "Acme")
    for comp in (borex, acme):
        pres = presence(world, comp)
        assess(world, pres, {"support": 2}, on=AS_OF - timedelta(days=60))
        assess(world, pres, {"support": 4}, on=AS_OF - timedelta(days=1))
    SatisfactionAnswer.objects.create(account=world.account, answered_on=date(2026, 2, 1), score=7)
    SatisfactionAnswer.objects.create(account=world.account, answered_on=date(2026, 5, 1), score=9)
    SatisfactionAnswer.objects.create(account=world.account, answered_on=date(2025, 1, 1), score=1)
    crit = criterion(world, "Price", 50)
    score(world, crit, None, 2)
    score(world, crit, borex, 4)
