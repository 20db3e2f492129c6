from django.contrib import messages as notices
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from gjj.core.access import person_required
from gjj.core.net import safe_next
from gjj.core.pagination import keyset_page
from gjj.inbox import selectors, services


def _list(request, person, *, state: str, template: str):
    page = keyset_page(
        selectors.message_queryset(person=person, state=state),
        order=selectors.MESSAGE_ORDER,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        query=request.GET,
    )
    return render(request, template, {"page": page, "back": request.get_full_path()})


@require_GET
@person_required
def message_list(request, person):
    """消息: unread messages, full history, 10 a page."""
    return _list(request, person, state=selectors.UNREAD, template="inbox/list.html")


@require_GET
@person_required
def message_read_list(request, person):
    """已阅: messages already read."""
    return _list(request, person, state=selectors.READ, template="inbox/read_list.html")


@require_http_methods(["GET", "POST"])
@person_required
def message_detail(request, person, pk):
    """查看 without JavaScript (with JavaScript the list opens a dialog instead)."""
    message = selectors.message_get(person=person, pk=pk)
    if request.method != "GET":  # ownership first: another person's id is a 404 for any method
        return HttpResponseNotAllowed(["GET"])
    fallback = reverse("inbox:read_list" if message.is_read else "inbox:list")
    return render(
        request,
        "inbox/detail.html",
        {"message": message, "back": safe_next(request, fallback)},
    )


@require_http_methods(["GET", "POST"])
@person_required
def message_delete(request, person, pk):
    """删除: GET asks for confirmation (no JavaScript), POST hides the message."""
    message = selectors.message_get(person=person, pk=pk)
    fallback = reverse("inbox:read_list" if message.is_read else "inbox:list")
    back = safe_next(request, fallback)
    if request.method == "GET":
        return render(request, "inbox/delete_confirm.html", {"message": message, "back": back})
    services.message_delete(message=message, request=request)
    notices.success(request, "消息已删除")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@person_required
def message_mark_read(request, person, pk):
    """标为已阅 (POST); a GET only shows the message."""
    message = selectors.message_get(person=person, pk=pk)
    if request.method == "GET":
        return redirect("inbox:detail", pk=message.pk)
    services.message_mark_read(message=message)
    notices.success(request, "已标记为已阅")
    return redirect(safe_next(request, reverse("inbox:list")))
