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
