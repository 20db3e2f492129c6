"""Login, registration, forgot password, change password and logout (the manual's 1.1–1.4, 4, 5)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gjj.core.access import current_person
from gjj.core.audit import audit
from gjj.core.net import safe_url
from gjj.identity import doors, security, selectors, services
from gjj.identity.flows import (
    REGISTER,
    RESET,
    Flow,
    check_step,
    done_step,
    password_step,
    sms_step,
)
from gjj.identity.forms import (
    PasswordChangeForm,
)
from gjj.identity.middleware import SESSION_STARTED


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method != "POST":
        return redirect("hall:home")
    return doors.door_login(request, doors.DEPOSITOR_DOOR)


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """GET: the 是/否 confirmation (the page without JavaScript); POST: log out."""
    back = safe_url(
        request, request.GET.get("next") or request.headers.get("referer"), reverse("hall:home")
    )
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("identity:login")
        return render(request, "identity/logout_confirm.html", {"back": back})
    if request.user.is_authenticated:
        audit(
            "logout",
            request=request,
            person=selectors.person_of(request.user),
        )
    logout(request)  # flushes the session on the server
    return redirect("identity:login")


# --- registration and reset (the engine is flows.py) ------------------------------------


def _flow_view(flow: Flow, step, methods=("GET", "POST")):
    """The view of one step of one flow (the URLs keep one named view a page)."""

    @never_cache
    @require_http_methods(list(methods))
    def view(request):
        return step(request, flow)

    return view


register_view = _flow_view(REGISTER, check_step)
register_sms_view = _flow_view(REGISTER, sms_step)
register_password_view = _flow_view(REGISTER, password_step)
register_done_view = _flow_view(REGISTER, done_step, methods=("GET",))
forgot_view = _flow_view(RESET, check_step)
forgot_sms_view = _flow_view(RESET, sms_step)
forgot_password_view = _flow_view(RESET, password_step)
forgot_done_view = _flow_view(RESET, done_step, methods=("GET",))


# --- signed-in pages -------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(
        request.POST or None,
        user=request.user,
        check_old=lambda password: doors.reauthenticate(request, request.user, password),
    )
    person = selectors.person_of(request.user)
    if request.method == "POST":
        valid = form.is_valid()
        if doors.request_locked(request):
            # Five wrong old passwords: as for the login, the account is locked, and this
            # session ends (whoever holds it does not get unlimited guesses).
            audit("password_change", outcome="denied", request=request, person=person)
            logout(request)
            return doors.relogin_locked_response(request)
        if valid:
            services.password_change(
                user=request.user,
                password=form.cleaned_data["new_password2"],
                request=request,
                person=person,
            )
            # Keeps this session (new key, new auth hash); every other session of the user ends
            # because its stored auth hash no longer matches the password.
            started = request.session.get(SESSION_STARTED)
            update_session_auth_hash(request, request.user)
            if started is not None:
                request.session[SESSION_STARTED] = started
            # Post/redirect/get: a refresh of the success page must not post the form again.
            return redirect("identity:password_change_done")
        audit("password_change", outcome="failed", request=request, person=person)
    return render(request, "identity/password_change.html", {"form": form})


@require_GET
@login_required
def password_change_done_view(request):
    return render(request, "identity/password_change_done.html")


@require_GET
def user_notice_view(request):
    return render(request, "identity/user_notice.html")


# --- 账户安全 -----------------------------------------------------------------------------------


@never_cache
@require_GET
@login_required
def security_view(request):
    person = current_person(request.user)  # the header reads the same cached row
    context = {
        "logins": security.login_history(user=request.user, person=person),
        "devices": security.active_sessions(request=request),
        "reveal_seconds": settings.REVEAL_SECONDS,
    }
    return render(request, "identity/security.html", context)


@require_POST
@login_required
def end_other_sessions_view(request):
    security.sessions_end_others(request=request, person=current_person(request.user))
    messages.success(request, "已退出其他设备上的登录，只保留当前设备。")
    return redirect("identity:security")


@require_POST
@login_required
def reveal_view(request):
    """Re-enter the password: the basic-information masks are lifted for a minute (audited)."""
    shown, text = security.reveal_with_password(
        request=request,
        person=current_person(request.user),
        password=request.POST.get("password", ""),
    )
    (messages.success if shown else messages.error)(request, text)
    return redirect("fund:basic_info")
