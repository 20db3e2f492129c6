"""The limit a depositor page is measured against: what any logged-in page must pay.

Login required (session read, user look-up, the context processors), one indexed query and a
tiny template, through the same middleware as every page.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gjj.fund.models import FundAccount


@login_required
def bare(request):
    accounts = FundAccount.objects.filter(person__user=request.user).count()
    return render(request, "bench/bare.html", {"accounts": accounts})
