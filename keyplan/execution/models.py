"""Execution and internal alignment (SPEC §6; seeds 000, 002).

- `ExecutionSettings`: checkpoint cadence, the functions a strategic account's team
  should cover, and the weights of the resource priority (one row, `.load()`).
- `Checkpoint` and `CheckpointAnswer`: a quick SAA check (seed 000: information,
  people and action alignment) or the 7S internal-alignment survey (seed 002), one per
  account, kind and period; each team member rates each element 1-5 with a comment.
- `ResourceRequest` and `UnitCapacity`: a KAM asks a business unit for an expert,
  hours or budget with a business case; the unit's head decides against the unit's
  capacity for the period (seed 002: resources by rule, not by the loudest voice).
- `Notification`: in-app notices (assignments, due dates, decisions); e-mail copies go
  through Django's mail backend.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.core.fields import MoneyField

WEIGHT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


def _default_required_functions() -> list[str]:
    return ["sales", "service", "technical", "finance"]


class ExecutionSettings(models.Model):
    """Cadence of checkpoints, team coverage norm and resource priority weights."""

    saa_cadence = models.CharField(
        _("SAA checkpoint cadence"),
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.MONTHLY,
    )
    seven_s_cadence = models.CharField(
        _("7S survey cadence"),
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.QUARTERLY,
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before a checkpoint is due"),
        default=5,
        validators=[MaxValueValidator(60)],
    )
    required_functions = models.JSONField(
        _("functions a strategic account's team should cover"),
        default=_default_required_functions,
        blank=True,
    )
    weight_class = models.DecimalField(
        _("priority weight: account class"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=WEIGHT,
    )
    weight_score = models.DecimalField(
        _("priority weight: selection score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=WEIGHT,
    )
    weight_return = models.DecimalField(
        _("priority weight: expected gross profit per unit"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("35"),
        validators=WEIGHT,
    )
    weight_completeness = models.DecimalField(
        _("priority weight: plan completeness"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=WEIGHT,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("execution settings")
        verbose_name_plural = _("execution settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> ExecutionSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class CheckpointKind(models.TextChoices):
    SAA = "saa", _("SAA checkpoint")
    SEVEN_S = "seven_s", _("7S internal alignment")


class Element(models.TextChoices):
    """What is rated: SAA's three alignments (seed 000), then the 7S (seed 002)."""

    INFORMATION = "information", _("Information alignment")
    PEOPLE = "people", _("People alignment")
    ACTION = "action", _("Action alignment")
    SHARED_VALUES = "shared_values", _("Shared values")
    STYLE = "style", _("Style")
    SKILLS = "skills", _("Skills")
    STAFF = "staff", _("Staff")
    STRATEGY = "strategy", _("Strategy")
    STRUCTURE = "structure", _("Structure")
    SYSTEMS = "systems", _("Systems")


ELEMENTS: dict[str, tuple[str, ...]] = {
    CheckpointKind.SAA: (Element.INFORMATION, Element.PEOPLE, Element.ACTION),
    CheckpointKind.SEVEN_S: (
        Element.SHARED_VALUES,
        Element.STYLE,
        Element.SKILLS,
        Element.STAFF,
        Element.STRATEGY,
        Element.STRUCTURE,
        Element.SYSTEMS,
    ),
}


class Checkpoint(models.Model):
    """One round of a checkpoint for an account: the period it covers and when it is due."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="checkpoints",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CheckpointKind.choices)
    period_start = models.DateField(_("period starts"))
    due_on = models.DateField(_("due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminders sent"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "kind", "pk"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "period_start"],
                name="checkpoint_unique_period",
                violation_error_message=_("This checkpoint already exists for the period."),
            )
        ]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.account} · {self.get_kind_display()} · {self.period_start}"


class CheckpointAnswer(models.Model):
    checkpoint = models.ForeignKey(
        Checkpoint,
        verbose_name=_("checkpoint"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="checkpoint_answers",
    )
    element = models.CharField(_("element"), max_length=20, choices=Element.choices)
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["checkpoint", "user", "pk"]
        verbose_name = _("checkpoint answer")
        verbose_name_plural = _("checkpoint answers")
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "user", "element"], name="checkpoint_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint} · {self.user} · {self.element}: {self.score}"


class ResourceType(models.TextChoices):
    EXPERT = "expert", _("Expert")
    HOURS = "hours", _("Hours")
    BUDGET = "budget", _("Budget")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REQUEST_STATES = (RequestStatus.PENDING,)
GRANTED_STATES = (RequestStatus.APPROVED, RequestStatus.PARTLY_APPROVED)


class ResourceRequest(models.Model):
    """A KAM's request to a business unit, with its business case (seed 002)."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="resource_requests",
    )
    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        verbose_name=_("business unit"),
        on_delete=models.PROTECT,
        related_name="resource_requests",
    )
    resource_type = models.CharField(_("resource"), max_length=10, choices=ResourceType.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Experts: people; hours: hours; budget: in the account's currency."),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    title = models.CharField(_("what for"), max_length=255)
    business_case = models.TextField(_("business case"), blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    expected_revenue = MoneyField(_("expected revenue effect"), null=True, blank=True)
    expected_gross_profit = MoneyField(_("expected gross profit effect"), null=True, blank=True)
    probability = models.DecimalField(
        _("probability, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=WEIGHT,
    )
    goal = models.ForeignKey(
        "plans.Goal",
        verbose_name=_("goal it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource_requests",
    )
    action = models.ForeignKey(
        "plans.Action",
        verbose_name=_("action it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource_requests",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
    )
    granted_amount = models.DecimalField(
        _("granted amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="resource_requests",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resource request")
        verbose_name_plural = _("resource requests")
        constraints = [
            models.CheckConstraint(
                name="resource_request_period_ordered",
                condition=models.Q(period_end__gte=models.F("period_start")),
                violation_error_message=_("The period must end on or after its start."),
            )
        ]
        indexes = [models.Index(fields=["business_unit", "status"])]

    def __str__(self) -> str:
        return self.title


class UnitCapacity(models.Model):
    """What a business unit can give in a month, per resource type."""

    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        verbose_name=_("business unit"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    resource_type = models.CharField(_("resource"), max_length=10, choices=ResourceType.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["business_unit", "month", "resource_type"]
        verbose_name = _("unit capacity")
        verbose_name_plural = _("unit capacities")
        constraints = [
            models.UniqueConstraint(
                fields=["business_unit", "resource_type", "month"], name="unit_capacity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_unit} · {self.month:%Y-%m} · {self.resource_type}: {self.amount}"


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    DUE = "due", _("Due date")
    CHECKPOINT = "checkpoint", _("Checkpoint due")
    REQUEST = "request", _("Resource request")
    DECISION = "decision", _("Decision")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What it is about, so that a repeated reminder is not sent twice (e.g. "action:12:due").
    key = models.CharField(_("key"), max_length=100, blank=True)
    # What it says, rendered in the reader's language (execution/common/messages.py); the
    # title and body above are its text when it was made, shown for rows without one.
    message = models.CharField(_("message"), max_length=60, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_unique_key",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the active language (messages.texts)."""
        from .common.messages import texts

        return texts(self)[0]

    @property
    def shown_body(self) -> str:
        from .common.messages import texts

        return texts(self)[1]
