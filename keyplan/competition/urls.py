from django.urls import path

from . import views, views_assess, views_offers, views_presences

app_name = "competition"

urlpatterns = [
    # the registry and the catalogue
    path("competitors/", views.competitor_list, name="list"),
    path("competitors/new/", views.competitor_create, name="create"),
    path("competitors/<int:pk>/", views.competitor_detail, name="detail"),
    path("competitors/<int:pk>/edit/", views.competitor_edit, name="edit"),
    path("competitors/<int:pk>/delete/", views.competitor_delete, name="delete"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path("portfolio/", views_offers.portfolio, name="portfolio"),
    # competitors at an account
    path("account/<int:account_pk>/", views_presences.account_competitors, name="account"),
    path("account/<int:account_pk>/add/", views_presences.presence_create, name="presence-create"),
    path("presences/<int:pk>/", views_presences.presence_detail, name="presence"),
    path("presences/<int:pk>/edit/", views_presences.presence_edit, name="presence-edit"),
    path("presences/<int:pk>/delete/", views_presences.presence_delete, name="presence-delete"),
    path(
        "presences/<int:pk>/assessments/new/",
        views_presences.assessment_start,
        name="assessment-start",
    ),
    path("presences/<int:pk>/attack/", views_presences.attack_create, name="attack"),
    path("assessments/<int:pk>/", views_presences.assessment_detail, name="assessment"),
    path(
        "assessments/<int:pk>/delete/",
        views_presences.assessment_delete,
        name="assessment-delete",
    ),
    path(
        "assessments/<int:pk>/compare/<int:other_pk>/",
        views_presences.assessment_compare,
        name="compare",
    ),
    path("ratings/<int:pk>/", views_assess.rating_edit, name="rating"),
    path("answers/<int:pk>/", views_assess.answer_edit, name="answer"),
    # the offer comparison
    path("account/<int:account_pk>/offers/", views_offers.offer_page, name="offers"),
    path(
        "account/<int:account_pk>/criteria/",
        views_offers.criterion_create,
        name="criterion-create",
    ),
    path("criteria/<int:pk>/edit/", views_offers.criterion_edit, name="criterion-edit"),
    path("criteria/<int:pk>/delete/", views_offers.criterion_delete, name="criterion-delete"),
    path("criteria/<int:pk>/scores/", views_offers.score_set, name="score"),
    path("criteria/<int:pk>/advantage/", views_offers.advantage_to_plan, name="advantage"),
]
