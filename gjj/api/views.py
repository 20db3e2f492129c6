from django.http import JsonResponse

from gjj.api.errors import MESSAGES


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's 404, in JSON like every API answer."""
    code, message = MESSAGES[404]
    return JsonResponse({"code": code, "message": message}, status=404)
