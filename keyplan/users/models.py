from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DIRECTOR = "director", _("Sales director")
    KAM = "kam", _("Key account manager")
    TEAM = "team", _("Account team member")
    VIEWER = "viewer", _("Read-only viewer")
    PORTAL = "portal", _("Customer portal user")


# Roles that see every account (SPEC "Who uses it").
PORTFOLIO_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
# Roles that work inside the company; portal users are external.
INTERNAL_ROLES = frozenset(set(Role) - {Role.PORTAL})


class BusinessUnit(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    head = models.ForeignKey(
        "users.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
        help_text=_("Decides the unit's resource requests."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    # A portal user belongs to exactly one customer account.
    portal_account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_users",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="portal_user_has_account",
                condition=(
                    models.Q(role="portal", portal_account__isnull=False)
                    | (~models.Q(role="portal") & models.Q(portal_account__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_portfolio_user(self) -> bool:
        return self.role in PORTFOLIO_ROLES

    @property
    def is_internal(self) -> bool:
        return self.role in INTERNAL_ROLES

    @property
    def is_read_only(self) -> bool:
        return self.role in {Role.VIEWER, Role.PORTAL}

    @property
    def can_create_accounts(self) -> bool:
        return self.role in {Role.ADMIN, Role.DIRECTOR, Role.KAM}


TOKEN_PREFIX = "kp_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserInvitation(models.Model):
    """An administrator's invitation of a colleague: the link's token is stored hashed; one
    use, valid for a week (keyplan.users.administration.services)."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    def status(self, now=None) -> str:
        """pending, accepted, revoked or expired."""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "pending"


class AuditKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    INVITED = "invited", _("Invited")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    ROLE_CHANGED = "role_changed", _("Role changed")
    UNIT_CHANGED = "unit_changed", _("User’s business unit changed")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")
    PASSWORD_RESET_SENT = "password_reset_sent", _("Password reset sent")
    PASSWORD_RESET_DONE = "password_reset_done", _("Password reset completed")
    UNIT_CREATED = "unit_created", _("Business unit created")
    UNIT_UPDATED = "unit_updated", _("Business unit changed")
    # Sensitive acts of the apps above users (they call users.audit.services.record);
    # `after` names the account, plan or contact (an erased contact by its id only).
    ACCOUNT_ARCHIVED = "account_archived", _("Account archived")
    ACCOUNT_RESTORED = "account_restored", _("Account restored")
    ACCOUNT_PURGED = "account_purged", _("Account purged")
    CONTACT_ERASED = "contact_erased", _("Contact’s personal data erased")
    PLAN_ARCHIVED = "plan_archived", _("Account plan archived")
    PLAN_RESTORED = "plan_restored", _("Account plan restored")
    PORTAL_INVITED = "portal_invited", _("Invited to the customer portal")
    PORTAL_DEACTIVATED = "portal_deactivated", _("Portal user deactivated")


class AuditEvent(models.Model):
    """One line of the audit trail: who did what to whom, from where. Written only, never
    edited; `username` keeps the name tried at a failed sign-in and survives a deleted user."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=AuditKind.choices, db_index=True)
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    target = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=254, blank=True)
    before = models.CharField(_("before"), max_length=200, blank=True)
    after = models.CharField(_("after"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
