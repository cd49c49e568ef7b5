"""The monthly report pages, included by keyplan/reports/urls.py (namespace "reports")."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/<int:pk>/monthly/", views.report_list, name="monthly-list"),
    path("accounts/<int:pk>/monthly/draft/", views.report_draft_now, name="monthly-draft"),
    path("monthly/<int:pk>/", views.report_detail, name="monthly-detail"),
    path("monthly/<int:pk>/texts/", views.report_texts, name="monthly-texts"),
    path("monthly/<int:pk>/refresh/", views.report_refresh, name="monthly-refresh"),
    path("monthly/<int:pk>/issue/", views.report_issue, name="monthly-issue"),
    path("monthly/<int:pk>/share/", views.report_share, name="monthly-share"),
    path("monthly/<int:pk>/email/", views.report_email, name="monthly-email"),
    path("monthly/<int:pk>/pdf/", views.report_pdf, name="monthly-pdf"),
]
