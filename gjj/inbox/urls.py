from django.urls import path

from gjj.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("read/", views.message_read_list, name="read_list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/delete/", views.message_delete, name="delete"),
    path("<int:pk>/mark-read/", views.message_mark_read, name="mark_read"),
]
