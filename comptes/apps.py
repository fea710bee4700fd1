from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from comptes.session import roles_memoriser

        def memoriser_roles(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                roles_memoriser(request, user)

        user_logged_in.connect(memoriser_roles, weak=False, dispatch_uid="comptes_memoriser_roles")
