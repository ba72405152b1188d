from django.urls import path

from indicators import goal_views

app_name = "indicators"
urlpatterns: list = [
    # The goal page itself (tryghedsindeks/) combines apps and is routed in tryg/urls.py.
    path("maal.csv", goal_views.goal_csv, name="goal_csv"),
]
