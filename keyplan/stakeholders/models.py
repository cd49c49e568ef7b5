"""Relationships with the customer's people, the time our people spend, and who they
are as sellers (SPEC §2, §4; seeds 000, 001).

- `Relationship`: one of our people linked to one of theirs (the zipper, §2.3), with
  a strength and the last interaction, kept current from logged interactions.
- `Interaction`: a meeting, call, visit or e-mail, with participants on both sides.
- `TimeEntry`: time one of our people spent on an account. An interaction writes one
  entry per internal participant (source "interaction"); a quick entry is "manual".
  Selling-time allocation (§2.1) is a sum over this one table.
- `SalesProfile`: hunter, farmer or unknown (§2.2), derived from the activity mix and
  overridable by a manager with a note.
- `SellingSettings`: the norms and thresholds (one row, `SellingSettings.load()`).
- `PersonalDataLog`: who exported or erased a contact's personal data, and when;
  never the data itself.

The contact's own fields (buying role, level, authority...) live on
`keyplan.accounts.models.Contact`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class SellingSettings(models.Model):
    """Norms of selling time and thresholds of the relationship risks. One row (pk=1)."""

    norm_strategic = models.DecimalField(
        _("norm: time on strategic accounts, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=PERCENT,
        help_text=_("Seed 001: strategic accounts get at least 60 percent of the selling time."),
    )
    norm_regular = models.DecimalField(
        _("norm: time on regular accounts, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=PERCENT,
        help_text=_("Seed 001: regular accounts get about 30 percent."),
    )
    norm_prospect = models.DecimalField(
        _("norm: time on prospects, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=PERCENT,
        help_text=_("Seed 001: prospects get about 10 percent (suspects count with prospects)."),
    )
    tolerance = models.DecimalField(
        _("allowed deviation, percentage points"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=PERCENT,
        help_text=_("A share further than this from its norm is flagged."),
    )
    single_thread_share = models.DecimalField(
        _("single thread: one person's share of links or interactions, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=PERCENT,
        help_text=_(
            "An account is single-threaded when one person on either side holds more "
            "than this share of the links or of the interactions."
        ),
    )
    key_stakeholder_level = models.PositiveSmallIntegerField(
        _("key stakeholder: authority or influence at least"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    strong_link_strength = models.PositiveSmallIntegerField(
        _("strong link: strength at least"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    freshness_days = models.PositiveIntegerField(
        _("a contact goes stale after, days"),
        default=90,
        validators=[MinValueValidator(1)],
        help_text=_("A key stakeholder not reached for longer than this is a risk."),
    )
    hunter_share = models.DecimalField(
        _("hunter: time on prospects and new logos at least, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=PERCENT,
    )
    farmer_share = models.DecimalField(
        _("farmer: time on existing accounts at least, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=PERCENT,
    )
    profile_min_hours = models.PositiveIntegerField(
        _("profile: at least this many hours logged"),
        default=20,
        help_text=_("With less time logged in the last year the profile stays unknown."),
    )
    new_logo_days = models.PositiveIntegerField(
        _("new logo: first sale within, days"),
        default=365,
        help_text=_("An account whose first sale is this recent counts as a new logo."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("selling-time and relationship settings")
        verbose_name_plural = _("selling-time and relationship settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> SellingSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Relationship(models.Model):
    """A peer link between one of our people and one of theirs (the zipper, §2.3)."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("their person"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our person"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    strength = models.PositiveSmallIntegerField(
        _("strength (0-5)"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("0: no real contact; 5: a trusted peer."),
    )
    last_interaction_on = models.DateField(_("last interaction"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["contact__last_name", "contact__first_name", "user__username", "pk"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "user"],
                name="relationship_unique",
                violation_error_message=_("This person already has a link to this contact."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ↔ {self.contact}"


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("E-mail")


class Interaction(models.Model):
    """A meeting, call, visit or e-mail with the customer (seed 000: relationship
    analysis), with the people on both sides and the plan goal or action it served."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    kind = models.CharField(_("type"), max_length=10, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("duration, minutes"),
        default=0,
        validators=[MaxValueValidator(24 * 60)],
    )
    subject = models.CharField(_("subject"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    our_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our participants"),
        related_name="interactions",
        blank=True,
    )
    their_people = models.ManyToManyField(
        "accounts.Contact",
        verbose_name=_("their participants"),
        related_name="interactions",
        blank=True,
    )
    goal = models.ForeignKey(
        "plans.Goal",
        verbose_name=_("plan goal it served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    action = models.ForeignKey(
        "plans.Action",
        verbose_name=_("action it served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    # The import's key for an interaction (e.g. a calendar event id, or a fingerprint
    # of the row): re-running an import finds the same interaction and changes nothing.
    source_key = models.CharField(_("source key"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "source_key"],
                condition=~models.Q(source_key=""),
                name="interaction_source_key_unique",
            )
        ]
        indexes = [models.Index(fields=["account", "occurred_on"])]

    def __str__(self) -> str:
        return self.subject


class TimeSource(models.TextChoices):
    INTERACTION = "interaction", _("Interaction")
    MANUAL = "manual", _("Time entry")


class TimeEntry(models.Model):
    """Time one of our people spent on an account on a day (selling-time allocation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="time_entries",
    )
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="time_entries",
    )
    spent_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=TimeSource.choices, default=TimeSource.MANUAL
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("interaction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="time_entries",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "user"],
                condition=models.Q(interaction__isnull=False),
                name="time_entry_one_per_interaction_person",
            )
        ]
        indexes = [models.Index(fields=["user", "spent_on"]), models.Index(fields=["spent_on"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.account} · {self.spent_on} · {self.minutes} min"


class Profile(models.TextChoices):
    HUNTER = "hunter", _("Hunter")
    FARMER = "farmer", _("Farmer")
    UNKNOWN = "unknown", _("Unknown")


class SalesProfile(models.Model):
    """Hunter or farmer (seed 001): derived from the activity mix, or set by a manager."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sales_profile",
    )
    derived = models.CharField(
        _("derived profile"), max_length=10, choices=Profile.choices, default=Profile.UNKNOWN
    )
    derived_at = models.DateTimeField(_("derived"), null=True, blank=True)
    # The figures the derivation used, for the page to explain it: hours, shares.
    derived_from = models.JSONField(_("derived from"), default=dict, blank=True)
    override = models.CharField(
        _("set by a manager"), max_length=10, choices=Profile.choices, blank=True
    )
    override_note = models.TextField(_("why"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_at = models.DateTimeField(_("set on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "derived_from"])

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("sales profile")
        verbose_name_plural = _("sales profiles")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_profile_display()}"

    @property
    def profile(self) -> str:
        """The profile in force: the manager's, else the derived one."""
        return self.override or self.derived

    def get_profile_display(self) -> str:
        return str(Profile(self.profile).label)


class PersonalDataAction(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASE = "erase", _("Erasure")


class PersonalDataLog(models.Model):
    """That someone exported or erased a contact's personal data: never the data."""

    action = models.CharField(_("action"), max_length=10, choices=PersonalDataAction.choices)
    contact_id_ref = models.PositiveBigIntegerField(_("contact id"))
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.contact_id_ref}"


class SatisfactionSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")
    SURVEY = "survey", _("Survey")


class SatisfactionAnswer(models.Model):
    """One answer of the customer's people to "how satisfied are you with us" on a 0–10
    scale (SPEC §7, issue #16): entered by hand on the account, imported (kind
    `satisfaction`) or, later, collected by the portal's survey. A KPI and a component of
    the account's health score (keyplan.economics.health).

    `external_id` is the source's id of the answer (unique when given), the import's
    natural key; a row imported without one is keyed by `import_key`, a fingerprint of the
    row, so re-importing a file changes nothing.
    """

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="satisfaction_answers",
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="satisfaction_answers",
    )
    answered_on = models.DateField(_("answered on"))
    score = models.PositiveSmallIntegerField(
        _("score (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=SatisfactionSource.choices,
        default=SatisfactionSource.MANUAL,
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    import_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.CheckConstraint(
                name="satisfaction_score_0_to_10", condition=models.Q(score__lte=10)
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="satisfaction_external_id",
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="satisfaction_import_key",
            ),
        ]
        indexes = [models.Index(fields=["account", "answered_on"])]

    def __str__(self) -> str:
        return f"{self.account_id} · {self.answered_on} · {self.score}/10"
