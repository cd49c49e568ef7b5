from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ITEM_MODELS, AccountPlan


@admin.register(AccountPlan)
class AccountPlanAdmin(SimpleHistoryAdmin):
    list_display = ("account", "period", "version", "state", "approved_at")
    list_filter = ("state",)
    search_fields = ("account__name", "period")
    raw_id_fields = ("account", "previous", "created_by", "approved_by")


for _model in ITEM_MODELS.values():
    admin.site.register(_model, SimpleHistoryAdmin, raw_id_fields=("plan",))
