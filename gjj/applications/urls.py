from django.urls import path

from gjj.core.views import pending

app_name = "applications"
urlpatterns = [
    path("pending/list/", pending, name="list"),  # placeholder
    path("pending/detail/<int:pk>/", pending, name="detail"),  # placeholder
]
