"""Pure rules of a competitor's position at an account (seed 001: the four pillars).

No ORM here: selectors load the facts into the dataclasses below and these functions
compute in memory, so the rules are tested without a database.

Rules (the web shows them next to the results):

- Verdict of an assessment. A pillar is *strong* at a score >= 4 (`STRONG_SCORE`).
  Four strong pillars: "hard_to_displace" (the competitor holds the account firmly;
  maybe not worth the fight). Any scored pillar below 4: "attackable". Otherwise (some
  pillars unscored, every scored one strong): "incomplete".
- Weak points. Each question answered "yes" is a weak point of its pillar. A pillar
  scored <= 2 (`WEAK_SCORE`) with no "yes" answer is a weak point by itself. Severity
  = (6 - pillar score; an unscored pillar counts as 3) x pillar weight (support 1.5,
  the others 1.0: support is the pillar that matters most, a crack there is worth
  most). Ranked by severity (highest first), then a confirmed "yes" before a
  pillar-only point, then pillar order support, strength, strategy, staff, then the
  question's position, then its id. The top four are the ones to work on (the seed's
  "three or four"). "Unknown" answers are not weak points: they are listed as "to find
  out".
- Assessment comparison: per pillar old score -> new score, per question old answer ->
  new answer; "support rising" when the support score of the newer assessment is
  higher than the older one's (both scored).

The offer seen through the customer's buying criteria is keyplan.competition.offers.domain;
the account alerts keyplan.competition.alerts.domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STRONG_SCORE = 4
WEAK_SCORE = 2
UNSCORED_AS = 3
TOP_WEAK_POINTS = 4

# The seed's order, used for display.
PILLARS: tuple[str, ...] = ("strength", "strategy", "staff", "support")
# The ranking order of weak points at equal severity: support first.
RANK_ORDER: tuple[str, ...] = ("support", "strength", "strategy", "staff")
PILLAR_WEIGHTS: Mapping[str, Decimal] = {
    "support": Decimal("1.5"),
    "strength": Decimal("1"),
    "strategy": Decimal("1"),
    "staff": Decimal("1"),
}

YES, NO, UNKNOWN = "yes", "no", "unknown"

HARD_TO_DISPLACE = "hard_to_displace"
ATTACKABLE = "attackable"
INCOMPLETE = "incomplete"
VERDICT_LABELS = {
    HARD_TO_DISPLACE: gettext_lazy("Hard to displace"),
    ATTACKABLE: gettext_lazy("Attackable"),
    INCOMPLETE: gettext_lazy("Incomplete"),
}
VERDICT_HELP = {
    HARD_TO_DISPLACE: gettext_lazy(
        "All four pillars are strong (4 or more): the competitor holds the account "
        "firmly; maybe not worth the fight."
    ),
    ATTACKABLE: gettext_lazy("At least one pillar scores below 4: there is a crack to work on."),
    INCOMPLETE: gettext_lazy(
        "Some pillars are not scored yet and the scored ones are strong: finish the assessment."
    ),
}

# --- verdict ------------------------------------------------------------------------------


def verdict(scores: Mapping[str, int | None]) -> str:
    """The verdict for pillar scores keyed by pillar (missing pillar = unscored)."""
    values = [scores.get(pillar) for pillar in PILLARS]
    scored = [value for value in values if value is not None]
    if any(value < STRONG_SCORE for value in scored):
        return ATTACKABLE
    if len(scored) == len(PILLARS):
        return HARD_TO_DISPLACE
    return INCOMPLETE


# --- weak points --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuestionAnswer:
    """One catalogue question with the answer given in an assessment."""

    question_id: int
    pillar: str
    position: int
    text: str
    answer: str = UNKNOWN
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class WeakPoint:
    """A crack in a competitor's position: a "yes" answer, or a weak pillar as a whole
    (`question_id` None)."""

    pillar: str
    question_id: int | None
    text: str
    severity: Decimal
    score: int | None
    note: str = ""
    position: int = 0

    @property
    def confirmed(self) -> bool:
        """A question answered "yes" (not a pillar-only point)."""
        return self.question_id is not None

    @property
    def key(self) -> str:
        """Identifies the point within an assessment: "<pillar>" or "<pillar>:<question id>"."""
        return self.pillar if self.question_id is None else f"{self.pillar}:{self.question_id}"


def severity(pillar: str, score: int | None) -> Decimal:
    """(6 - score, unscored counted as 3) x the pillar's weight."""
    base = 6 - (UNSCORED_AS if score is None else score)
    return Decimal(base) * PILLAR_WEIGHTS.get(pillar, Decimal("1"))


def _rank_key(point: WeakPoint) -> tuple:
    pillar_rank = RANK_ORDER.index(point.pillar) if point.pillar in RANK_ORDER else len(RANK_ORDER)
    return (
        -point.severity,
        0 if point.confirmed else 1,
        pillar_rank,
        point.position,
        point.question_id or 0,
    )


def pillar_text(pillar: str) -> str:
    texts = {
        "strength": _("Weak pillar: strength"),
        "strategy": _("Weak pillar: strategy"),
        "staff": _("Weak pillar: staff"),
        "support": _("Weak pillar: support"),
    }
    return texts.get(pillar, pillar)


def weak_points(
    scores: Mapping[str, int | None],
    answers: Iterable[QuestionAnswer],
    *,
    limit: int | None = TOP_WEAK_POINTS,
) -> list[WeakPoint]:
    """The weak points, most severe first (see the module docstring); `limit` None: all."""
    points: list[WeakPoint] = []
    confirmed_pillars: set[str] = set()
    for item in answers:
        if item.answer != YES:
            continue
        confirmed_pillars.add(item.pillar)
        score = scores.get(item.pillar)
        points.append(
            WeakPoint(
                pillar=item.pillar,
                question_id=item.question_id,
                text=item.text,
                severity=severity(item.pillar, score),
                score=score,
                note=item.note,
                position=item.position,
            )
        )
    for pillar in PILLARS:
        score = scores.get(pillar)
        if score is not None and score <= WEAK_SCORE and pillar not in confirmed_pillars:
            points.append(
                WeakPoint(
                    pillar=pillar,
                    question_id=None,
                    text=pillar_text(pillar),
                    severity=severity(pillar, score),
                    score=score,
                )
            )
    points.sort(key=_rank_key)
    return points if limit is None else points[:limit]


def to_find_out(answers: Iterable[QuestionAnswer]) -> list[QuestionAnswer]:
    """The questions still answered "unknown", in pillar (seed) and position order."""
    unknown = [item for item in answers if item.answer == UNKNOWN]
    return sorted(
        unknown,
        key=lambda item: (
            PILLARS.index(item.pillar) if item.pillar in PILLARS else len(PILLARS),
            item.position,
            item.question_id,
        ),
    )


# --- assessment comparison ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PillarChange:
    pillar: str
    old: int | None
    new: int | None

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def delta(self) -> int | None:
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True, kw_only=True)
class AnswerChange:
    question_id: int
    pillar: str
    text: str
    old: str | None
    new: str | None
    old_note: str = ""
    new_note: str = ""

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True, kw_only=True)
class AssessmentDiff:
    old_on: date
    new_on: date
    pillars: tuple[PillarChange, ...]
    answers: tuple[AnswerChange, ...]
    old_verdict: str
    new_verdict: str

    @property
    def support_rising(self) -> bool:
        support = next((p for p in self.pillars if p.pillar == "support"), None)
        return support is not None and is_rising(support.old, support.new)

    @property
    def changed_answers(self) -> tuple[AnswerChange, ...]:
        return tuple(change for change in self.answers if change.changed)


def is_rising(previous: int | None, latest: int | None) -> bool:
    """Strictly higher than before; False when either is unscored."""
    return previous is not None and latest is not None and latest > previous


def compare(
    *,
    old_on: date,
    new_on: date,
    old_scores: Mapping[str, int | None],
    new_scores: Mapping[str, int | None],
    old_answers: Iterable[QuestionAnswer],
    new_answers: Iterable[QuestionAnswer],
) -> AssessmentDiff:
    """Pillar by pillar and question by question; a question in one assessment only
    shows None on the other side. Questions in pillar (seed) and position order."""
    old_by_id = {item.question_id: item for item in old_answers}
    new_by_id = {item.question_id: item for item in new_answers}
    questions = {**old_by_id, **new_by_id}
    ordered = sorted(
        questions.values(),
        key=lambda q: (
            PILLARS.index(q.pillar) if q.pillar in PILLARS else len(PILLARS),
            q.position,
            q.question_id,
        ),
    )
    changes = []
    for question in ordered:
        old = old_by_id.get(question.question_id)
        new = new_by_id.get(question.question_id)
        changes.append(
            AnswerChange(
                question_id=question.question_id,
                pillar=question.pillar,
                text=question.text,
                old=old.answer if old else None,
                new=new.answer if new else None,
                old_note=old.note if old else "",
                new_note=new.note if new else "",
            )
        )
    return AssessmentDiff(
        old_on=old_on,
        new_on=new_on,
        pillars=tuple(
            PillarChange(pillar=p, old=old_scores.get(p), new=new_scores.get(p)) for p in PILLARS
        ),
        answers=tuple(changes),
        old_verdict=verdict(old_scores),
        new_verdict=verdict(new_scores),
    )
