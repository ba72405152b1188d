from django.urls import path, register_converter

from initiatives import steering_views, views, workflow_views


class IdConverter:
    """A positive database id; longer numbers than any id can be are no match (a 404) instead of reaching the
    database, where SQLite cannot even compare them."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "dbid")

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("eksport.<str:fmt>", views.initiative_export, name="export"),
    path("nyt/", views.initiative_create, name="create"),
    path("styregruppe/", steering_views.steering_group, name="steering"),
    path("styregruppe/dagsorden/", steering_views.agenda, name="agenda"),
    path("styregruppe/beslutninger/", steering_views.decision_log, name="decision_log"),
    path("<dbid:pk>/", views.initiative_detail, name="detail"),
    path("<dbid:pk>/udskrift/", views.initiative_print, name="print"),
    path("<dbid:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<dbid:pk>/historik/", views.initiative_history, name="history"),
    path("<dbid:pk>/indsend/", workflow_views.submit, name="submit"),
    path("<dbid:pk>/ny-version/", workflow_views.revise, name="revise"),
    path("<dbid:pk>/afslut/", workflow_views.complete, name="complete"),
    path("<dbid:pk>/traek-tilbage/", workflow_views.withdraw, name="withdraw"),
    path("<dbid:pk>/opgiv-version/", workflow_views.abandon, name="abandon"),
    path("<dbid:pk>/slet/", workflow_views.delete, name="delete"),
    path("<dbid:pk>/aendringer/", views.revision_view, name="revision"),
    path("<dbid:pk>/version/<dbid:number>/", views.version_detail, name="version"),
    path("<dbid:pk>/version/<dbid:number>/beslut/", workflow_views.decide, name="decide"),
]
