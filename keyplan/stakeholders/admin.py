from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Interaction,
    PersonalDataLog,
    Relationship,
    SalesProfile,
    SellingSettings,
    TimeEntry,
)


@admin.register(Relationship)
class RelationshipAdmin(SimpleHistoryAdmin):
    list_display = ("contact", "user", "account", "strength", "last_interaction_on")
    search_fields = ("account__name", "contact__last_name", "user__username")
    raw_id_fields = ("account", "contact", "user")


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_on", "account", "kind", "subject", "duration_minutes")
    list_filter = ("kind",)
    search_fields = ("account__name", "subject")
    raw_id_fields = ("account", "goal", "action", "created_by")
    filter_horizontal = ("our_people",)


@admin.register(TimeEntry)
class TimeEntryAdmin(SimpleHistoryAdmin):
    list_display = ("spent_on", "user", "account", "minutes", "source")
    list_filter = ("source",)
    raw_id_fields = ("user", "account", "interaction")


@admin.register(SalesProfile)
class SalesProfileAdmin(SimpleHistoryAdmin):
    list_display = ("user", "derived", "override")
    raw_id_fields = ("user", "override_by")


@admin.register(PersonalDataLog)
class PersonalDataLogAdmin(admin.ModelAdmin):
    list_display = ("done_at", "action", "contact_id_ref", "account", "done_by")
    readonly_fields = ("done_at", "action", "contact_id_ref", "account", "done_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(SellingSettings, SimpleHistoryAdmin)
