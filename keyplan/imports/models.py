from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyplan.core.fields import MoneyField


class ImportKind(models.TextChoices):
    ACCOUNTS = "accounts", _("Accounts")
    CONTACTS = "contacts", _("Contacts")
    PRODUCTS = "products", _("Products")
    INVOICES = "invoices", _("Invoice lines")
    PAYMENTS = "payments", _("Payments")
    OPPORTUNITIES = "opportunities", _("Opportunities")
    WALLET = "wallet", _("Share of wallet estimates")
    INTERACTIONS = "interactions", _("Interactions")
    SERVICE_COSTS = "service_costs", _("Service costs")
    SATISFACTION = "satisfaction", _("Satisfaction answers")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    # Its process stopped without saying so (killed, out of memory, the machine restarted):
    # what its batches committed is kept, and running the same file again completes it.
    INTERRUPTED = "interrupted", _("Interrupted")


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    file_path = models.CharField(max_length=500)  # in the storage's uploads/imports/
    original_name = models.CharField(_("file"), max_length=255)
    size = models.BigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    preset = models.CharField(_("preset"), max_length=50, default="generic")
    # {"encoding", "delimiter", "decimal", "date_format"}: "auto" or a value
    options = models.JSONField(default=dict)
    # canonical field -> source column name, as chosen by the user (overrides the preset)
    mapping = models.JSONField(default=dict)
    detected = models.JSONField(default=dict)  # what the run detected (format, separators)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows_estimate = models.BigIntegerField(null=True, blank=True)
    rows_read = models.BigIntegerField(_("rows read"), default=0)
    created = models.BigIntegerField(_("created"), default=0)
    updated = models.BigIntegerField(_("updated"), default=0)
    unchanged = models.BigIntegerField(_("unchanged"), default=0)
    rejected = models.BigIntegerField(_("rejected"), default=0)
    revenue_total = MoneyField(_("revenue imported"), default=0)
    cost_total = MoneyField(_("cost imported"), default=0)
    message = models.TextField(_("message"), blank=True)
    # Signs of life of a running job: the heartbeat moves with each committed batch and
    # while a pass reads the file; the process id and its host (hostname and process
    # namespace) let a process on the same host ask directly whether it still runs.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True, default="")
    # The language of whoever started the job: the task worker has none of its own, so the
    # stored message and the rejected rows' reasons are written in this one ("" = default).
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def progress_percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.rows_estimate:
            return 0
        return max(0, min(99, int(100 * self.rows_read / self.rows_estimate)))


class ImportRowError(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    line = models.BigIntegerField(_("line"))
    column = models.CharField(_("column"), max_length=255, blank=True)
    value = models.CharField(_("value"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["line", "pk"]
        indexes = [models.Index(fields=["job", "line"])]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class SavedMapping(models.Model):
    """A column mapping remembered for a header layout, offered again next time."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    header_signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    preset = models.CharField(max_length=50, default="generic")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "header_signature"], name="saved_mapping_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.header_signature[:12]}"
