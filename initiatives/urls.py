from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("eksport.<str:fmt>", views.initiative_export, name="export"),
    path("nyt/", views.initiative_create, name="create"),
    path("styregruppe/", views.steering_group, name="steering"),
    path("styregruppe/dagsorden/", views.agenda, name="agenda"),
    path("styregruppe/beslutninger/", views.decision_log, name="decision_log"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/udskrift/", views.initiative_print, name="print"),
    path("<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<int:pk>/historik/", views.initiative_history, name="history"),
    path("<int:pk>/indsend/", views.submit, name="submit"),
    path("<int:pk>/ny-version/", views.revise, name="revise"),
    path("<int:pk>/afslut/", views.complete, name="complete"),
    path("<int:pk>/aendringer/", views.revision_view, name="revision"),
    path("<int:pk>/version/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/version/<int:number>/beslut/", views.decide, name="decide"),
]
