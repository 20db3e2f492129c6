"""/api/service/v1/: the core system and the center's other channels. Each request carries a
registered client's secret; each route needs one scope; every call is audited with the
client's name. The routes that store data join from gjj.interchange.service (see gjj/urls.py)."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI
from ninja.security import HttpBearer

from gjj.api import errors, throttle
from gjj.api.clients import client_for_secret
from gjj.api.depositor import docs_switch
from gjj.api.errors import ApiError
from gjj.api.models import ApiClient
from gjj.core.audit import AUDIT_CHANNEL, audit

SERVICE_CHANNEL = "service"


class ClientSecret(HttpBearer):
    """`Authorization: Bearer <client secret>`; the route's scope must be among the client's."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        request.__dict__[AUDIT_CHANNEL] = SERVICE_CHANNEL
        throttle.check_ip(request)
        return super().__call__(request)

    def authenticate(self, request, token: str):
        client = client_for_secret(token)
        if client is None:
            return None
        request.api_client = client
        if self.scope not in client.scopes:
            service_audit(request, "api_scope", outcome="denied", scope=self.scope)
            raise ApiError(403, f"该客户端没有“{self.scope}”权限。", "scope_missing")
        throttle.check("client", str(client.pk), settings.API_RATE_PER_CLIENT)
        return client


def service_audit(request, action: str, *, outcome: str = "ok", **detail) -> None:
    """Audit a service call with the client's name and the route."""
    client = getattr(request, "api_client", None)
    audit(
        action,
        outcome=outcome,
        request=request,
        client=client.name if client else None,
        path=request.path,
        **detail,
    )


Scope = ApiClient.Scope
api = NinjaAPI(
    title="住房公积金网上服务大厅 · 服务接口",
    version="1",
    description=(
        "核心业务系统与中心其他渠道（柜面、网厅-单位版、短信、12329）调用的接口：推送消息、"
        "办理结果与业务明细，拉取待办申请。以 Authorization: Bearer <客户端密钥> 调用；"
        "批量数据与 import_core 使用同一套校验与入库代码。"
    ),
    urls_namespace="api-service-v1",
    docs_decorator=docs_switch,
)
errors.install(api)
