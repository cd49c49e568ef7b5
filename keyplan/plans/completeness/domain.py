"""Pure rules of a plan's completeness: the steps of the planning process, done or not.

No ORM here: completeness.selectors loads the facts into the dataclasses below and these
functions compute in memory, so the rules are tested without a database (STYLE.md
"Inside an app").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

STAKEHOLDER_REVIEW_DAYS = 90
QUADRANTS = ("S", "W", "O", "T")


@dataclass(frozen=True, kw_only=True)
class PlanFacts:
    """What the completeness rules look at, counted for one plan.

    `stakeholders_reviewed_on` is the last time anyone touched the account's
    stakeholders. Until the stakeholder map lands (SPEC §4) the selector uses the latest
    `Contact.updated_at` of the account as the proxy: editing a contact is the closest
    thing we record to reviewing who decides at the customer.
    """

    today: date
    profile_items: int = 0
    industry_factors: int = 0
    swot_quadrants: frozenset[str] = frozenset()
    customer_goals: int = 0
    potential_estimates: int = 0
    goals_with_targets: int = 0
    value_items: int = 0
    perception_items: int = 0
    actions: int = 0  # not dropped
    actions_with_owners: int = 0  # not dropped, with an owner
    overdue_actions: int = 0
    stakeholders_reviewed_on: date | None = None
    reviewed_on: date | None = None


@dataclass(frozen=True)
class Step:
    """One step of the planning process: done or not, and what to do if not."""

    code: str
    section: str  # the plan section (item kind) or "plan" / "stakeholders"
    weight: int
    done: bool
    message: str  # empty when done


@dataclass(frozen=True)
class Completeness:
    score: int  # 0-100
    steps: tuple[Step, ...]

    @property
    def missing(self) -> tuple[Step, ...]:
        """The steps that are missing or stale, in the order of the plan."""
        return tuple(step for step in self.steps if not step.done)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quadrant_names(codes: Iterable[str]) -> str:
    names = {
        "S": _("strengths"),
        "W": _("weaknesses"),
        "O": pgettext("SWOT", "opportunities"),
        "T": _("threats"),
    }
    return ", ".join(str(names[code]) for code in codes)


def completeness(facts: PlanFacts) -> Completeness:
    """Score a plan 0-100 by the steps of the process it has done (seed 000: plans fail
    through incomplete processes), listing the missing or stale steps with a message
    saying what to do next. The overdue-actions rule only applies once there are actions."""
    steps = (*_analysis_steps(facts), *_strategy_steps(facts), *_review_steps(facts))
    total = sum(s.weight for s in steps)
    done = sum(s.weight for s in steps if s.done)
    score = round(100 * done / total) if total else 0
    return Completeness(score=score, steps=steps)


def _step(code: str, section: str, weight: int, done: bool, message: str) -> Step:
    return Step(code, section, weight, done, "" if done else message)


def _analysis_steps(facts: PlanFacts) -> list[Step]:
    """The analysis of the customer: profile, industry, SWOT, strategy map, potential."""
    steps = [
        _step(
            "no_profile",
            "profile",
            2,
            facts.profile_items > 0,
            _(
                "Describe the customer: industry and markets, direction, structure and "
                "management, performance, need for our products."
            ),
        ),
        _step(
            "no_industry_analysis",
            "industry",
            1,
            facts.industry_factors > 0,
            _("Analyse the customer's industry: market, supply and demand, technology, politics."),
        ),
    ]
    missing_quadrants = [q for q in QUADRANTS if q not in facts.swot_quadrants]
    if not facts.swot_quadrants:
        steps.append(_step("no_swot", "swot", 2, False, _("Make the customer's SWOT analysis.")))
    else:
        steps.append(
            _step(
                "swot_incomplete",
                "swot",
                2,
                not missing_quadrants,
                _("Complete the customer's SWOT: no %(quadrants)s yet.")
                % {"quadrants": _quadrant_names(missing_quadrants)},
            )
        )
    steps += [
        _step(
            "no_strategy_map",
            "customer_goal",
            1,
            facts.customer_goals > 0,
            _("Map the customer's goals and which of our offerings serve them."),
        ),
        _step(
            "no_potential",
            "potential",
            1,
            facts.potential_estimates > 0,
            _("Estimate the business volume possible with the account in the coming years."),
        ),
    ]
    return steps


def _strategy_steps(facts: PlanFacts) -> list[Step]:
    """Our strategy for the account: goals, unique value, the customer's view, actions."""
    steps = [
        _step(
            "no_goals_with_targets",
            "goal",
            2,
            facts.goals_with_targets > 0,
            _("Set at least one goal with a measurable target and a deadline."),
        ),
        _step(
            "no_unique_value",
            "value",
            1,
            facts.value_items > 0,
            _("Say what we offer that others don't, and how to raise the value the customer sees."),
        ),
        _step(
            "no_customer_view",
            "perception",
            1,
            facts.perception_items > 0,
            _("Ask the customer how they see our strengths and weaknesses."),
        ),
        _step(
            "no_actions_with_owners",
            "action",
            2,
            facts.actions_with_owners > 0,
            _("Plan actions and give each an owner."),
        ),
    ]
    if facts.actions > 0:
        steps.append(
            _step(
                "overdue_actions",
                "action",
                1,
                facts.overdue_actions == 0,
                ngettext(
                    "%(count)d action is overdue: finish it or move its date.",
                    "%(count)d actions are overdue: finish them or move their dates.",
                    facts.overdue_actions,
                )
                % {"count": facts.overdue_actions},
            )
        )
    return steps


def _review_steps(facts: PlanFacts) -> list[Step]:
    """Keeping the plan current: the stakeholders reviewed lately, the plan this quarter."""
    stale_before = facts.today - timedelta(days=STAKEHOLDER_REVIEW_DAYS)
    return [
        _step(
            "no_stakeholder_review",
            "stakeholders",
            1,
            facts.stakeholders_reviewed_on is not None
            and facts.stakeholders_reviewed_on >= stale_before,
            ngettext(
                "Review the customer's stakeholders: not done in the last %(days)d day.",
                "Review the customer's stakeholders: not done in the last %(days)d days.",
                STAKEHOLDER_REVIEW_DAYS,
            )
            % {"days": STAKEHOLDER_REVIEW_DAYS},
        ),
        _step(
            "plan_not_reviewed",
            "plan",
            1,
            facts.reviewed_on is not None
            and quarter_of(facts.reviewed_on) == quarter_of(facts.today),
            _("Review the plan with the team: not done this quarter."),
        ),
    ]
