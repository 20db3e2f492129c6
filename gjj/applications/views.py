from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from gjj.applications import selectors
from gjj.core.pagination import paginate
from gjj.hall.access import person_required


@require_GET
@person_required
def application_list(request):
    """我发起的: the applications the person started, 10 a page, newest first."""
    page = paginate(
        selectors.application_queryset(person=request.user.person),
        page=request.GET.get("page"),
        query=request.GET,
    )
    return render(request, "applications/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@person_required
def application_detail(request, pk):
    """查看: the flow as nodes and the table of nodes."""
    application = selectors.application_get(person=request.user.person, pk=pk)
    if request.method != "GET":  # ownership first: another person's id is a 404 for any method
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "flow": selectors.application_flow(application),
            "elapsed": selectors.application_elapsed_seconds(application),
        },
    )
