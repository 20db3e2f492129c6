from django.urls import path

from gjj.certificates import views

app_name = "certificates"
urlpatterns = [
    path("certificates/", views.index, name="index"),
    path("certificates/issue/", views.issue, name="issue"),
    path("certificates/<str:code>/", views.detail, name="detail"),
    path("certificates/<str:code>/pdf/", views.pdf, name="pdf"),
    path("certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("info/statement/", views.statement, name="statement"),
    path("info/statement/issue/", views.statement_issue, name="statement_issue"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>", views.verify, name="verify_code"),
]
urlpatterns.append(path("verify/<str:code>/", views.verify))
