from django.shortcuts import render

from gjj.identity.views import login_view


def home(request):
    if not request.user.is_authenticated:
        return login_view(request)
    return render(request, "hall/home.html", {})
