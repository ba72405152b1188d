from django.urls import path

from goal import views

# Included under the index's path (tryghedsindeks/), before the import's own pages.
urlpatterns = [
    path("", views.goal_page, name="goal"),
    path("omraader/", views.areas_page, name="goal_areas"),
    path("maal.csv", views.goal_csv, name="goal_csv"),
]
