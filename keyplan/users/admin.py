from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .audit.services import audit_changes
from .models import ApiToken, BusinessUnit, User


@admin.action(description=_("Deactivate the selected users and end their sessions"))
def deactivate_users(modeladmin, request, queryset):
    for user in queryset.filter(is_active=True):
        services.user_deactivate(actor=request.user, user=user)
    messages.success(request, _("Users deactivated."))


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "business_unit", "is_active")
    list_filter = ("role", "is_active", "business_unit")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("keyplan"), {"fields": ("role", "business_unit", "portal_account")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("keyplan"), {"fields": ("role", "business_unit", "portal_account")}),
    )
    raw_id_fields = ("portal_account",)
    actions = [deactivate_users]

    def save_model(self, request, obj, form, change):
        old = User.objects.select_related("business_unit").filter(pk=obj.pk).first()
        obj.is_staff = obj.is_superuser = obj.role == "admin"
        super().save_model(request, obj, form, change)
        if old is not None and old.is_active and not obj.is_active:
            services.sessions_end_for_user(obj)
        # The emergency path leaves the same trace in the audit trail as keyplan's pages.
        audit_changes(actor=request.user, old=old, new=obj, request=request)


@admin.register(BusinessUnit)
class BusinessUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "is_active")
    prepopulated_fields = {"code": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False
