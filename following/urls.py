from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("my/follows/", views.mine, name="mine"),
    path("follows/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
