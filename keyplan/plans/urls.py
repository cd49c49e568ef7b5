"""The plan pages: one namespace (`plans:`) over the features' views."""

from django.urls import path

from .actions import views as actions_views
from .versions import views as versions_views
from .workspace import views as workspace_views

app_name = "plans"

ITEM = "<int:pk>/items/<str:kind>/<int:item_pk>/"

urlpatterns = [
    path("my-actions/", actions_views.my_actions, name="my-actions"),
    path("my-actions/export.<str:fmt>", actions_views.my_actions_export, name="my-actions-export"),
    path("account/<int:account_pk>/", versions_views.plan_list, name="account"),
    path("account/<int:account_pk>/new/", versions_views.plan_create, name="create"),
    path("<int:pk>/", workspace_views.plan_detail, name="detail"),
    path("<int:pk>/edit/", versions_views.plan_edit, name="edit"),
    path("<int:pk>/submit/", versions_views.plan_submit, name="submit"),
    path("<int:pk>/return/", versions_views.plan_return, name="return"),
    path("<int:pk>/approve/", versions_views.plan_approve, name="approve"),
    path("<int:pk>/revise/", versions_views.plan_revise, name="revise"),
    path("<int:pk>/reviewed/", versions_views.plan_reviewed, name="reviewed"),
    path("<int:pk>/delete/", versions_views.plan_delete, name="delete"),  # archives
    path("<int:pk>/restore/", versions_views.plan_restore, name="restore"),
    path("<int:pk>/compare/", versions_views.plan_compare, name="compare"),
    path("<int:pk>/history/", versions_views.plan_history_page, name="history"),
    path("<int:pk>/print/", versions_views.plan_print, name="print"),
    path("<int:pk>/plan.pdf", versions_views.plan_pdf, name="pdf"),
    path("<int:pk>/deleted/", versions_views.plan_deleted, name="deleted"),
    path("<int:pk>/items/<str:kind>/add/", workspace_views.item_create, name="item-create"),
    path(ITEM, workspace_views.item_detail, name="item"),
    path(ITEM + "edit/", workspace_views.item_edit, name="item-edit"),
    path(ITEM + "delete/", workspace_views.item_delete, name="item-delete"),
    path(ITEM + "restore/", workspace_views.item_restore, name="item-restore"),
    # Last: a section slug would otherwise shadow the fixed paths above.
    path("<int:pk>/<slug:section>/", workspace_views.plan_detail, name="section"),
]
