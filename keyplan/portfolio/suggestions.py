"""Reclassification suggestions (SPEC §1.4): proposed class changes with their reason
and the figures behind it, for a director to accept or reject with a comment.

The rules, over the analysis period (default: the 12 months up to the latest sale),
one suggestion per account, the first rule that holds wins:

- prospect or suspect with revenue -> regular (first_sale);
- regular or strategic without revenue -> prospect or suspect, as the classification
  would put it (stopped_buying);
- strategic whose revenue fell by at least `decline_threshold`% year on year in both
  halves of the period -> regular (decline);
- regular that the classification now puts among the strategic -> strategic (entered_top);
- regular whose revenue grew by at least `growth_threshold`% year on year and which ranks
  within twice the strategic cap -> strategic (revenue_growth);
- regular whose weighted selection score reaches `candidate_score` -> strategic (potential).

At most one pending suggestion per account: a new finding updates the pending one, and a
pending one whose rule no longer holds becomes outdated. Running again on the same data
changes nothing; a rejected suggestion is not made again for the same period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import SimpleNamespace
from typing import Any

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.access import ALL_ACCOUNT_ROLES
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.core.money import babel_locale, format_money, format_number

from . import classification, domain, rollups
from .access import require_portfolio_manager
from .metrics import year_before
from .models import (
    AccountScore,
    Criterion,
    PortfolioSettings,
    Suggestion,
    SuggestionReason,
    SuggestionStatus,
)

__all__ = ["decide", "generate_suggestions", "reason_text"]

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
R = SuggestionReason
STRATEGIC, REGULAR = AccountClass.STRATEGIC.value, AccountClass.REGULAR.value
NOT_BUYING = (AccountClass.PROSPECT.value, AccountClass.SUSPECT.value)

# The classification is company-wide whoever asks; suggestions are computed for the
# whole portfolio, also when the command line runs them without a user.
_SYSTEM = SimpleNamespace(
    is_authenticated=True, is_active=True, role=next(iter(sorted(ALL_ACCOUNT_ROLES))), pk=None
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _percent_change(current: Decimal, previous: Decimal) -> Decimal | None:
    if previous <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return ((current - previous) / previous * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _halves(period: rollups.Period) -> list[rollups.Period]:
    """The two halves of the period in whole months (the second the longer one when the
    count is odd); none for a single month."""
    months = period.month_starts()
    if len(months) < 2:
        return []
    middle = len(months) // 2
    return [
        rollups.Period.months(months[0], months[middle - 1]),
        rollups.Period.months(months[middle], period.date_to),
    ]


def _weights() -> dict[str, Decimal]:
    criteria = Criterion.objects.filter(enabled=True)
    try:
        return domain.normalise_weights({c.key: c.weight for c in criteria})
    except ValueError:  # no criterion or no weight: no score, no "potential" rule
        return {}


def _findings(period: rollups.Period) -> dict[int, tuple[str, str, str, dict]]:
    """{account_id: (from_class, to_class, reason, evidence)} for the accounts a rule
    applies to, company-wide."""
    settings = PortfolioSettings.load()
    preview = classification.classification_preview(user=_SYSTEM, period=period)
    before = year_before(period)
    previous = rollups.account_figures(None, before).values
    # The second half's figures are the whole period's less the first half's.
    half_periods = _halves(period)
    current_h1: dict[int, tuple[Decimal, Decimal]] = {}
    previous_h1: dict[int, tuple[Decimal, Decimal]] = {}
    if half_periods:
        current_h1 = rollups.account_figures(None, half_periods[0]).values
        previous_h1 = rollups.account_figures(None, year_before(half_periods[0])).values
    cap = int(preview.parameters.get("strategic_cap") or 0)
    weights = _weights()
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    if weights:
        for account_id, key, score in (
            AccountScore.objects.filter(
                criterion__enabled=True,
                account__account_class=REGULAR,
                account__status__in=[AccountStatus.ACTIVE, AccountStatus.ON_HOLD],
            )
            .order_by()
            .values_list("account_id", "criterion__key", "score")
        ):
            scores[account_id][key] = score

    common: dict[str, Any] = {
        "period": preview.period.to_json(),
        "currency": preview.currency,
        "metric": preview.metric,
    }
    findings: dict[int, tuple[str, str, str, dict]] = {}
    for row in preview.rows:
        current = row.current
        revenue = row.revenue
        prev_revenue = previous.get(row.account_id, (ZERO, ZERO))[0]
        evidence: dict[str, Any] = {
            **common,
            "revenue": _text(revenue),
            "gross_profit": _text(row.gross_profit),
            "previous_revenue": _text(prev_revenue),
        }
        if current in NOT_BUYING:
            if revenue > 0:
                findings[row.account_id] = (current, REGULAR, R.FIRST_SALE, evidence)
            continue
        if current not in (STRATEGIC, REGULAR):
            continue
        if revenue <= 0:
            if row.proposed in NOT_BUYING:
                findings[row.account_id] = (current, row.proposed, R.STOPPED_BUYING, evidence)
            continue
        if current == STRATEGIC:
            if not half_periods:
                pairs = [(revenue, prev_revenue)]
            else:
                h1 = current_h1.get(row.account_id, (ZERO, ZERO))[0]
                p1 = previous_h1.get(row.account_id, (ZERO, ZERO))[0]
                pairs = [(h1, p1), (revenue - h1, prev_revenue - p1)]
            declines = [_percent_change(cur, prev) for cur, prev in pairs]
            if all(d is not None and -d >= settings.decline_threshold for d in declines):
                evidence["threshold"] = _text(settings.decline_threshold)
                evidence["halves"] = [
                    {
                        **(half_periods[n].to_json() if half_periods else common["period"]),
                        "revenue": _text(cur),
                        "previous_revenue": _text(prev),
                        "change": _text(declines[n]),
                    }
                    for n, (cur, prev) in enumerate(pairs)
                ]
                findings[row.account_id] = (current, REGULAR, R.DECLINE, evidence)
            continue
        # regular and buying
        evidence["rank"] = row.rank
        evidence["cap"] = cap
        if row.proposed == STRATEGIC:
            evidence["value"] = _text(row.value)
            evidence["cumulative_share"] = (
                None if row.cumulative_share is None else str(row.cumulative_share)
            )
            evidence["strategic_share"] = _text(settings.strategic_cumulative_share)
            findings[row.account_id] = (current, STRATEGIC, R.ENTERED_TOP, evidence)
            continue
        growth = _percent_change(revenue, prev_revenue)
        if (
            growth is not None
            and growth >= settings.growth_threshold
            and row.rank is not None
            and row.rank <= 2 * cap
        ):
            evidence["growth"] = _text(growth)
            evidence["threshold"] = _text(settings.growth_threshold)
            findings[row.account_id] = (current, STRATEGIC, R.REVENUE_GROWTH, evidence)
            continue
        total, coverage = (
            domain.weighted_total(scores[row.account_id], weights) if weights else (None, ZERO)
        )
        if total is not None and total >= settings.candidate_score:
            evidence["score"] = _text(total)
            evidence["coverage"] = str(coverage)
            evidence["candidate_score"] = _text(settings.candidate_score)
            findings[row.account_id] = (current, STRATEGIC, R.POTENTIAL, evidence)
    return findings


@transaction.atomic
def generate_suggestions(*, user=None, period: rollups.Period | None = None) -> list[Suggestion]:
    """Run the rules (see the module doc) and record what they find.

    Returns the suggestions created or changed by this run (an empty list when nothing is
    new). Managers only when `user` is given (the command line passes none). Pending
    suggestions whose rule no longer holds (or whose account is closed) become outdated.
    """
    if user is not None:
        require_portfolio_manager(user)
    if period is None:
        period = rollups.default_period()
    pending: dict[int, tuple] = {
        row[1]: row
        for row in Suggestion.objects.filter(status=SuggestionStatus.PENDING).values_list(
            "pk", "account_id", "from_class", "to_class", "reason", "evidence"
        )
    }
    findings = _findings(period) if period is not None else {}
    rejected = {
        (
            account_id,
            from_class,
            to_class,
            reason,
            (evidence or {}).get("period", {}).get("from"),
            (evidence or {}).get("period", {}).get("to"),
        )
        for account_id, from_class, to_class, reason, evidence in Suggestion.objects.filter(
            status=SuggestionStatus.REJECTED
        ).values_list("account_id", "from_class", "to_class", "reason", "evidence")
    }
    created: list[Suggestion] = []
    updates: dict[int, tuple[str, str, str, dict]] = {}  # pending suggestion id -> finding
    outdated: list[int] = []
    for account_id, finding in sorted(findings.items()):
        from_class, to_class, reason, evidence = finding
        key = (
            account_id,
            from_class,
            to_class,
            str(reason),
            evidence["period"]["from"],
            evidence["period"]["to"],
        )
        existing = pending.pop(account_id, None)
        if key in rejected:  # a director already said no for this period
            if existing is not None:
                outdated.append(existing[0])
            continue
        if existing is None:
            created.append(
                Suggestion(
                    account_id=account_id,
                    from_class=from_class,
                    to_class=to_class,
                    reason=reason,
                    evidence=evidence,
                )
            )
        elif tuple(existing[2:]) != (from_class, to_class, reason, evidence):
            updates[existing[0]] = finding
    outdated += [row[0] for row in pending.values()]  # no rule holds any more

    # Changes to pending suggestions are few: saved one by one, with history.
    changed: list[Suggestion] = []
    for pk, suggestion in sorted(Suggestion.objects.in_bulk(list(updates) + outdated).items()):
        if pk in updates:
            from_class, to_class, reason, evidence = updates[pk]
            suggestion.from_class, suggestion.to_class = from_class, to_class
            suggestion.reason, suggestion.evidence = reason, evidence
            changed.append(suggestion)
        else:
            suggestion.status = SuggestionStatus.OUTDATED
        suggestion._history_user = user  # type: ignore[attr-defined]
        suggestion.save()
    if created:
        created = bulk_create_with_history(created, Suggestion, batch_size=1000, default_user=user)
        # Some backends do not return the ids of bulk-created rows: read them back.
        if any(s.pk is None for s in created):
            accounts = [s.account_id for s in created]
            created = [
                s
                for start in range(0, len(accounts), 500)
                for s in Suggestion.objects.filter(
                    status=SuggestionStatus.PENDING, account_id__in=accounts[start : start + 500]
                )
            ]
    return created + changed


@transaction.atomic
def decide(*, user, suggestion: Suggestion, accept: bool, comment: str = "") -> Suggestion:
    """Accept or reject a pending suggestion (administrators and directors only).

    Rejecting needs a comment (ValidationError on "comment"). Accepting sets the
    account's class with history (change reason "suggestion #id: reason"). A suggestion
    that is no longer pending, or whose account's class changed since it was made,
    cannot be decided (ValidationError on "status").
    """
    require_portfolio_manager(user)
    current = Suggestion.objects.select_for_update().get(pk=getattr(suggestion, "pk", suggestion))
    comment = (comment or "").replace("\x00", "").strip()
    if current.status == SuggestionStatus.OUTDATED:
        raise ValidationError(
            {"status": [_("This suggestion is outdated: the figures or the class changed.")]}
        )
    if current.status != SuggestionStatus.PENDING:
        raise ValidationError({"status": [_("This suggestion has already been decided.")]})
    if not accept and not comment:
        raise ValidationError({"comment": [_("Say why the suggestion is rejected.")]})
    if accept:
        account = Account.objects.select_for_update().get(pk=current.account_id)
        if account.account_class != current.from_class:
            raise ValidationError(
                {
                    "status": [
                        _(
                            "The account's class changed since this suggestion was made; "
                            "run the suggestions again."
                        )
                    ]
                }
            )
        account.account_class = current.to_class
        account._history_user = user  # type: ignore[attr-defined]
        account._change_reason = f"suggestion #{current.pk}: {current.reason}"  # type: ignore[attr-defined]
        account.save()
    current.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    current.decided_by = user
    current.decided_at = timezone.now()
    current.comment = comment
    current._history_user = user  # type: ignore[attr-defined]
    current.save()
    return current


def _money(evidence: dict, key: str) -> str:
    value = evidence.get(key)
    if value is None:
        return "—"
    return format_money(Decimal(value), evidence.get("currency") or "EUR")


def _number(evidence: dict, key: str, places: int = 1) -> str:
    value = evidence.get(key)
    return "—" if value is None else format_number(Decimal(value), places=places)


def _date(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return format_date(date.fromisoformat(iso), format="medium", locale=babel_locale())
    except ValueError:
        return iso


def reason_text(suggestion: Suggestion) -> str:
    """The reason as a sentence in the active language, with the evidence's figures."""
    e = suggestion.evidence or {}
    period = e.get("period") or {}
    when = {"from": _date(period.get("from")), "to": _date(period.get("to"))}
    if suggestion.reason == R.FIRST_SALE:
        return _("First sales: %(revenue)s of revenue from %(from)s to %(to)s.") % {
            "revenue": _money(e, "revenue"),
            **when,
        }
    if suggestion.reason == R.STOPPED_BUYING:
        return _(
            "No revenue from %(from)s to %(to)s (%(previous)s in the same months a year earlier)."
        ) % {"previous": _money(e, "previous_revenue"), **when}
    if suggestion.reason == R.DECLINE:
        halves = e.get("halves") or []
        changes = ", ".join(
            format_number(-Decimal(h["change"]), places=1) + "%"
            for h in halves
            if h.get("change") is not None
        )
        return _(
            "Revenue fell year on year by %(changes)s (at least %(threshold)s%% in each half "
            "of the period): %(previous)s → %(revenue)s."
        ) % {
            "changes": changes,
            "threshold": _number(e, "threshold", 0),
            "previous": _money(e, "previous_revenue"),
            "revenue": _money(e, "revenue"),
        }
    if suggestion.reason == R.ENTERED_TOP:
        metric = _("gross profit") if e.get("metric") == "gp" else _("revenue")
        return _(
            "Ranks %(rank)s by %(metric)s (%(value)s), among the accounts that make the "
            "first %(share)s%%: strategic under the current settings."
        ) % {
            "rank": e.get("rank", "—"),
            "metric": metric,
            "value": _money(e, "value"),
            "share": _number(e, "strategic_share", 0),
        }
    if suggestion.reason == R.REVENUE_GROWTH:
        return _(
            "Revenue grew %(growth)s%% year on year (%(previous)s → %(revenue)s; the "
            "threshold is %(threshold)s%%) and the account ranks %(rank)s, within twice the "
            "strategic cap of %(cap)s."
        ) % {
            "growth": _number(e, "growth"),
            "previous": _money(e, "previous_revenue"),
            "revenue": _money(e, "revenue"),
            "threshold": _number(e, "threshold", 0),
            "rank": e.get("rank", "—"),
            "cap": e.get("cap", "—"),
        }
    if suggestion.reason == R.POTENTIAL:
        return _(
            "Weighted selection score %(score)s of 10 (a candidate from %(threshold)s), "
            "over %(coverage)s%% of the criteria's weight."
        ) % {
            "score": _number(e, "score", 2),
            "threshold": _number(e, "candidate_score", 2),
            "coverage": format_number(Decimal(e.get("coverage") or 0) * HUNDRED, places=0),
        }
    return str(suggestion.get_reason_display())
