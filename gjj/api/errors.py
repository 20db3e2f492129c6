"""One error shape for both APIs: {"code": "...", "message": "中文说明"}, never a stack trace."""

from __future__ import annotations

import logging
import math

from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger("gjj.api")

MESSAGES = {
    400: ("bad_request", "请求有误。"),
    401: ("unauthorized", "未登录或登录已失效，请重新登录。"),
    403: ("forbidden", "没有权限进行此操作。"),
    404: ("not_found", "请求的内容不存在。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    409: ("conflict", "请求与已有记录冲突。"),
    422: ("invalid", "请求数据不符合接口约定。"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试。"),
    500: ("server_error", "服务器内部错误，请稍后再试。"),
}


class Error(Schema):
    code: str
    message: str


# The error answers a read may give (declared on each route, so the contract lists them).
READS = {401: Error, 404: Error, 429: Error}
QUERIES = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error}


class ApiError(Exception):
    """A refusal with its status, a short code and a Chinese message."""

    def __init__(self, status: int, message: str | None = None, code: str | None = None):
        default_code, default_message = MESSAGES.get(status, ("error", "请求失败。"))
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or default_message


def _where(loc) -> str:
    names = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(names)


def validation_message(errors: list[dict]) -> str:
    parts = []
    for error in errors[:5]:
        where = _where(error.get("loc", ()))
        kind = error.get("type", "")
        if kind == "missing":
            what = "必须填写"
        elif kind == "extra_forbidden":
            what = "是未知的字段"
        elif kind.startswith(("string_", "int_", "date", "decimal", "bool", "literal", "enum")):
            what = "格式或取值不正确"
        else:
            what = "不正确"
        parts.append(f"{where} {what}" if where else what)
    return "请求数据不符合接口约定：" + "；".join(parts) + "。"


def install(api: NinjaAPI) -> None:
    def answer(request, status: int, code: str, message: str, **headers):
        response = api.create_response(request, {"code": code, "message": message}, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return answer(request, exc.status, exc.code, exc.message)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        return answer(request, 422, "invalid", validation_message(exc.errors))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return answer(request, 401, *MESSAGES[401])

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        return answer(
            request,
            429,
            "too_many_requests",
            f"请求过于频繁，请{wait}秒后再试。",
            **{"Retry-After": str(wait)},
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404, *MESSAGES[404])

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code, message = MESSAGES.get(exc.status_code, ("error", "请求失败。"))
        return answer(request, exc.status_code, code, message)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return answer(request, 500, *MESSAGES[500])
