"""Log a depositor in by ID number or by the phone on file."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from gjj.identity.selectors import login_person


class DepositorBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        person = login_person(username, request=request)
        user = person.user if person is not None else None
        if user is None:
            # Run the hasher anyway so a number not on file costs the same time.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
