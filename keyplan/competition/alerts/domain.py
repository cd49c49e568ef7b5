"""Pure rules of an account's competition alerts: a competitor's support pillar went up
between its previous and its latest assessment; our score on the customer's top
criterion is below a competitor's.

No ORM here: the selectors (keyplan.competition.alerts.selectors, and
keyplan.execution's bulk read for many accounts) load the facts and apply these rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..assessments.domain import is_rising
from ..offers.domain import Criterion

ALERT_SUPPORT_RISING = "support_rising"
ALERT_BEHIND_ON_TOP = "behind_on_top_criterion"


@dataclass(frozen=True, kw_only=True)
class Alert:
    """Something at an account that asks for attention. `figures` holds the numbers
    behind the message (old/new support score, our/their score)."""

    code: str
    competitor_id: int
    competitor: str
    message: str
    figures: tuple[tuple[str, int | str], ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class SupportTrend:
    competitor_id: int
    competitor: str
    previous: int | None
    latest: int | None


def alerts(
    *,
    support: Iterable[SupportTrend],
    top: Criterion | None,
    our_score: int | None,
    their_scores: Iterable[tuple[int, str, int]],
) -> list[Alert]:
    """Support rising (per competitor, latest vs previous assessment), then being
    behind a competitor on the customer's top criterion. `their_scores`: (competitor
    id, name, score on the top criterion)."""
    found: list[Alert] = []
    for trend in support:
        if is_rising(trend.previous, trend.latest):
            found.append(
                Alert(
                    code=ALERT_SUPPORT_RISING,
                    competitor_id=trend.competitor_id,
                    competitor=trend.competitor,
                    message=_(
                        "%(competitor)s: support at the customer rose from %(old)s to %(new)s."
                    )
                    % {"competitor": trend.competitor, "old": trend.previous, "new": trend.latest},
                    figures=(("previous", trend.previous or 0), ("latest", trend.latest or 0)),
                )
            )
    if top is not None and our_score is not None:
        for competitor_id, name, score in their_scores:
            if score > our_score:
                found.append(
                    Alert(
                        code=ALERT_BEHIND_ON_TOP,
                        competitor_id=competitor_id,
                        competitor=name,
                        message=_(
                            "%(competitor)s scores %(theirs)s against our %(ours)s on "
                            "“%(criterion)s”, the customer's top criterion."
                        )
                        % {
                            "competitor": name,
                            "theirs": score,
                            "ours": our_score,
                            "criterion": top.name,
                        },
                        figures=(("criterion", top.name), ("ours", our_score), ("theirs", score)),
                    )
                )
    return found
