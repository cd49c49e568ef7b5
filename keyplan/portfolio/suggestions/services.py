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
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.access import ALL_ACCOUNT_ROLES
from keyplan.accounts.models import Account, AccountStatus
from keyplan.core.history import save_with_history
from keyplan.sales.figures.domain import Period, year_before
from keyplan.sales.figures.selectors import account_figures, default_period

from ..access import require_portfolio_manager
from ..classification.selectors import classification_preview
from ..models import AccountScore, Criterion, PortfolioSettings, Suggestion, SuggestionStatus
from ..scoring.domain import criteria_weights
from .domain import REGULAR, Finding, RuleInputs, find, halves

__all__ = ["decide", "generate_suggestions"]

# The classification is company-wide whoever asks; suggestions are computed for the
# whole portfolio, also when the command line runs them without a user.
_SYSTEM = SimpleNamespace(
    is_authenticated=True, is_active=True, role=next(iter(sorted(ALL_ACCOUNT_ROLES))), pk=None
)


def _regular_scores(weights: dict[str, Decimal]) -> dict[int, dict[str, int]]:
    """The selection scores of the regular accounts that are active or on hold."""
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    if not weights:
        return scores
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
    return scores


def _findings(period: Period) -> dict[int, Finding]:
    """{account_id: (from_class, to_class, reason, evidence)} for the accounts a rule
    applies to, company-wide."""
    settings = PortfolioSettings.load()
    base = settings.base_currency
    preview = classification_preview(user=_SYSTEM, period=period)
    previous = account_figures(None, year_before(period), base=base).values
    # The second half's figures are the whole period's less the first half's.
    half_periods = halves(period)
    current_h1: dict[int, tuple[Decimal, Decimal]] = {}
    previous_h1: dict[int, tuple[Decimal, Decimal]] = {}
    if half_periods:
        current_h1 = account_figures(None, half_periods[0], base=base).values
        previous_h1 = account_figures(None, year_before(half_periods[0]), base=base).values
    weights = criteria_weights(Criterion.objects.filter(enabled=True))[1]
    inputs = RuleInputs(
        period=preview.period,
        halves=half_periods,
        previous=previous,
        current_h1=current_h1,
        previous_h1=previous_h1,
        scores=_regular_scores(weights),
        weights=weights,
        cap=int(preview.parameters.get("strategic_cap") or 0),
        decline_threshold=settings.decline_threshold,
        growth_threshold=settings.growth_threshold,
        candidate_score=settings.candidate_score,
        strategic_share=settings.strategic_cumulative_share,
    )
    common: dict[str, Any] = {
        "period": preview.period.to_json(),
        "currency": preview.currency,
        "metric": preview.metric,
    }
    findings: dict[int, Finding] = {}
    for row in preview.rows:
        finding = find(row, inputs, common)
        if finding is not None:
            findings[row.account_id] = finding
    return findings


def _rejected() -> set[tuple]:
    """What directors rejected: (account, from, to, reason, period from, period to)."""
    return {
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


def _sort_out(findings: dict[int, Finding], pending: dict[int, tuple], rejected: set[tuple]):
    """(new suggestions, {pending suggestion id: its new finding}, outdated ids)."""
    created: list[Suggestion] = []
    updates: dict[int, Finding] = {}
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
    return created, updates, outdated


def _save_changes(updates: dict[int, Finding], outdated: list[int], user) -> list[Suggestion]:
    """Changes to pending suggestions are few: saved one by one, with history."""
    changed: list[Suggestion] = []
    for pk, suggestion in sorted(Suggestion.objects.in_bulk(list(updates) + outdated).items()):
        if pk in updates:
            from_class, to_class, reason, evidence = updates[pk]
            suggestion.from_class, suggestion.to_class = from_class, to_class
            suggestion.reason, suggestion.evidence = reason, evidence
            changed.append(suggestion)
        else:
            suggestion.status = SuggestionStatus.OUTDATED
        suggestion._history_user = user  # type: ignore[attr-defined]  # simple-history's author
        suggestion.save()
    return changed


def _create(created: list[Suggestion], user) -> list[Suggestion]:
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
    return created


@transaction.atomic
def generate_suggestions(*, user=None, period: Period | None = None) -> list[Suggestion]:
    """Run the rules (see the module doc) and record what they find.

    Returns the suggestions created or changed by this run (an empty list when nothing is
    new). Managers only when `user` is given (the command line passes none). Pending
    suggestions whose rule no longer holds (or whose account is closed) become outdated.
    """
    if user is not None:
        require_portfolio_manager(user)
    if period is None:
        period = default_period()
    pending: dict[int, tuple] = {
        row[1]: row
        for row in Suggestion.objects.filter(status=SuggestionStatus.PENDING).values_list(
            "pk", "account_id", "from_class", "to_class", "reason", "evidence"
        )
    }
    findings = _findings(period) if period is not None else {}
    created, updates, outdated = _sort_out(findings, pending, _rejected())
    changed = _save_changes(updates, outdated, user)
    if created:
        created = _create(created, user)
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
        save_with_history(account, user, f"suggestion #{current.pk}: {current.reason}")
    current.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    current.decided_by = user
    current.decided_at = timezone.now()
    current.comment = comment
    current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
    current.save()
    return current
