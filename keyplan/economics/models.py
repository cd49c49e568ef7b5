"""The economics settings (SPEC §7, issue #16): what our people's time costs and what the
money tied up in receivables costs, both with their history.

- `EconomicsSettings`: the annual cost of capital (one row, pk=1, `.load()`).
- `HourlyCost`: an hourly cost from a date, for one person or for everyone in a role.
  The rate of a time entry is the person's own rate valid that day, else their role's
  (keyplan.economics.settings.domain.RateBook); time with neither is "unpriced".
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.core.fields import MoneyField
from keyplan.portfolio.models import PortfolioSettings
from keyplan.users.models import Role

# Roles whose people log time for us (a portal user is the customer's).
COSTED_ROLES = [(value, label) for value, label in Role.choices if value != Role.PORTAL]


class EconomicsSettings(models.Model):
    """The cost of capital used for the cost of the money tied up in receivables. One row
    (pk=1); `EconomicsSettings.load()`."""

    cost_of_capital = models.DecimalField(
        _("cost of capital, annual %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "What money tied up in receivables costs the company a year: the account P&L "
            "charges each account its average receivables × this rate × the days ÷ 365."
        ),
    )
    # The weights of the health score's components (keyplan.economics.health): a
    # component's share of the score is its weight over the weights of the components
    # that have data; 0 leaves a component out.
    weight_revenue_trend = models.PositiveSmallIntegerField(
        _("weight: revenue trend"), default=20, validators=[MaxValueValidator(100)]
    )
    weight_margin_trend = models.PositiveSmallIntegerField(
        _("weight: margin trend"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_payment = models.PositiveSmallIntegerField(
        _("weight: payment behaviour"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_relationships = models.PositiveSmallIntegerField(
        _("weight: relationship risk"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_competition = models.PositiveSmallIntegerField(
        _("weight: competitor alerts"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_plan = models.PositiveSmallIntegerField(
        _("weight: plan freshness and completeness"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    weight_actions = models.PositiveSmallIntegerField(
        _("weight: overdue actions"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_satisfaction = models.PositiveSmallIntegerField(
        _("weight: satisfaction"), default=5, validators=[MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("economics settings")
        verbose_name_plural = _("economics settings")

    def __str__(self) -> str:
        return str(_("Economics settings"))

    @classmethod
    def load(cls) -> EconomicsSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


def _base_currency() -> str:
    return PortfolioSettings.load().base_currency


class HourlyCost(models.Model):
    """What an hour of a person's time, or of anyone's in a role, costs from `valid_from`
    on (until the next rate of the same person or role)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hourly_costs",
    )
    role = models.CharField(_("role"), max_length=20, choices=COSTED_ROLES, blank=True)
    amount = MoneyField(_("hourly cost"))
    currency = models.CharField(_("currency"), max_length=3, default=_base_currency)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("hourly cost")
        verbose_name_plural = _("hourly costs")
        constraints = [
            models.CheckConstraint(
                name="hourly_cost_person_or_role",
                condition=(
                    models.Q(person__isnull=False, role="")
                    | (models.Q(person__isnull=True) & ~models.Q(role=""))
                ),
            ),
            models.CheckConstraint(
                name="hourly_cost_amount_positive", condition=models.Q(amount__gt=0)
            ),
            # One rate per person, or per role, and day: the rate of a day is never ambiguous.
            models.UniqueConstraint(
                fields=["person", "valid_from"],
                condition=models.Q(person__isnull=False),
                name="hourly_cost_one_per_person_and_day",
            ),
            models.UniqueConstraint(
                fields=["role", "valid_from"],
                condition=models.Q(person__isnull=True),
                name="hourly_cost_one_per_role_and_day",
            ),
        ]

    def __str__(self) -> str:
        who = str(self.person) if self.person_id else self.get_role_display()
        return f"{who} · {self.amount} {self.currency}/h · {self.valid_from}"


class HealthSnapshot(models.Model):
    """An account's health score as it stood in a month (the monthly history of
    keyplan.economics.health): the score (null when no component had data) and each
    component's value, points, weight and source as computed then. One row per account
    and month; recording the month again replaces it."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="health_snapshots",
    )
    month = models.DateField(_("month"))  # the first day of the month
    score = models.PositiveSmallIntegerField(_("health score"), null=True, blank=True)
    components = models.JSONField(_("components"), default=list)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["account", "-month"]
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="health_one_per_month"),
            models.CheckConstraint(
                name="health_score_0_to_100",
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
            ),
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.account_id} · {self.month:%Y-%m} · {self.score}"


class WarningDecision(models.TextChoices):
    SNOOZED = "snoozed", _("Snoozed")
    RESOLVED = "resolved", _("Resolved")


class WarningState(models.Model):
    """What a user decided about one early warning of an account
    (keyplan.economics.warnings): snoozed until a day, or resolved, with a note. `key`
    names the warning (its kind and, where there is one, its subject, such as the
    contact); `evidence` is what the warning said when it was decided, so a resolved
    warning whose evidence has since worsened shows again."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="warning_states",
    )
    key = models.CharField(_("warning"), max_length=120)
    decision = models.CharField(_("decision"), max_length=10, choices=WarningDecision.choices)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "key"]
        verbose_name = _("warning decision")
        verbose_name_plural = _("warning decisions")
        constraints = [
            models.UniqueConstraint(fields=["account", "key"], name="warning_one_state_per_key"),
            models.CheckConstraint(
                name="warning_snooze_has_date",
                condition=~models.Q(decision="snoozed") | models.Q(snoozed_until__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} · {self.key} · {self.decision}"


class Kpi(models.TextChoices):
    """The key-account KPIs of the directors' KPI page (SPEC §7)."""

    REVENUE_GROWTH = "revenue_growth", _("Revenue growth, year on year (%)")
    GROSS_PROFIT_GROWTH = "gross_profit_growth", _("Gross profit growth, year on year (%)")
    GROSS_RETENTION = "gross_retention", _("Gross revenue retention (%)")
    NET_RETENTION = "net_retention", _("Net revenue retention (%)")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet (%)")
    SATISFACTION = "satisfaction", _("Satisfaction (0–10)")
    WIN_RATE = "win_rate", _("Win rate (%)")
    SALES_CYCLE = "sales_cycle", _("Sales cycle (days)")
    COST_PER_NEW_ACCOUNT = "cost_per_new_account", _("Cost of winning a new account")
    CRITERIA_GROWTH = "criteria_growth", _("Growth against the selection criteria (%)")


class KpiTarget(models.Model):
    """A director's target for a KPI in a year, for the whole portfolio (blank class) or
    one account class. Changes keep their history."""

    kpi = models.CharField(_("KPI"), max_length=30, choices=Kpi.choices)
    account_class = models.CharField(_("account class"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["kpi", "account_class", "-year"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "account_class", "year"], name="kpi_target_one_per_scope_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} · {self.account_class or '*'} · {self.year} · {self.value}"
