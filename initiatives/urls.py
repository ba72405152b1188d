from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("eksport.<str:fmt>", views.initiative_export, name="export"),
    path("nyt/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/udskrift/", views.initiative_print, name="print"),
    path("<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<int:pk>/historik/", views.initiative_history, name="history"),
]
