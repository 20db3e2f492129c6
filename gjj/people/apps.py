from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "gjj.people"
    label = "people"
    verbose_name = "缴存人"

    def ready(self):
        from gjj.core.kept import watch

        watch(self)  # a kept page showing these models is not served after they change
