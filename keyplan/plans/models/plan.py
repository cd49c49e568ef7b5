"""The plan itself (versioned, with a state) and what every item of it shares."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import CURRENT_STATES, EDITABLE_STATES, PlanState

RATING = [MinValueValidator(1), MaxValueValidator(5)]
HISTORY_EXCLUDED = ["updated_at"]


class AccountPlan(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    period = models.CharField(
        _("period"), max_length=40, help_text=_("A label for the period, e.g. FY2026.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When the team last went through the plan and confirmed it still holds."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["-starts_on", "-version", "pk"]
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period", "version"],
                name="plan_account_period_version_unique",
                violation_error_message=_("This account already has this version of the plan."),
            ),
            models.UniqueConstraint(
                fields=["account", "period"],
                condition=models.Q(state__in=CURRENT_STATES),
                name="plan_one_current_per_period",
                violation_error_message=_(
                    "This account already has a current plan for this period."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="plan_starts_before_it_ends",
                violation_error_message=_("The plan must start before it ends."),
            ),
        ]
        indexes = [models.Index(fields=["account", "state"])]

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_current(self) -> bool:
        return self.state in CURRENT_STATES


class PlanItem(models.Model):
    """What every item shares. `origin` identifies the same item across versions."""

    kind: str = ""
    # Fields a caller may set (FKs by their *_id attname, M2M as <name>_ids).
    editable_fields: tuple[str, ...] = ()
    # Fields that may still change once the plan is approved: execution, not planning.
    execution_fields: tuple[str, ...] = ()

    plan = models.ForeignKey(AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE)
    origin = models.UUIDField(_("origin"), default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = models.Manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label[:80]

    @property
    def label(self) -> str:
        """A short text naming the item in lists, diffs and history."""
        return str(getattr(self, "text", "") or getattr(self, "title", "") or self.pk)
