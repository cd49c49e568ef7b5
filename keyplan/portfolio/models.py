"""Portfolio analysis: settings, exchange rates, the selection criteria and scores,
share of wallet, SAM fitness, classification snapshots and reclassification suggestions.

SPEC §1 (seeds 000, 001, 003). Amounts in analyses are in the company's base currency:
each sales rollup is converted with the planning rate of its currency (`ExchangeRate`).
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.core.fields import MoneyField
from keyplan.core.requestmemo import memo
from keyplan.sales.models import DataMetric


class Metric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    GROSS_PROFIT = "gp", _("Gross profit")


def _default_currency() -> str:
    return settings.KEYPLAN_DEFAULT_CURRENCY


class PortfolioSettings(models.Model):
    """The company's thresholds and norms. One row (pk=1); `PortfolioSettings.load()`."""

    base_currency = models.CharField(
        _("base currency"),
        max_length=3,
        default=_default_currency,
        help_text=_("Analyses convert every amount into this currency with the planning rates."),
    )
    pareto_share = models.DecimalField(
        _("Pareto threshold, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
        help_text=_("The share of the metric whose accounts are counted (the 80 of 80/20)."),
    )
    strategic_metric = models.CharField(
        _("classify on"), max_length=10, choices=Metric.choices, default=Metric.GROSS_PROFIT
    )
    strategic_cumulative_share = models.DecimalField(
        _("strategic: share of the metric, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Strategic accounts are the top accounts that together make this share of the metric…"
        ),
    )
    strategic_max_share = models.DecimalField(
        _("strategic: max. share of accounts, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("…capped at this share of the classified accounts (seed 001: about 10%)."),
    )
    prospect_interest_days = models.PositiveIntegerField(
        _("interest counts for, days"),
        default=365,
        help_text=_("A non-buying account with interest recorded this recently is a prospect."),
    )
    target_strategic_revenue_share = models.DecimalField(
        _("target share of revenue from strategic accounts, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Seed 000: companies expecting at least 25%: 60%; at least 50%: 30%."),
    )
    target_strategic_account_share = models.DecimalField(
        _("norm: share of accounts that are strategic, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    max_strategic_per_kam = models.PositiveIntegerField(
        _("at most strategic accounts per KAM"), default=5
    )
    growth_threshold = models.DecimalField(
        _("growth that suggests promotion, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A regular account growing this much year on year is suggested as strategic."),
    )
    decline_threshold = models.DecimalField(
        _("decline that suggests demotion, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "A strategic account whose revenue fell this much year on year, in both halves "
            "of the year, is suggested as regular (a sustained decline)."
        ),
    )
    candidate_score = models.DecimalField(
        _("candidate score"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
        help_text=_("A weighted score at least this high marks a candidate key account."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("portfolio settings")
        verbose_name_plural = _("portfolio settings")

    def __str__(self) -> str:
        return str(_("Portfolio settings"))

    @classmethod
    def load(cls) -> PortfolioSettings:
        """The settings (created with their defaults on first use). Read once per page:
        a copy each call, so that no caller's change reaches another's."""
        return copy.copy(memo(("portfolio-settings",), cls._read))

    @classmethod
    def _read(cls) -> PortfolioSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class CriterionKey(models.TextChoices):
    """The ten selection criteria of seed 003, in the seed's order."""

    PARTNERSHIP = "partnership", _("Partnership potential and relationship history")
    TENURE = "tenure", _("Tenure of the relationship")
    AVERAGE_INVOICE = "average_invoice", _("Average invoice")
    PRODUCT_FIT = "product_fit", _("Fit with our products")
    PROFIT_POTENTIAL = "profit_potential", _("Profit potential")
    PAYMENT = "payment", _("Purchasing process and payment speed")
    CULTURE_FIT = "culture_fit", _("Values and culture fit")
    SOLVENCY = "solvency", _("Solvency")
    NETWORK = "network", _("Relationships with other organisations")
    GEOGRAPHY = "geography", _("Geography")


class ScoreMethod(models.TextChoices):
    DECILES = "deciles", _("Deciles: rank among the scored accounts")
    LINEAR = "linear", _("Linear between a low and a high value")


class Criterion(models.Model):
    """One of the ten criteria, with the company's choice, weight and (for data) rule."""

    key = models.CharField(_("criterion"), max_length=30, choices=CriterionKey.choices, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    enabled = models.BooleanField(_("used"), default=False)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Empty: scored by people. Otherwise the data metric and its rule.
    metric = models.CharField(
        _("scored from data"), max_length=30, choices=DataMetric.choices, blank=True
    )
    method = models.CharField(
        _("rule"), max_length=10, choices=ScoreMethod.choices, default=ScoreMethod.DECILES
    )
    low = models.DecimalField(
        _("value scoring 1"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    high = models.DecimalField(
        _("value scoring 10"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def is_data(self) -> bool:
        return bool(self.metric)


class AccountScore(models.Model):
    """An account's 1-10 score on one criterion: entered by a person (with a rationale)
    or computed from data by the criterion's rule (the rationale says how)."""

    # No index of its own: the unique (account, criterion) begins with the account, and
    # every index is written for each of the 100,000s of data scores a run stores.
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="selection_scores",
        db_index=False,
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    from_data = models.BooleanField(_("from data"), default=False)
    value = models.DecimalField(
        _("measured value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    rationale = models.TextField(_("rationale"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("selection score")
        verbose_name_plural = _("selection scores")
        constraints = [
            models.UniqueConstraint(fields=["account", "criterion"], name="account_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.criterion_id}: {self.score}"


class Fitness(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class SamFitness(models.Model):
    """Seed 001: the four conditions that make an account fit for strategic account
    management at all."""

    account = models.OneToOneField(
        "accounts.Account", on_delete=models.CASCADE, related_name="sam_fitness"
    )
    sells_directly = models.CharField(
        _("we sell directly to a business or institution"),
        max_length=10,
        choices=Fitness.choices,
        default=Fitness.UNKNOWN,
    )
    continuing_need = models.CharField(
        _("the customer has a continuing need"),
        max_length=10,
        choices=Fitness.choices,
        default=Fitness.UNKNOWN,
    )
    values_added_value = models.CharField(
        _("the customer values added value and pays for it"),
        max_length=10,
        choices=Fitness.choices,
        default=Fitness.UNKNOWN,
    )
    trust_possible = models.CharField(
        _("a lasting relationship of trust is possible"),
        max_length=10,
        choices=Fitness.choices,
        default=Fitness.UNKNOWN,
    )
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    CONDITIONS = ("sells_directly", "continuing_need", "values_added_value", "trust_possible")

    class Meta:
        verbose_name = _("SAM fitness")
        verbose_name_plural = _("SAM fitness")

    def __str__(self) -> str:
        return f"{self.account_id} SAM fitness"

    @property
    def verdict(self) -> str:
        """yes when all four hold, no when any fails, unknown otherwise."""
        answers = [getattr(self, name) for name in self.CONDITIONS]
        if Fitness.NO in answers:
            return Fitness.NO
        if all(a == Fitness.YES for a in answers):
            return Fitness.YES
        return Fitness.UNKNOWN


class Snapshot(models.Model):
    """A saved classification analysis: its parameters, totals and one row per account.
    Applying a classification saves one; comparing two shows who moved between classes."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    metric = models.CharField(_("metric"), max_length=10, choices=Metric.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    currency = models.CharField(_("currency"), max_length=3)
    parameters = models.JSONField(_("parameters"), default=dict)
    totals = models.JSONField(_("totals"), default=dict)
    changed = models.PositiveIntegerField(_("classes changed"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portfolio snapshot")
        verbose_name_plural = _("portfolio snapshots")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.metric} {self.date_from}–{self.date_to}"


class SnapshotRow(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    # Why no database constraint and DO_NOTHING: a snapshot is history. Purging an
    # account must not change it, so the row keeps the account's id as a plain value
    # and its name (`account_name`, as it was at the snapshot) once the account is gone.
    account = models.ForeignKey(
        "accounts.Account",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="snapshot_rows",
    )
    account_name = models.CharField(max_length=200, blank=True)
    revenue = MoneyField(default=0)
    gross_profit = MoneyField(default=0)
    rank = models.PositiveIntegerField(null=True)  # None: zero or negative metric
    cumulative_share = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    class_before = models.CharField(max_length=20)
    class_after = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "account"], name="snapshot_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.account_id} {self.class_after}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    OUTDATED = "outdated", _("Outdated")


class SuggestionReason(models.TextChoices):
    REVENUE_GROWTH = "revenue_growth", _("Revenue grew past the threshold")
    ENTERED_TOP = "entered_top", _("Now among the accounts that make the strategic share")
    POTENTIAL = "potential", _("High selection score or headroom")
    FIRST_SALE = "first_sale", _("First sale")
    DECLINE = "decline", _("Sustained decline")
    STOPPED_BUYING = "stopped_buying", _("No purchases in the period")


class Suggestion(models.Model):
    """A proposed class change with its reason, for a director to accept or reject."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="class_suggestions"
    )
    from_class = models.CharField(_("from"), max_length=20)
    to_class = models.CharField(_("to"), max_length=20)
    reason = models.CharField(_("reason"), max_length=30, choices=SuggestionReason.choices)
    # The figures behind the reason (e.g. {"growth": "34.5", "revenue": "120000.00"}).
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reclassification suggestion")
        verbose_name_plural = _("reclassification suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(status="pending"),
                name="one_pending_suggestion_per_account",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.from_class} → {self.to_class}"
