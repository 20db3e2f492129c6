"""The two doors of the hall, each with a backend that knows only its own kind of login.

`authenticate()` must name its door (`realm=`): the depositor door (ID number or phone on file)
answers only `realm="depositor"`, the staff door (a staff username, never a depositor) only
`realm="staff"`. A call that names no door authenticates nobody, so a new login form cannot
open a side door by forgetting to say which one it is.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from gjj.identity.selectors import login_person

DEPOSITOR = "depositor"
STAFF = "staff"


def _burn_hash(password: str) -> None:
    """Run the hasher anyway, so a name not on file costs the same time as a wrong password."""
    get_user_model()().set_password(password)


class HallBackend(ModelBackend):
    """Each request's user comes with its depositor record in the same query (a reverse
    one-to-one join), so `current_person` — the page guard and the context processor — costs
    no query of its own; a staff login's absent person is known from the join as well."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class DepositorBackend(HallBackend):
    def authenticate(self, request, username=None, password=None, realm=None, **kwargs):
        if realm != DEPOSITOR or not username or password is None:
            return None
        person = login_person(username, request=request)
        user = person.user if person is not None else None
        if user is None:
            _burn_hash(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class StaffBackend(HallBackend):
    """The center's staff by username: active, `is_staff`, and linked to no depositor."""

    def authenticate(self, request, username=None, password=None, realm=None, **kwargs):
        if realm != STAFF or not username or password is None:
            return None
        user = (
            get_user_model()
            .objects.filter(username=username, is_staff=True, person__isnull=True)
            .first()
        )
        if user is None:
            _burn_hash(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
