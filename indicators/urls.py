from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/forhaandsvisning/", views.import_preview, name="import_preview"),
    path("import/bekraeft/", views.import_confirm, name="import_confirm"),
    path("import/log/", views.import_log, name="import_log"),
    path("import/<int:pk>/tilbagefoer/", views.import_revert, name="import_revert"),
    path("import/<int:pk>/tilbagefoer/bekraeft/", views.import_revert_confirm, name="import_revert_confirm"),
]
