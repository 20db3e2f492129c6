"""Log a depositor in by ID number or by the phone on file."""

from django.contrib.auth.backends import ModelBackend

from gjj.identity.models import Person


class DepositorBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        person = Person.objects.by_id_number(username).select_related("user").first()
        if person is None and username.isdigit() and len(username) == 11:
            person = Person.objects.by_phone(username).select_related("user").first()
        user = person.user if person is not None else None
        if user is None:
            # Run the hasher anyway so a number not on file costs the same time.
            self.user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
