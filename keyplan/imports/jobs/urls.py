from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_upload, name="upload"),
    path("templates/<slug:kind>.csv", views.template_csv, name="template"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/mapping/", views.job_mapping, name="mapping"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/run/", views.job_run, name="run"),
    path("<int:pk>/remap/", views.job_remap, name="remap"),
    path("<int:pk>/resume/", views.job_resume, name="resume"),
    path("<int:pk>/rejected-rows.csv", views.job_errors_csv, name="errors-csv"),
]
