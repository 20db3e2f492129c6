from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from gjj.api.errors import MESSAGES


@csrf_exempt  # no cookie is ever read here: a POST is answered like a GET
def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's 404, in JSON like every API answer."""
    code, message = MESSAGES[404]
    return JsonResponse({"code": code, "message": message}, status=404)
