from django.urls import path

from gjj.core.views import pending

app_name = "inbox"
urlpatterns = [
    path("pending/list/", pending, name="list"),  # placeholder
    path("pending/read_list/", pending, name="read_list"),  # placeholder
    path("pending/detail/<int:pk>/", pending, name="detail"),  # placeholder
    path("pending/delete/<int:pk>/", pending, name="delete"),  # placeholder
    path("pending/mark_read/<int:pk>/", pending, name="mark_read"),  # placeholder
]
