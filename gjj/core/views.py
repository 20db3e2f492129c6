"""TEMPORARY: a placeholder for URL names whose pages are being built in parallel.

Every area replaces its placeholders with real views; nothing may point here at release.
"""

from django.http import HttpResponse


def pending(request, *args, **kwargs):  # pragma: no cover - removed before release
    return HttpResponse("建设中", status=501)
