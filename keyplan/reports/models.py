"""Report models (SPEC §8.1, issue #17).

- `MonthlyReport`: the monthly strategic action report of one account and month, in
  versions. A draft's texts and generated content may change; an issued version is
  frozen (its content and texts never change): editing it starts the next draft version.
- `ReportSettings`: the company's name, logo, colour and footer on every report (one row,
  pk=1, `ReportSettings.load()`), and the PowerPoint template of the board packs.
- `BoardPack`: a generated board pack (PPTX or PDF) in the archive, with its job status.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.reports.validators import validate_board_template, validate_logo


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
    board_template = models.FileField(
        _("board pack template"),
        upload_to="reports/templates/",
        blank=True,
        validators=[validate_board_template],
        help_text=_(
            "A PowerPoint file (.pptx) of at most 10 MB: its first layouts are used for "
            "the board packs. Empty: the built-in template."
        ),
    )
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


class BoardPackFormat(models.TextChoices):
    PPTX = "pptx", _("PowerPoint (PPTX)")
    PDF = "pdf", _("PDF")


class BoardPackStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BoardPack(models.Model):
    """A board pack of the portfolio (SPEC §6.5), generated in the background over the
    accounts its requester may see, and kept in the archive."""

    format = models.CharField(_("format"), max_length=4, choices=BoardPackFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BoardPackStatus.choices, default=BoardPackStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="reports/board/", blank=True)
    error = models.TextField(_("error message"), blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("board pack")
        verbose_name_plural = _("board packs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="board_pack_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.format}"

    @property
    def finished(self) -> bool:
        return self.status in (BoardPackStatus.DONE, BoardPackStatus.FAILED)
