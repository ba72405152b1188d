from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Opfølgning"

    def ready(self):
        # The initiative pages know nothing of follow-up; follow-up adds its sections to them.
        from followup import sections

        sections.register()
