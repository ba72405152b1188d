"""The public pages under /offentlig/. The addresses are stable: open data and links from other sites rely on them."""

from django.urls import path

from public import opendata, views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("fokusomraader/<slug:slug>/", views.focus_area, name="focus_area"),
    path("initiativer/", views.initiatives, name="initiatives"),
    path("initiativer/<int:pk>/", views.initiative, name="initiative"),
    path("maalet/", views.goal, name="goal"),
    path("maalet/maal.csv", opendata.goal_csv, name="goal_csv"),
    path("rapporter/", views.reports, name="reports"),
    path("rapporter/<int:year>/<slug:scope>.pdf", views.report_pdf, name="report_pdf"),
    path("data/", opendata.data_page, name="data"),
    path("data/katalog.jsonld", opendata.catalogue, name="catalogue"),
    path("data/<slug:name>.<str:fmt>", opendata.dataset, name="dataset"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
