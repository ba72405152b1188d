from django.urls import path

import initiatives.urls  # noqa: F401  (registers the dbid converter)
from followup import report_views, views

app_name = "followup"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("laering/", views.learning, name="learning"),
    path("initiativ/<dbid:pk>/maal/<uuid:goal>/", views.record_create, name="record"),
    path("initiativ/<dbid:pk>/maal/<uuid:goal>/ret/<dbid:record>/", views.record_correct, name="correct"),
    path("initiativ/<dbid:pk>/laering/", views.learning_note_create, name="learning_note"),
    path("bilag/<dbid:record>/", views.attachment, name="attachment"),
    path("statusrapport/", report_views.report_index, name="report_index"),
    path("statusrapport/<int:year>/", report_views.report, name="report"),
    path("statusrapport/<int:year>/rapport.pdf", report_views.report_pdf, name="report_pdf"),
    path("statusrapport/<int:year>/rapport.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("statusrapport/<int:year>/skriv/", report_views.report_write, name="report_write"),
    path("statusrapport/<int:year>/endelig/", report_views.report_finalise, name="report_finalise"),
]
