from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gjj.core.audit import audit
from gjj.identity.forms import LoginForm


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("hall:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            audit("login", request=request, user=user, person=getattr(user, "person", None))
            return redirect("hall:home")
        audit("login", outcome="failed", request=request)
    return render(request, "identity/login.html", {"form": form})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit("logout", request=request, person=getattr(request.user, "person", None))
    logout(request)
    return redirect("identity:login")
