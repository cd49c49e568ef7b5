"""The choices of the account plan's fields, and the groups of them the rules use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")
    # A draft put aside instead of deleted (issue #19): hidden from the plans list, in
    # no current or editable state, restorable as a draft.
    ARCHIVED = "archived", _("Archived")


# States in which the plan is "the current one" of its account and period.
CURRENT_STATES = (PlanState.DRAFT, PlanState.IN_REVIEW, PlanState.APPROVED)
# States in which items may be added, changed and deleted.
EDITABLE_STATES = (PlanState.DRAFT, PlanState.IN_REVIEW)


class ItemKind(models.TextChoices):
    """The item types of a plan, in the order of the plan's sections."""

    PROFILE = "profile", _("Customer profile")
    INDUSTRY = "industry", _("Industry analysis")
    SWOT = "swot", _("Customer SWOT")
    CUSTOMER_GOAL = "customer_goal", _("Customer goal")
    CUSTOMER_PROBLEM = "customer_problem", _("Customer problem")
    CULTURE = "culture", _("Customer culture")
    POTENTIAL = "potential", _("Potential")
    GOAL = "goal", _("Goal")
    VALUE = "value", _("Unique value")
    PERCEPTION = "perception", _("Self-analysis from the customer's view")
    ACTION = "action", _("Action")


class ProfileTopic(models.TextChoices):
    """Seed 001: industry and markets, direction, structure and management,
    performance, need for our products; SPEC adds business conditions."""

    INDUSTRY_MARKETS = "industry_markets", _("Industry and markets")
    DIRECTION = "direction", _("Direction")
    STRUCTURE_MANAGEMENT = "structure_management", _("Structure and management")
    PERFORMANCE = "performance", _("Performance")
    NEED_FOR_PRODUCTS = "need_for_products", _("Need for our products")
    BUSINESS_CONDITIONS = "business_conditions", _("Business conditions")


class IndustryCategory(models.TextChoices):
    """Seed 000: market conditions, supply and demand, technology, political, social."""

    MARKET = "market", _("Market conditions")
    SUPPLY_DEMAND = "supply_demand", _("Supply and demand")
    TECHNOLOGY = "technology", _("Technology developments")
    POLITICAL = "political", _("Political factors")
    SOCIAL = "social", _("Social factors")


class Quadrant(models.TextChoices):
    STRENGTH = "S", _("Strength")
    WEAKNESS = "W", _("Weakness")
    OPPORTUNITY = "O", _("Opportunity")
    THREAT = "T", _("Threat")


INTERNAL_QUADRANTS = frozenset({Quadrant.STRENGTH, Quadrant.WEAKNESS})


class SwotFactor(models.TextChoices):
    """Seed 001: strengths and weaknesses from internal factors, opportunities and
    threats from external ones. `other` fits either side."""

    CASH_FLOW = "cash_flow", _("Cash flow")
    LEADERSHIP = "leadership", _("Leadership")
    MANAGEMENT = "management", _("Management")
    PRODUCT_QUALITY = "product_quality", _("Product quality")
    BRAND_IMAGE = "brand_image", _("Brand image")
    MARKET_CHANGES = "market_changes", _("Market changes")
    DEMAND_SWINGS = "demand_swings", _("Demand swings")
    PRICE_PRESSURE = "price_pressure", _("Price pressure")
    COMPETITOR_ACTIONS = "competitor_actions", _("Competitor actions")
    GOVERNMENT_ACTIONS = "government_actions", _("Government actions")
    CONSUMER_BEHAVIOUR = "consumer_behaviour", _("Consumer behaviour")
    OTHER = "other", _("Other")


INTERNAL_FACTORS = frozenset(
    {
        SwotFactor.CASH_FLOW,
        SwotFactor.LEADERSHIP,
        SwotFactor.MANAGEMENT,
        SwotFactor.PRODUCT_QUALITY,
        SwotFactor.BRAND_IMAGE,
        SwotFactor.OTHER,
    }
)
EXTERNAL_FACTORS = frozenset(
    {
        SwotFactor.MARKET_CHANGES,
        SwotFactor.DEMAND_SWINGS,
        SwotFactor.PRICE_PRESSURE,
        SwotFactor.COMPETITOR_ACTIONS,
        SwotFactor.GOVERNMENT_ACTIONS,
        SwotFactor.CONSUMER_BEHAVIOUR,
        SwotFactor.OTHER,
    }
)


class GoalMetric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    GROSS_PROFIT = "gross_profit", _("Gross profit")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet, %")
    OTHER = "other", _("Other")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")
    DROPPED = "dropped", _("Dropped")


class ValueKind(models.TextChoices):
    UNIQUE = "unique", _("What we offer that others don't")
    RAISE_ACTUAL = "raise_actual", _("Raise the actual value")
    RAISE_PERCEIVED = "raise_perceived", _("Raise the perceived value")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)
