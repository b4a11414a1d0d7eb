from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed/", feeds.NewsFeed(), name="feed"),
    path("<id:item_id>/", views.news_item, name="item"),
    path("images/<id:image_id>/", views.image, name="image"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/<id:item_id>/", views.edit, name="edit"),
    path("manage/<id:item_id>/state/", views.transition, name="transition"),
    path("manage/<id:item_id>/images/", views.add_image, name="add_image"),
]
