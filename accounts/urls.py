from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("<int:pk>/bekraeft/", views.settle_change, {"outcome": "confirm"}, name="confirm_change"),
    path("<int:pk>/afvis/", views.settle_change, {"outcome": "decline"}, name="decline_change"),
]
