from django.urls import path

from focusareas import views

app_name = "focusareas"
urlpatterns = [
    path("", views.focusarea_list, name="list"),
    path("ny/", views.focusarea_create, name="create"),
    path("<slug:slug>/rediger/", views.focusarea_edit, name="edit"),
    path("<slug:slug>/udfas/", views.focusarea_retire, name="retire"),
    path("<slug:slug>/genindsaet/", views.focusarea_reinstate, name="reinstate"),
]
