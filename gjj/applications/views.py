from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gjj.applications import drafts, registry, selectors, services, uploads
from gjj.applications.models import Draft, Material, State
from gjj.core.access import person_required
from gjj.core.pagination import keyset_page
from gjj.loans.views import contract_view, render_info


@require_GET
@person_required
def application_list(request, person):
    """我发起的: the applications the person started, 10 a page, newest first."""
    page = keyset_page(
        selectors.application_queryset(person=person),
        order=selectors.APPLICATION_ORDER,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        query=request.GET,
    )
    return render(request, "applications/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@person_required
def application_detail(request, person, pk):
    """查看: the flow as nodes and the table of nodes; for an application written in the hall
    also its content, materials, history, 撤回 and 补正."""
    application = selectors.application_get(person=person, pk=pk)
    if request.method != "GET":  # ownership first: another person's id is a 404 for any method
        return HttpResponseNotAllowed(["GET"])
    context = {
        "application": application,
        "flow": selectors.application_flow(application),
        "elapsed": selectors.application_elapsed_seconds(application),
    }
    if application.is_hall:
        materials = list(application.materials.all())
        context.update(
            summary=registry.summary_for(application),
            materials=materials,
            events=list(application.events.all()),
            can_withdraw=selectors.application_can_withdraw(application),
            correction_names=selectors.correction_names(application, materials),
        )
    return render(request, "applications/detail.html", context)


@require_POST
@person_required
def application_withdraw(request, person, pk):
    application = selectors.application_get(person=person, pk=pk)
    try:
        services.application_withdraw(application=application, person=person, request=request)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "申请已撤回。")
    return redirect("applications:detail", application.pk)


@require_POST
@person_required
def application_correct(request, person, pk):
    """补正: upload the missing materials (and, with 上传并重新提交, send it back to its node)."""
    application = selectors.application_get(person=person, pk=pk)
    if application.state != State.RETURNED:
        messages.error(request, "这笔申请当前不需要补正。")
        return redirect("applications:detail", application.pk)
    names = selectors.correction_names(application, list(application.materials.all()))
    name = request.POST.get("name")
    files = request.FILES.getlist("files")
    if name not in names or not files:
        messages.error(request, "请选择补正的材料并选择要上传的文件。")
        return redirect("applications:detail", application.pk)
    try:
        for upload in files:
            drafts.material_add(
                person=person,
                application=application,
                name=name,
                upload=upload,
                round=application.version,
            )
    except uploads.UploadRefused as exc:
        messages.error(request, str(exc))
        return redirect("applications:detail", application.pk)
    if request.POST.get("go") == "resubmit":
        _resubmit(request, person, application, application.version)
    else:
        messages.success(request, "材料已上传。全部补齐后请点击“材料已齐，重新提交”。")
    return redirect("applications:detail", application.pk)


@require_POST
@person_required
def application_resubmit(request, person, pk):
    application = selectors.application_get(person=person, pk=pk)
    try:
        version = int(request.POST.get("version") or -1)
    except ValueError:
        version = -1
    _resubmit(request, person, application, version)
    return redirect("applications:detail", application.pk)


def _resubmit(request, person, application, version: int) -> None:
    try:
        services.application_resubmit(
            application=application,
            person=person,
            checks=registry.checks_for(application, today=timezone.localdate()),
            version=version,
            request=request,
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已补正并重新提交，请等待中心办理。")


@require_GET
@person_required
def material_view(request, person, pk):
    """One of the person's own uploaded files, inline; anyone else's is a 404."""
    material = get_object_or_404(Material, pk=pk, person=person)
    return material_response(material)


def material_response(material: Material) -> FileResponse:
    try:
        fh = uploads.open_stored(material.path)
    except OSError:
        raise Http404("文件不存在") from None
    response = FileResponse(fh, content_type=material.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@contract_view
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


def draft_views(*, business: str, label: str, fill: str):
    """取消本次申请 and 删除 (a draft's file): the same two views for every business's form pages;
    `label` names the application in the message, `fill` is the form page's URL name."""

    @require_POST
    @person_required
    def cancel(request, person):
        draft = Draft.objects.filter(person=person, business=business).first()
        if draft is not None:
            drafts.draft_discard(draft=draft)
        messages.success(request, f"已取消本次{label}的填写。")
        return redirect("hall:home")

    @require_POST
    @person_required
    def material_remove(request, person, pk):
        material = get_object_or_404(
            Material, pk=pk, person=person, draft__business=business, application=None
        )
        drafts.material_remove(material=material)
        messages.success(request, f"已删除“{material.filename}”。")
        return redirect(fill)

    return cancel, material_remove
