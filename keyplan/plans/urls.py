from django.urls import path

from . import views, views_actions, views_versions

app_name = "plans"

ITEM = "<int:pk>/items/<str:kind>/<int:item_pk>/"

urlpatterns = [
    path("my-actions/", views_actions.my_actions, name="my-actions"),
    path("account/<int:account_pk>/", views_versions.plan_list, name="account"),
    path("account/<int:account_pk>/new/", views_versions.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views_versions.plan_edit, name="edit"),
    path("<int:pk>/submit/", views_versions.plan_submit, name="submit"),
    path("<int:pk>/return/", views_versions.plan_return, name="return"),
    path("<int:pk>/approve/", views_versions.plan_approve, name="approve"),
    path("<int:pk>/revise/", views_versions.plan_revise, name="revise"),
    path("<int:pk>/reviewed/", views_versions.plan_reviewed, name="reviewed"),
    path("<int:pk>/delete/", views_versions.plan_delete, name="delete"),
    path("<int:pk>/compare/", views_versions.plan_compare, name="compare"),
    path("<int:pk>/history/", views_versions.plan_history_page, name="history"),
    path("<int:pk>/print/", views_versions.plan_print, name="print"),
    path("<int:pk>/deleted/", views_versions.plan_deleted, name="deleted"),
    path("<int:pk>/items/<str:kind>/add/", views.item_create, name="item-create"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "edit/", views.item_edit, name="item-edit"),
    path(ITEM + "delete/", views.item_delete, name="item-delete"),
    path(ITEM + "restore/", views.item_restore, name="item-restore"),
    # Last: a section slug would otherwise shadow the fixed paths above.
    path("<int:pk>/<slug:section>/", views.plan_detail, name="section"),
]
