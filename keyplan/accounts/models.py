from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AccountClass(models.TextChoices):
    """Seed 001 (Bacon): strategic, regular, prospect.

    A lead with no shown interest is only a suspect."""

    STRATEGIC = "strategic", _("Strategic")
    REGULAR = "regular", _("Regular")
    PROSPECT = "prospect", _("Prospect")
    SUSPECT = "suspect", _("Suspect")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class Industry(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    AUTOMOTIVE = "automotive", _("Automotive")
    CHEMICALS = "chemicals", _("Chemicals")
    CONSTRUCTION = "construction", _("Construction")
    EDUCATION = "education", _("Education")
    ENERGY = "energy", _("Energy and utilities")
    FINANCE = "finance", _("Finance and insurance")
    FOOD = "food", _("Food and beverages")
    HEALTHCARE = "healthcare", _("Healthcare")
    IT = "it", _("Information technology")
    LOGISTICS = "logistics", _("Transport and logistics")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    MINING = "mining", _("Mining and metals")
    PUBLIC = "public", _("Public sector")
    RETAIL = "retail", _("Retail")
    TELECOM = "telecom", _("Telecommunications")
    WHOLESALE = "wholesale", _("Wholesale and distribution")
    OTHER = "other", _("Other")


class Account(models.Model):
    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The account's id in the source system (ERP, CRM)."),
    )
    tax_id = models.CharField(
        _("tax id"), max_length=32, blank=True, help_text=_("NIP, INN or VAT number.")
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    annual_revenue = models.DecimalField(
        _("customer's annual revenue"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The customer's own turnover, in the account's currency."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (KAM)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_accounts",
    )
    account_class = models.CharField(
        _("class"), max_length=20, choices=AccountClass.choices, default=AccountClass.SUSPECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    interest_recorded_on = models.DateField(
        _("interest shown on"),
        null=True,
        blank=True,
        help_text=_(
            "When the customer last showed interest (an enquiry, a request for an offer). "
            "A non-buying account with recent interest or an open opportunity is a prospect."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, db_index=True)
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

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="account_external_id_unique",
                violation_error_message=_("Another account already has this external id."),
            ),
            models.CheckConstraint(
                name="account_not_own_parent", condition=~models.Q(parent=models.F("pk"))
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="account_name_lower_idx"),
            models.Index(fields=["account_class"]),
            models.Index(fields=["tax_id"]),
            models.Index(fields=["country"]),
        ]

    def __str__(self) -> str:
        return self.name


class TeamFunction(models.TextChoices):
    """What a team member covers for the account (seed 000: people alignment; seed 002:
    members from several business units). A strategic account should have them all."""

    SALES = "sales", _("Sales")
    SERVICE = "service", _("Service and support")
    TECHNICAL = "technical", _("Technical / engineering")
    FINANCE = "finance", _("Finance")
    LOGISTICS = "logistics", _("Logistics and supply")
    MARKETING = "marketing", _("Marketing")
    MANAGEMENT = "management", _("Executive sponsor")
    OTHER = "other", _("Other")


class AccountTeamMember(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_memberships",
    )
    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    role = models.CharField(_("role on the team"), max_length=100, blank=True)
    contribution = models.CharField(_("contribution to the account"), max_length=255, blank=True)
    function = models.CharField(
        _("function"), max_length=20, choices=TeamFunction.choices, blank=True
    )
    committed_hours = models.PositiveIntegerField(
        _("committed hours per month"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(744)],
        help_text=_("The time this person commits to the account each month."),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("account team member")
        verbose_name_plural = _("account team")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "user"],
                name="team_member_unique",
                violation_error_message=_("This person is already on the account team."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.account}"


class BuyingRole(models.TextChoices):
    """A contact's part in the buying decision (seed 000); a contact may have several."""

    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    CHAMPION = "champion", _("Champion")
    COACH = "coach", _("Coach")


class ContactLevel(models.TextChoices):
    """How high a person sits, on either side (zipper relationships match levels)."""

    EXECUTIVE = "executive", _("Executive")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    MANAGER = "manager", _("Manager")
    SPECIALIST = "specialist", _("Specialist")


class Attitude(models.TextChoices):
    CHAMPION = "champion", _("Champion")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTIC = "sceptic", _("Sceptic")
    OPPONENT = "opponent", _("Opponent")


SCALE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class LiveContactManager(models.Manager["Contact"]):
    """Contacts that are not archived."""

    def get_queryset(self) -> models.QuerySet[Contact]:
        return super().get_queryset().filter(archived_at__isnull=True)


class Contact(models.Model):
    """A person at the customer: who they are, their part in the buying decision and
    their weight in it (SPEC §4). `last_contact_on` is kept current from interactions."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    buying_roles = models.JSONField(
        _("roles in the buying decision"),
        default=list,
        blank=True,
        help_text=_("Several are allowed."),
    )
    level = models.CharField(_("level"), max_length=20, choices=ContactLevel.choices, blank=True)
    authority = models.PositiveSmallIntegerField(
        _("authority (1-5)"), null=True, blank=True, validators=SCALE_1_5
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1-5)"), null=True, blank=True, validators=SCALE_1_5
    )
    interest = models.PositiveSmallIntegerField(
        _("interest (1-5)"), null=True, blank=True, validators=SCALE_1_5
    )
    attitude = models.CharField(
        _("attitude to us"), max_length=20, choices=Attitude.choices, blank=True
    )
    competitor_attitude = models.CharField(
        _("attitude to the main competitor"), max_length=20, choices=Attitude.choices, blank=True
    )
    biased_against_us = models.BooleanField(
        _("biased against us"),
        default=False,
        help_text=_(
            "After T. R. Bacon: people at the customer biased against us weaken our support."
        ),
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
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

    # Why a default manager that hides archived people: every list and picker
    # (account.contacts, Contact.objects, forms) then leaves them out without each
    # caller remembering to; `all_objects` reaches them (restore, erasure, history).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = LiveContactManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                name="contact_not_own_manager", condition=~models.Q(reports_to=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AccountPurge(models.Model):
    """The record of an account purged for good: who, when, what. It holds no key to the
    account (gone), only plain values, so it outlives it."""

    account_ref = models.PositiveBigIntegerField(_("account id"))
    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("purged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField(_("purged"), auto_now_add=True)
    removed = models.JSONField(_("removed"), default=dict, blank=True)

    class Meta:
        ordering = ["-purged_at", "-pk"]
        verbose_name = _("account purge")
        verbose_name_plural = _("account purges")

    def __str__(self) -> str:
        return f"{self.name} (#{self.account_ref})"
