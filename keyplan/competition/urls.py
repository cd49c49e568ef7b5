from django.urls import path

from .assessments import views as assessments
from .competitors import views as competitors
from .offers import views as offers
from .portfolio import views as portfolio
from .presences import views as presences
from .questions import views as questions

app_name = "competition"

urlpatterns = [
    # the registry and the catalogue
    path("competitors/", competitors.competitor_list, name="list"),
    path("competitors/new/", competitors.competitor_create, name="create"),
    path("competitors/<int:pk>/", competitors.competitor_detail, name="detail"),
    path("competitors/<int:pk>/edit/", competitors.competitor_edit, name="edit"),
    path("competitors/<int:pk>/delete/", competitors.competitor_delete, name="delete"),
    path("questions/", questions.question_list, name="questions"),
    path("questions/<int:pk>/edit/", questions.question_edit, name="question-edit"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    # competitors at an account
    path("account/<int:account_pk>/", presences.account_competitors, name="account"),
    path("account/<int:account_pk>/add/", presences.presence_create, name="presence-create"),
    path("presences/<int:pk>/", assessments.presence_detail, name="presence"),
    path("presences/<int:pk>/edit/", presences.presence_edit, name="presence-edit"),
    path("presences/<int:pk>/delete/", presences.presence_delete, name="presence-delete"),
    path(
        "presences/<int:pk>/assessments/new/",
        assessments.assessment_start,
        name="assessment-start",
    ),
    path("presences/<int:pk>/attack/", assessments.attack_create, name="attack"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path(
        "assessments/<int:pk>/delete/",
        assessments.assessment_delete,
        name="assessment-delete",
    ),
    path(
        "assessments/<int:pk>/compare/<int:other_pk>/",
        assessments.assessment_compare,
        name="compare",
    ),
    path("ratings/<int:pk>/", assessments.rating_edit, name="rating"),
    path("answers/<int:pk>/", assessments.answer_edit, name="answer"),
    # the offer comparison
    path("account/<int:account_pk>/offers/", offers.offer_page, name="offers"),
    path(
        "account/<int:account_pk>/criteria/",
        offers.criterion_create,
        name="criterion-create",
    ),
    path("criteria/<int:pk>/edit/", offers.criterion_edit, name="criterion-edit"),
    path("criteria/<int:pk>/delete/", offers.criterion_delete, name="criterion-delete"),
    path("criteria/<int:pk>/scores/", offers.score_set, name="score"),
    path("criteria/<int:pk>/advantage/", offers.advantage_to_plan, name="advantage"),
]
