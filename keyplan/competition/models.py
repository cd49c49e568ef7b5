"""Competitors and our position against them at each account (SPEC §5; seeds 000, 001).

- `Competitor`: the registry.
- `Presence`: a competitor at an account: what it supplies, whether it is the
  incumbent, its estimated share of the account's spend in our category.
- `Assessment`: a dated assessment of one presence on the four pillars of position
  (seed 001: strength, strategy, staff, support). It holds one `PillarRating` per
  pillar (1-5 with evidence) and one `WeaknessAnswer` per catalogue question (yes /
  no / unknown with a note). A new assessment starts as a copy of the latest, so
  assessments over time compare pillar by pillar and question by question.
- `WeaknessQuestion`: the catalogue of weakness questions, data in three languages,
  editable by an administrator.
- `Attack`: a weak point turned into an action of the account's action plan.
- `BuyingCriterion` and `OfferScore`: the customer's buying criteria with their
  weights, and our offer (competitor empty) and each competitor's scored on them
  (seed 000: the assessment from the customer's point of view).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

SCORE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class Competitor(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    products = models.TextField(_("products"), blank=True)
    strengths = models.TextField(_("typical strengths"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """A competitor at an account."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="competitor_presences",
    )
    competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="presences",
    )
    supplies = models.TextField(_("what it supplies"), blank=True)
    is_incumbent = models.BooleanField(_("incumbent"), default=False)
    share_of_spend = models.DecimalField(
        _("estimated share of the account's spend, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Its share of what the account spends in our category."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["competitor__name", "pk"]
        verbose_name = _("competitor at the account")
        verbose_name_plural = _("competitors at the account")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "competitor"],
                name="presence_unique",
                violation_error_message=_("This competitor is already listed at the account."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor} @ {self.account}"


class Pillar(models.TextChoices):
    """Seed 001's four pillars of position, in the seed's order."""

    # A context: "Strength" is also a SWOT quadrant, translated differently.
    STRENGTH = "strength", pgettext_lazy("pillar of position", "Strength")
    STRATEGY = "strategy", pgettext_lazy("pillar of position", "Strategy")
    STAFF = "staff", pgettext_lazy("pillar of position", "Staff")
    SUPPORT = "support", pgettext_lazy("pillar of position", "Support")


class WeaknessQuestion(models.Model):
    """A question that looks for a crack in one pillar (seed 001). Data, not code: an
    administrator edits the catalogue; the text is kept in English, Russian and Polish."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    text_pl = models.CharField(_("question (Polish)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pillar", "position", "pk"]
        verbose_name = _("weakness question")
        verbose_name_plural = _("weakness questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The question in the active language, falling back to English."""
        language = (translation.get_language() or "en")[:2]
        return getattr(self, f"text_{language}", "") or self.text_en


class Assessment(models.Model):
    """One dated assessment of a competitor's position at an account."""

    presence = models.ForeignKey(
        Presence,
        verbose_name=_("competitor at the account"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.presence} · {self.assessed_on}"


class PillarRating(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="ratings"
    )
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"),
        null=True,
        blank=True,
        validators=SCORE_1_5,
        help_text=_("1: weak, 5: very strong."),
    )
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("pillar rating")
        verbose_name_plural = _("pillar ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "pillar"], name="pillar_rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_pillar_display()}: {self.score or '—'}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class WeaknessAnswer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        WeaknessQuestion,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["question__pillar", "question__position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="weakness_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer}"


class Attack(models.Model):
    """A weak point turned into an action of the account's plan. The weak point is a
    question answered "yes", or a pillar as a whole when no question names it."""

    presence = models.ForeignKey(
        Presence,
        verbose_name=_("competitor at the account"),
        on_delete=models.CASCADE,
        related_name="attacks",
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="attacks",
    )
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    question = models.ForeignKey(
        WeaknessQuestion,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attacks",
    )
    action = models.ForeignKey(
        "plans.Action",
        verbose_name=_("action"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="attacks",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("attack on a weak point")
        verbose_name_plural = _("attacks on weak points")

    def __str__(self) -> str:
        return f"{self.presence} · {self.pillar}"


class BuyingCriterion(models.Model):
    """What the customer buys on, weighted as the customer sees it (seed 000)."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="buying_criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much the customer cares, 1-100; weights are normalised to 100%."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("buying criterion")
        verbose_name_plural = _("buying criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "name"],
                name="buying_criterion_unique",
                violation_error_message=_("The account already has a criterion of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OfferScore(models.Model):
    """Our offer (no competitor) or a competitor's, scored on one criterion (1-5)."""

    criterion = models.ForeignKey(
        BuyingCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="offer_scores",
        help_text=_("Empty: our own offer."),
    )
    score = models.PositiveSmallIntegerField(_("score (1-5)"), validators=SCORE_1_5)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["criterion", "competitor__name", "pk"]
        verbose_name = _("offer score")
        verbose_name_plural = _("offer scores")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "competitor"],
                condition=models.Q(competitor__isnull=False),
                name="offer_score_unique_competitor",
            ),
            models.UniqueConstraint(
                fields=["criterion"],
                condition=models.Q(competitor__isnull=True),
                name="offer_score_unique_ours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.competitor or '—'} {self.score}"
