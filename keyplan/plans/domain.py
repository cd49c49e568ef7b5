"""Pure rules of the account plan: completeness, version diff, goal progress.

No ORM here: selectors load the facts into the dataclasses below and these functions
compute in memory, so the rules are tested without a database (STYLE.md "Inside an app").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

STAKEHOLDER_REVIEW_DAYS = 90
QUADRANTS = ("S", "W", "O", "T")


# --- completeness ------------------------------------------------------------------------


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
    steps: list[Step] = []

    def step(code: str, section: str, weight: int, done: bool, message: str) -> None:
        steps.append(Step(code, section, weight, done, "" if done else message))

    step(
        "no_profile",
        "profile",
        2,
        facts.profile_items > 0,
        _(
            "Describe the customer: industry and markets, direction, structure and "
            "management, performance, need for our products."
        ),
    )
    step(
        "no_industry_analysis",
        "industry",
        1,
        facts.industry_factors > 0,
        _("Analyse the customer's industry: market, supply and demand, technology, politics."),
    )
    missing_quadrants = [q for q in QUADRANTS if q not in facts.swot_quadrants]
    if not facts.swot_quadrants:
        step("no_swot", "swot", 2, False, _("Make the customer's SWOT analysis."))
    else:
        step(
            "swot_incomplete",
            "swot",
            2,
            not missing_quadrants,
            _("Complete the customer's SWOT: no %(quadrants)s yet.")
            % {"quadrants": _quadrant_names(missing_quadrants)},
        )
    step(
        "no_strategy_map",
        "customer_goal",
        1,
        facts.customer_goals > 0,
        _("Map the customer's goals and which of our offerings serve them."),
    )
    step(
        "no_potential",
        "potential",
        1,
        facts.potential_estimates > 0,
        _("Estimate the business volume possible with the account in the coming years."),
    )
    step(
        "no_goals_with_targets",
        "goal",
        2,
        facts.goals_with_targets > 0,
        _("Set at least one goal with a measurable target and a deadline."),
    )
    step(
        "no_unique_value",
        "value",
        1,
        facts.value_items > 0,
        _("Say what we offer that others don't, and how to raise the value the customer sees."),
    )
    step(
        "no_customer_view",
        "perception",
        1,
        facts.perception_items > 0,
        _("Ask the customer how they see our strengths and weaknesses."),
    )
    step(
        "no_actions_with_owners",
        "action",
        2,
        facts.actions_with_owners > 0,
        _("Plan actions and give each an owner."),
    )
    if facts.actions > 0:
        step(
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
    stale_before = facts.today - timedelta(days=STAKEHOLDER_REVIEW_DAYS)
    step(
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
    )
    step(
        "plan_not_reviewed",
        "plan",
        1,
        facts.reviewed_on is not None and quarter_of(facts.reviewed_on) == quarter_of(facts.today),
        _("Review the plan with the team: not done this quarter."),
    )
    total = sum(s.weight for s in steps)
    done = sum(s.weight for s in steps if s.done)
    score = round(100 * done / total) if total else 0
    return Completeness(score=score, steps=tuple(steps))


# --- version diff ------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSnapshot:
    """An item as displayed: its kind, its stable origin key, a label and its field
    values as text, in display order ((field label, value), ...)."""

    kind: str
    origin: str
    label: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemDiff:
    kind: str
    origin: str
    change: str  # "added", "removed" or "changed"
    label: str
    fields: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    items: tuple[ItemDiff, ...]
    unchanged: int
    header: tuple[FieldDiff, ...] = field(default=())

    def count(self, change: str) -> int:
        return sum(1 for item in self.items if item.change == change)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.header


def diff_values(
    old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]
) -> tuple[FieldDiff, ...]:
    """Field by field, in the new order, then fields only the old one has."""
    old_map, new_map = dict(old), dict(new)
    changes = [
        FieldDiff(name, old_map.get(name, ""), value)
        for name, value in new
        if old_map.get(name, "") != value
    ]
    changes += [FieldDiff(name, value, "") for name, value in old if name not in new_map and value]
    return tuple(changes)


def diff_versions(
    old: Iterable[ItemSnapshot],
    new: Iterable[ItemSnapshot],
    *,
    kind_order: Sequence[str] = (),
    old_header: Sequence[tuple[str, str]] = (),
    new_header: Sequence[tuple[str, str]] = (),
) -> VersionDiff:
    """Item by item, matched on (kind, origin): a revision copies the origin, so an
    item edited in the new version is "changed", not "removed" plus "added".

    Result order: by `kind_order` (section order), within a kind the new version's
    order with removed items after."""
    old_items = {(s.kind, s.origin): s for s in old}
    new_list = list(new)
    new_keys = {(s.kind, s.origin) for s in new_list}
    diffs: list[ItemDiff] = []
    unchanged = 0
    for snap in new_list:
        before = old_items.get((snap.kind, snap.origin))
        if before is None:
            diffs.append(ItemDiff(snap.kind, snap.origin, "added", snap.label))
            continue
        changes = diff_values(before.values, snap.values)
        if changes:
            diffs.append(ItemDiff(snap.kind, snap.origin, "changed", snap.label, changes))
        else:
            unchanged += 1
    for key, snap in old_items.items():
        if key not in new_keys:
            diffs.append(ItemDiff(snap.kind, snap.origin, "removed", snap.label))
    rank = {kind: index for index, kind in enumerate(kind_order)}
    change_rank = {"changed": 0, "added": 0, "removed": 1}
    ordered = sorted(
        enumerate(diffs),
        key=lambda pair: (rank.get(pair[1].kind, len(rank)), change_rank[pair[1].change], pair[0]),
    )
    return VersionDiff(
        items=tuple(d for _i, d in ordered),
        unchanged=unchanged,
        header=diff_values(old_header, new_header),
    )


# --- goal progress -----------------------------------------------------------------------

# Metrics summed over the goal's period (a flow): progress is the share of the target
# reached so far, beside the share of the period gone (the pace). Other data metrics are
# levels (share of wallet): progress is the way gone from the baseline to the target.
CUMULATIVE_METRICS = frozenset({"revenue", "gross_profit"})
DATA_METRICS = frozenset({"revenue", "gross_profit", "share_of_wallet"})


@dataclass(frozen=True)
class GoalProgress:
    """How far a goal has come.

    Revenue and gross profit add up over the goal's period: `percent` is the actual so
    far as a share of the target, `expected_percent` the share of the period gone (on
    pace when percent >= expected_percent). Share of wallet is a level: `percent` is the
    share of the way from the baseline (0) to the target (100), below 0 when it fell,
    above 100 when the target is beaten. None, with `reason`, when it cannot be computed.
    """

    actual: Decimal | None
    percent: Decimal | None
    reason: str = ""
    expected_percent: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None

    @property
    def bar(self) -> int:
        """The percent bounded to 0-100, for a progress bar."""
        if self.percent is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), self.percent)))

    @property
    def behind_pace(self) -> bool:
        return (
            self.percent is not None
            and self.expected_percent is not None
            and self.percent < self.expected_percent
        )


def goal_period(
    *,
    plan_starts_on: date,
    plan_ends_on: date,
    starts_on: date | None,
    deadline: date | None,
) -> tuple[date, date]:
    """The goal's period: from its start (or the plan's) to its deadline (or the plan's end)."""
    return starts_on or plan_starts_on, deadline or plan_ends_on


def goal_progress(
    *,
    metric: str,
    baseline: Decimal | None,
    target: Decimal | None,
    actual: Decimal | None,
    period: tuple[date, date],
    today: date,
    no_data_reason: str = "",
) -> GoalProgress:
    """Progress of a goal whose actual value the caller measured from data up to
    min(today, end of period); `actual` None when there is no data, with
    `no_data_reason` saying why."""
    start, end = period

    def unknown(reason: str) -> GoalProgress:
        return GoalProgress(actual, None, reason, None, start, end)

    if metric not in DATA_METRICS:
        return unknown(_("This metric is not measured from data; keep the goal's status current."))
    if target is None:
        return unknown(_("The goal has no target yet."))
    if today < start:
        return unknown(_("The goal's period has not started yet."))
    if actual is None:
        return unknown(no_data_reason or _("No data for the goal's period."))
    if metric in CUMULATIVE_METRICS:
        if target <= 0:
            return unknown(_("A revenue or profit target must be above zero."))
        total_days = (end - start).days + 1
        gone_days = min((today - start).days + 1, total_days)
        expected = Decimal(100 * gone_days) / Decimal(max(total_days, 1))
        percent = actual / target * 100
        return GoalProgress(
            actual,
            percent.quantize(Decimal("0.1")),
            "",
            expected.quantize(Decimal("0.1")),
            start,
            end,
        )
    base = baseline if baseline is not None else Decimal(0)
    if target == base:
        percent = Decimal(100) if actual >= target else Decimal(0)
    else:
        percent = (actual - base) / (target - base) * 100
    return GoalProgress(actual, percent.quantize(Decimal("0.1")), "", None, start, end)


def share_of_wallet(our_revenue: Decimal, category_spend: Decimal) -> Decimal | None:
    """What we sell to the customer as a percent of its spend in our category."""
    if category_spend <= 0:
        return None
    return (our_revenue / category_spend * 100).quantize(Decimal("0.01"))
