"""The account review pack's files, included by keyplan/reports/urls.py (namespace
"reports")."""

from django.urls import path

from . import views

urlpatterns = [
    path("review/account/<int:pk>/pdf/", views.review_pdf, name="review-pdf"),
    path("review/account/<int:pk>/pptx/", views.review_pptx, name="review-pptx"),
]
