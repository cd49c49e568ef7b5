from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    Attack,
    BuyingCriterion,
    Competitor,
    OfferScore,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)


@admin.register(Competitor)
class CompetitorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "website", "is_active")
    search_fields = ("name",)


@admin.register(Presence)
class PresenceAdmin(SimpleHistoryAdmin):
    list_display = ("competitor", "account", "is_incumbent", "share_of_spend")
    search_fields = ("account__name", "competitor__name")
    raw_id_fields = ("account",)


@admin.register(WeaknessQuestion)
class WeaknessQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("key", "pillar", "text_en", "position", "is_active")
    list_filter = ("pillar", "is_active")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("presence", "assessed_on", "assessed_by")
    raw_id_fields = ("presence", "assessed_by")


for _model in (PillarRating, WeaknessAnswer, Attack, BuyingCriterion, OfferScore):
    admin.site.register(_model, SimpleHistoryAdmin)
