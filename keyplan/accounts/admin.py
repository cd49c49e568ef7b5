from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Account, AccountTeamMember, Contact


class TeamInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("name", "external_id", "account_class", "owner", "country", "status")
    list_filter = ("account_class", "status", "industry", "country")
    search_fields = ("name", "external_id", "tax_id")
    raw_id_fields = ("parent", "owner")
    inlines = [TeamInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "title", "account")
    search_fields = ("last_name", "first_name", "email")
    raw_id_fields = ("account",)
