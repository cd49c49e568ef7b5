"""Report models (SPEC §8.1, issue #17).

- `MonthlyReport`: the monthly strategic action report of one account and month, in
  versions. A draft's texts and generated content may change; an issued version is
  frozen (its content and texts never change): editing it starts the next draft version.
- `ReportSettings`: the company's name, logo, colour and footer on every report (one row,
  pk=1, `ReportSettings.load()`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.reports.validators import validate_logo


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class MonthlyReport(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="monthly_reports",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    asks = models.TextField(_("asks and next steps"), blank=True)
    # What the report shows from the data, gathered when drafted (or refreshed): language
    # neutral (codes and numbers as text), so that it renders in any language.
    content = models.JSONField(_("content"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_with_portal = models.BooleanField(_("shared to the portal"), default=False)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-month", "-version"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month", "version"],
                name="monthly_report_account_month_version_unique",
                violation_error_message=_("This account already has this version of the report."),
            ),
            models.UniqueConstraint(
                fields=["account", "month"],
                condition=models.Q(state="draft"),
                name="monthly_report_one_draft_per_month",
                violation_error_message=_("This account already has a draft for this month."),
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(issued_at__isnull=False),
                name="monthly_report_issued_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(shared_with_portal=False) | models.Q(state="issued"),
                name="monthly_report_only_issued_shared",
            ),
        ]
        indexes = [models.Index(fields=["account", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} v{self.version}"

    @property
    def is_issued(self) -> bool:
        return self.state == ReportState.ISSUED


HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits, e.g. #1f4e79.")
)


class ReportSettings(models.Model):
    """What every report carries of the company. One row (pk=1); `ReportSettings.load()`."""

    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="reports/logo/",
        blank=True,
        validators=[validate_logo],
        help_text=_("A PNG or JPEG image of at most 1 MB."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79", validators=[HEX_COLOUR]
    )
    footer_text = models.CharField(_("footer text"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(_("Report settings"))

    @classmethod
    def load(cls) -> ReportSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @classmethod
    def current(cls) -> ReportSettings:
        """The stored settings, or the defaults unsaved: reading a report writes nothing."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
