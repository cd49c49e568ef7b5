"""The money every analysis reads: products, invoice lines, payments, opportunities, the
monthly rollups, the planning exchange rates, the share-of-wallet estimates and the
service costs of serving each account.

Amounts are MoneyField (exact integer minor units). Gross profit = revenue - cost.
Each imported row keeps a natural key (document + line key), so re-importing the
same file changes nothing and a corrected file updates exactly the changed rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.core.fields import MoneyField

from .pipeline.domain import weighted_amount


class Product(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    product_line = models.CharField(_("product line"), max_length=100, blank=True)
    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class InvoiceLine(models.Model):
    # The lines carry no single-column foreign-key indexes: (account, date) serves every
    # read by account (and an account's deletion), and nothing reads lines by product or
    # business unit (only their rare deletion, refused by PROTECT, scans). Each index is
    # written on every imported line (bench/import_bench.py).
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="invoice_lines",
        db_index=False,
    )
    document_number = models.CharField(_("document"), max_length=150)
    # The line number when the source has one; otherwise product code + occurrence
    # (order-line exports) or a fingerprint of the row.
    line_key = models.CharField(_("line"), max_length=100)
    date = models.DateField(_("date"))
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        db_index=False,
    )
    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    product_line = models.CharField(_("product line"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3, default=0)
    revenue = MoneyField(_("revenue"))
    cost = MoneyField(_("cost"))
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(
                fields=["document_number", "line_key"], name="invoice_line_natural_key"
            )
        ]
        indexes = [models.Index(fields=["account", "date"])]

    def __str__(self) -> str:
        return f"{self.document_number}/{self.line_key}"

    @property
    def gross_profit(self) -> Decimal:
        return self.revenue - self.cost


class Payment(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="payments"
    )
    document_number = models.CharField(_("document"), max_length=150)
    # Occurrence of this document's payment in the source file (partial payments).
    payment_key = models.CharField(max_length=100)
    # When the invoice was issued, if the file says: an item is open from then on (the
    # cash view's open amounts at a past date and DSO trend); without it, from the start.
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    paid_date = models.DateField(_("paid date"), null=True, blank=True)
    amount = MoneyField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["document_number", "payment_key"], name="payment_natural_key"
            )
        ]
        indexes = [models.Index(fields=["account", "due_date"])]

    def __str__(self) -> str:
        return f"{self.document_number} {self.amount} {self.currency}"

    @property
    def days_late(self) -> int | None:
        if self.due_date is None or self.paid_date is None:
            return None
        return (self.paid_date - self.due_date).days


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Opportunity(models.Model):
    external_id = models.CharField(_("external id"), max_length=100, unique=True)
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=255)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    amount = MoneyField(_("amount"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    probability = models.DecimalField(
        _("probability, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_date = models.DateField(_("created"), null=True, blank=True)
    close_date = models.DateField(_("close date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpportunityStatus.choices, default="open"
    )
    competitor = models.CharField(_("competitor"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-close_date", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["account", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def weighted_amount(self) -> Decimal | None:
        """amount × probability, exact; None when either is not recorded."""
        return weighted_amount(self.amount, self.probability)


class MonthlyRollup(models.Model):
    """Account x month x business unit x product line x currency totals of invoice lines.

    Maintained in the same transaction as every import batch; `keyplan rollup rebuild`
    recomputes it from the lines. Analyses read these, not the raw lines.
    """

    # No index of its own: the unique key begins with the account.
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()  # the first day of the month
    # The business unit's id, or 0 when the lines have none: a plain integer so the
    # unique key works alike on SQLite and PostgreSQL (NULLs are distinct in both).
    business_unit_key = models.BigIntegerField(default=0)
    product_line = models.CharField(max_length=100, blank=True, default="")
    currency = models.CharField(max_length=3)
    revenue = MoneyField(default=0)
    cost = MoneyField(default=0)
    quantity = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    lines = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month", "business_unit_key", "product_line", "currency"],
                name="monthly_rollup_key",
            )
        ]
        # Covering: the period figures (month range, grouped by account and currency,
        # summing revenue and cost) are read from the index alone on both databases.
        indexes = [
            models.Index(
                fields=["month", "account", "currency", "revenue", "cost"],
                name="monthly_rollup_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m} {self.product_line}"


class ExchangeRate(models.Model):
    """The planning rate of a currency: how many base-currency units one unit buys."""

    currency = models.CharField(_("currency"), max_length=3, unique=True)
    rate = models.DecimalField(
        _("rate to the base currency"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], table_name="portfolio_historicalexchangerate"
    )

    class Meta:
        ordering = ["currency"]
        db_table = "portfolio_exchangerate"  # the table keeps the name it was created with
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.rate}"


class DataMetric(models.TextChoices):
    """What a data-scored criterion measures, per account over the analysis period."""

    TENURE_YEARS = "tenure_years", _("Years since the first invoice")
    AVERAGE_INVOICE = "average_invoice", _("Average invoice (revenue per document)")
    DAYS_LATE = "days_late", _("Average days paid after the due date")
    REVENUE = "revenue", _("Revenue")
    GROSS_PROFIT = "gross_profit", _("Gross profit")
    REVENUE_GROWTH = "revenue_growth", _("Revenue growth, % year on year")
    GROSS_PROFIT_GROWTH = "gross_profit_growth", _("Gross profit growth, % year on year")
    HEADROOM = "headroom", _("Headroom (category spend not bought from us)")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet, %")


class WalletEstimate(models.Model):
    """An account's estimated yearly spend in our category, against which what it buys
    from us gives the share of wallet and the headroom (growth potential)."""

    account = models.OneToOneField(
        "accounts.Account", on_delete=models.CASCADE, related_name="wallet"
    )
    category_spend = MoneyField(
        _("yearly spend in our category"), validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(_("currency"), max_length=3)
    source = models.CharField(
        _("source of the estimate"),
        max_length=255,
        blank=True,
        help_text=_("Where the figure comes from: the customer, a report, our estimate."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], table_name="portfolio_historicalwalletestimate"
    )

    class Meta:
        db_table = "portfolio_walletestimate"
        verbose_name = _("share of wallet estimate")
        verbose_name_plural = _("share of wallet estimates")

    def __str__(self) -> str:
        return f"{self.account_id} {self.category_spend} {self.currency}"


class ServiceCostCategory(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    RETURNS = "returns", _("Returns")
    PACKAGING = "packaging", _("Special packaging")
    SUPPORT = "support", _("Support")
    TRAVEL = "travel", _("Travel")
    MARKETING = "marketing", _("Marketing funds")
    REBATES = "rebates", _("Rebates")
    OTHER = "other", _("Other")


class ServiceCost(models.Model):
    """What serving an account cost us beyond the goods it bought (the cost to serve of the
    account P&L): logistics, returns, special packaging, support, travel, marketing funds,
    rebates. Entered on the account's costs page, through the API or imported.

    The amount is never zero; a negative amount is a credit note (a carrier's refund, a
    rebate reversed) and lowers its category's cost. `external_id` is the source's id of
    the cost (unique when given): the import's natural key; a row imported without one is
    keyed by `import_key`, a fingerprint of the row, so re-importing a file changes
    nothing. The rules are in keyplan.sales.costs.domain; the writes in its services.
    """

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="service_costs"
    )
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=ServiceCostCategory.choices)
    amount = MoneyField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=500, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    # The fingerprint of the imported row that wrote it, when the row had no external id.
    import_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("service cost")
        verbose_name_plural = _("service costs")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="service_cost_external_id",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="service_cost_import_key"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="service_cost_amount_not_zero"),
        ]
        indexes = [
            models.Index(fields=["account", "date"]),
            # Covering: the period's costs grouped by account, currency and category (the
            # P&L of the whole portfolio) are read from the index alone.
            models.Index(
                fields=["date", "account", "currency", "category", "amount"],
                name="service_cost_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.amount} {self.currency}"
