from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from gjj.applications import selectors
from gjj.core.access import person_required
from gjj.core.pagination import paginate
from gjj.loans.views import contract_page, render_info


@require_GET
@person_required
def application_list(request, person):
    """我发起的: the applications the person started, 10 a page, newest first."""
    page = paginate(
        selectors.application_queryset(person=person),
        page=request.GET.get("page"),
        query=request.GET,
    )
    return render(request, "applications/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@person_required
def application_detail(request, person, pk):
    """查看: the flow as nodes and the table of nodes."""
    application = selectors.application_get(person=person, pk=pk)
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


@contract_page
def loan_progress(request, person, contracts, contract):
    """贷款进度查询 (manual §3.3), one of the 信息查询 pages: URL name `loans:progress`."""
    application, nodes = (None, [])
    if contract is not None:
        application, nodes = selectors.loan_progress(contract)
    return render_info(
        request,
        "info/progress.html",
        "progress",
        contracts,
        contract,
        application=application,
        nodes=nodes,
    )
