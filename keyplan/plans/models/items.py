"""The items of the plan's sections, one model per kind (all share PlanItem's fields)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyplan.core.fields import MoneyField

from .choices import (
    EXTERNAL_FACTORS,
    INTERNAL_FACTORS,
    INTERNAL_QUADRANTS,
    OPEN_ACTION_STATES,
    ActionStatus,
    GoalMetric,
    GoalStatus,
    Horizon,
    IndustryCategory,
    ItemKind,
    ProfileTopic,
    Quadrant,
    SwotFactor,
    ValueKind,
)
from .plan import HISTORY_EXCLUDED, RATING, AccountPlan, PlanItem


class ProfileItem(PlanItem):
    kind = "profile"
    editable_fields = ("topic", "text", "position")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="profile_items"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=ProfileTopic.choices)
    text = models.TextField(_("text"))

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("customer profile item")
        verbose_name_plural = _("customer profile")


class IndustryFactor(PlanItem):
    kind = "industry"
    editable_fields = ("category", "description", "effect_on_customer", "impact", "position")

    plan = models.ForeignKey(
        AccountPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="industry_factors",
    )
    category = models.CharField(_("category"), max_length=20, choices=IndustryCategory.choices)
    description = models.TextField(_("factor"))
    effect_on_customer = models.TextField(_("effect on the customer"), blank=True)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), default=3, validators=RATING)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("industry factor")
        verbose_name_plural = _("industry analysis")

    @property
    def label(self) -> str:
        return self.description


class SwotItem(PlanItem):
    """The customer's SWOT (seed 001), shown as a 2x2 grid."""

    kind = "swot"
    editable_fields = ("quadrant", "factor", "text", "evidence", "importance", "position")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="swot_items"
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    factor = models.CharField(_("factor"), max_length=30, choices=SwotFactor.choices)
    text = models.TextField(_("text"))
    evidence = models.TextField(_("evidence"), blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance (1-5)"), default=3, validators=RATING
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("SWOT item")
        verbose_name_plural = _("customer SWOT")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        allowed = INTERNAL_FACTORS if self.quadrant in INTERNAL_QUADRANTS else EXTERNAL_FACTORS
        if self.quadrant and self.factor and self.factor not in allowed:
            raise ValidationError(
                {
                    "factor": _(
                        "Strengths and weaknesses come from internal factors (cash flow, "
                        "leadership, management, product quality, brand image); opportunities "
                        "and threats from external ones (market changes, demand swings, price "
                        "pressure, competitor and government actions, consumer behaviour)."
                    )
                }
            )


class CustomerGoal(PlanItem):
    """A goal of the customer on the strategy map (seed 000), with the products and
    offerings of ours that serve it."""

    kind = "customer_goal"
    editable_fields = ("text", "detail", "offering", "product_ids", "position")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="customer_goals"
    )
    text = models.TextField(_("the customer's goal"))
    detail = models.TextField(_("detail"), blank=True)
    products = models.ManyToManyField(
        "sales.Product", verbose_name=_("our products that serve it"), blank=True, related_name="+"
    )
    offering = models.CharField(
        _("our offering that serves it"),
        max_length=255,
        blank=True,
        help_text=_("A service, solution or programme of ours, in words."),
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, m2m_fields=["products"])

    class Meta(PlanItem.Meta):
        verbose_name = _("customer goal")
        verbose_name_plural = _("customer goals")


class CustomerProblem(PlanItem):
    kind = "customer_problem"
    editable_fields = ("text", "detail", "customer_goal_id", "position")

    plan = models.ForeignKey(
        AccountPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="customer_problems",
    )
    text = models.TextField(_("the customer's problem"))
    detail = models.TextField(_("detail"), blank=True)
    customer_goal = models.ForeignKey(
        CustomerGoal,
        verbose_name=_("stands in the way of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("customer problem")
        verbose_name_plural = _("customer problems")


class CultureNote(PlanItem):
    kind = "culture"
    editable_fields = ("text", "position")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="culture_notes"
    )
    text = models.TextField(_("note on the customer's culture"))

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("culture note")
        verbose_name_plural = _("customer culture")


class PotentialEstimate(PlanItem):
    """Business volume we could do with the account in a year (seed 001), with the
    trends in the customer's organisation and industry that change its need."""

    kind = "potential"
    editable_fields = ("year", "expected_volume", "currency", "trends", "position")

    plan = models.ForeignKey(
        AccountPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="potential_estimates",
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    expected_volume = MoneyField(_("expected business volume"), validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3)
    trends = models.TextField(
        _("trends that change the need"),
        blank=True,
        help_text=_("In the customer's organisation or industry."),
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        ordering = ["year", "pk"]
        verbose_name = _("potential estimate")
        verbose_name_plural = _("potential")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="plan_potential_year_unique",
                violation_error_message=_("This plan already has an estimate for this year."),
            )
        ]

    @property
    def label(self) -> str:
        return str(self.year)


class Goal(PlanItem):
    """Our goal for the account (seed 003: why, what for, how), with a measurable target
    and a horizon (seed 000: the tension between short and long term)."""

    kind = "goal"
    editable_fields = (
        "title",
        "why",
        "what_for",
        "how",
        "metric",
        "unit",
        "baseline",
        "target",
        "starts_on",
        "deadline",
        "horizon",
        "status",
        "position",
    )
    execution_fields = ("status",)

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=255)
    why = models.TextField(_("why"), blank=True)
    what_for = models.TextField(_("what for"), blank=True)
    how = models.TextField(_("how"), blank=True)
    metric = models.CharField(
        _("metric"), max_length=20, choices=GoalMetric.choices, default=GoalMetric.REVENUE
    )
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("For other metrics: what is counted.")
    )
    # Revenue and gross profit in the account's currency; share of wallet in percent.
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(
        _("measured from"),
        null=True,
        blank=True,
        help_text=_("Leave empty to measure from the start of the plan."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class ValueItem(PlanItem):
    """Unique value (seed 000) and what we do to raise the actual and the perceived
    value (seed 001)."""

    kind = "value"
    editable_fields = ("value_kind", "text", "detail", "position")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="value_items"
    )
    value_kind = models.CharField(_("kind"), max_length=20, choices=ValueKind.choices)
    text = models.TextField(_("text"))
    detail = models.TextField(_("detail"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("value item")
        verbose_name_plural = _("unique value")


class PerceptionItem(PlanItem):
    """Our SWOT as the customer sees us (seed 001), beside our own rating of the same
    item; the gap between the two is the point."""

    kind = "perception"
    editable_fields = ("quadrant", "text", "customer_rating", "our_rating", "source", "position")

    plan = models.ForeignKey(
        AccountPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="perception_items",
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    text = models.TextField(_("text"))
    customer_rating = models.PositiveSmallIntegerField(
        _("the customer's rating (1-5)"), null=True, blank=True, validators=RATING
    )
    our_rating = models.PositiveSmallIntegerField(
        _("our rating (1-5)"), null=True, blank=True, validators=RATING
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Who at the customer said so.")
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        verbose_name = _("perception item")
        verbose_name_plural = _("self-analysis from the customer's view")

    @property
    def gap(self) -> int | None:
        """The customer's rating minus ours: negative where we think better of ourselves."""
        if self.customer_rating is None or self.our_rating is None:
            return None
        return self.customer_rating - self.our_rating


class Action(PlanItem):
    """An action of the action plan (seed 000): the obstacle it addresses, who does it
    and by when, and the goal it serves."""

    kind = "action"
    editable_fields = (
        "title",
        "detail",
        "obstacle",
        "owner_id",
        "business_unit_id",
        "due_on",
        "status",
        "goal_id",
        "progress_note",
        "position",
    )
    execution_fields = ("status", "progress_note")

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=255)
    detail = models.TextField(_("detail"), blank=True)
    obstacle = models.TextField(_("obstacle it addresses"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    business_unit = models.ForeignKey(
        "users.BusinessUnit",
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # A joint action is done with the customer (SPEC §8): the customer's portal users see
    # it and confirm its completion; `co_owners` are the customer's people who share it.
    joint = models.BooleanField(_("joint with the customer"), default=False)
    co_owners = models.ManyToManyField(
        "accounts.Contact",
        verbose_name=_("co-owners at the customer"),
        blank=True,
        related_name="joint_actions",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta(PlanItem.Meta):
        ordering = ["position", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("action plan")
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.status in OPEN_ACTION_STATES and self.due_on is not None and self.due_on < today


# Kind -> model, in section order; also the order in which a revision copies them
# (customer goals before problems, goals before actions: the later point at the earlier).
ITEM_MODELS: dict[str, type[PlanItem]] = {
    ItemKind.PROFILE: ProfileItem,
    ItemKind.INDUSTRY: IndustryFactor,
    ItemKind.SWOT: SwotItem,
    ItemKind.CUSTOMER_GOAL: CustomerGoal,
    ItemKind.CUSTOMER_PROBLEM: CustomerProblem,
    ItemKind.CULTURE: CultureNote,
    ItemKind.POTENTIAL: PotentialEstimate,
    ItemKind.GOAL: Goal,
    ItemKind.VALUE: ValueItem,
    ItemKind.PERCEPTION: PerceptionItem,
    ItemKind.ACTION: Action,
}
# The reverse accessor of each kind on AccountPlan.
RELATED_NAMES: dict[str, str] = {
    kind: model._meta.get_field("plan").remote_field.related_name  # type: ignore[misc]
    for kind, model in ITEM_MODELS.items()
}
