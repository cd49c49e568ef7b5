"""The customer portal's data (SPEC §8.2; seeds 000, 001: "the better the relationship,
the more you share").

- `PortalInvitation`: the account's owner (or an administrator or director) invites a
  person at the customer by e-mail; only the token's hash is stored; one use, expires.
- `AccountSharing`, `SharedSection`, `ShareEvent`: how much the account is shared with
  (its level), which sections within the level are on, and the log of every change.
- `PortalComment`: comments on shared items by the customer's people and the team's
  replies; `internal` comments never reach the portal.
- `JointConfirmation`, `ActionProposal`: the customer confirms or rejects the completion
  of a joint action and proposes actions the team accepts or declines.
- `SurveyResponse`, `CriterionRating`, `StatementRating`: the perception survey.

Portal users themselves are `users.User` rows with role "portal" and `portal_account`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATING_1_5 = [MinValueValidator(1), MaxValueValidator(5)]
USER = settings.AUTH_USER_MODEL


class ShareLevel(models.TextChoices):
    NONE = "none", _("Nothing shared")
    BASIC = "basic", _("Basic")
    PARTNER = "partner", _("Partner")
    STRATEGIC = "strategic", _("Strategic partner")


class Section(models.TextChoices):
    """What can be shared, in the order the portal shows it (levels: domain.py)."""

    REPORTS = "reports", _("Monthly reports")
    JOINT_ACTIONS = "joint_actions", _("Joint actions")
    SURVEY = "survey", _("Perception survey")
    PROFILE = "profile", _("Customer profile")
    CUSTOMER_GOALS = "customer_goals", _("Your goals and problems")
    SWOT = "swot", _("Customer SWOT")
    INDUSTRY = "industry", _("Industry analysis")
    VALUE = "value", _("Unique value")
    GOALS = "goals", _("Our goals")
    ACTIONS = "actions", _("Action plan")


class PortalInvitation(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    email = models.EmailField(_("email"))
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_invitations",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        USER, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        USER,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_invitations",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")

    def __str__(self) -> str:
        return self.email

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "pending"


class AccountSharing(models.Model):
    account = models.OneToOneField(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_sharing"
    )
    level = models.CharField(
        _("share level"), max_length=20, choices=ShareLevel.choices, default=ShareLevel.NONE
    )
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("account sharing")
        verbose_name_plural = _("account sharing")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.level}"


class SharedSection(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_shared_sections"
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    shared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(_("shared"), default=timezone.now)

    class Meta:
        ordering = ["account", "section"]
        constraints = [
            models.UniqueConstraint(fields=["account", "section"], name="portal_section_unique")
        ]

    def __str__(self) -> str:
        return self.section


class ShareEventKind(models.TextChoices):
    SHARE = "share", _("Shared")
    UNSHARE = "unshare", _("Stopped sharing")
    LEVEL = "level", _("Share level changed")


class ShareEvent(models.Model):
    """Who shared or unshared what, and when: every change of sharing is kept."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_share_events"
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=ShareEventKind.choices)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=ShareLevel.choices, blank=True)
    previous_level = models.CharField(max_length=20, choices=ShareLevel.choices, blank=True)
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.section or self.level}"


class PortalComment(models.Model):
    """A comment on a shared item (`item_kind` is a plan item kind; `item_id` its pk)."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_comments"
    )
    item_kind = models.CharField(max_length=20)
    item_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Only our team sees it.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["account", "item_kind", "item_id"])]

    def __str__(self) -> str:
        return self.body[:60]


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class JointConfirmation(models.Model):
    """The customer's word on a joint action's completion."""

    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="portal_confirmations"
    )
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.decision


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the team")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ActionProposal(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_proposals"
    )
    title = models.CharField(_("action"), max_length=255)
    detail = models.TextField(_("detail"), blank=True)
    due_on = models.DateField(_("wished by"), null=True, blank=True)
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("answer"), blank=True)
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="portal_survey_responses"
    )
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    contact = models.ForeignKey(
        "accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.ForeignKey(
        "stakeholders.SatisfactionAnswer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.submitted_at:%Y-%m-%d}"


class CriterionRating(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="criterion_ratings"
    )
    criterion = models.ForeignKey(
        "competition.BuyingCriterion", on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score (1-5)"), validators=RATING_1_5)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "criterion"], name="portal_criterion_rating_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class StatementRating(models.Model):
    """How much the customer agrees with one of our self-SWOT statements (a perception
    item); `origin` matches the statement across plan versions."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="statement_ratings"
    )
    perception_item = models.ForeignKey(
        "plans.PerceptionItem", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.UUIDField()
    score = models.PositiveSmallIntegerField(_("score (1-5)"), validators=RATING_1_5)

    class Meta:
        indexes = [models.Index(fields=["origin"])]

    def __str__(self) -> str:
        return f"{self.origin}: {self.score}"
