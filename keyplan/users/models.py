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
