from django.conf import settings
from django.db import transaction

from comptes.enums import Role
from comptes.services import utilisateur_creer
from demo import cahors
from demo.terrain import diagnostic_charger
from experimentations.services import experimentation_enregistrer
from territoire.enums import SourceLieu
from territoire.models import Commune, LieuAccueil, Territoire


class DemoImpossible(Exception):
    pass


@transaction.atomic
def demo_charger() -> dict:
    """Charge l'expérimentation de démonstration de Cahors et son diagnostic de terrain illustratif (idempotent)."""
    territoire = Territoire.objects.filter(slug=settings.TERRITOIRE_PRINCIPAL).first()
    if territoire is None:
        raise DemoImpossible(
            f"Le territoire « {settings.TERRITOIRE_PRINCIPAL} » n'est pas importé : "
            "lancez d'abord `python manage.py importer_territoire`."
        )
    experimentation = experimentation_enregistrer(territoire=territoire, est_demo=True, **cahors.EXPERIMENTATION)

    communes = {
        c.code_insee: c
        for c in Commune.objects.actuelles().filter(code_insee__in={lieu[2] for lieu in cahors.LIEUX_DEMO})
    }
    for type_, nom, code, lat, lon, canaux in cahors.LIEUX_DEMO:
        LieuAccueil.objects.update_or_create(
            source=SourceLieu.DEMO,
            identifiant_source=f"demo-{type_}-{code}",
            defaults={
                "type": type_,
                "nom": nom,
                "commune": communes[code],
                "latitude": lat,
                "longitude": lon,
                "canaux": canaux,
            },
        )

    comptes = []
    if settings.DEMO_ACCOUNTS_ENABLED:
        for username, role, prenom, nom, structure in cahors.COMPTES_DEMO:
            comptes.append(
                utilisateur_creer(
                    username=username,
                    email=f"{username}@demo.carte-blanche.example",
                    password=cahors.MOT_DE_PASSE_DEMO,
                    role=Role(role),
                    first_name=prenom,
                    last_name=nom,
                    structure=structure,
                )
            )
    roles = {role: user for (_, role, *_), user in zip(cahors.COMPTES_DEMO, comptes, strict=False)}
    diagnostic = diagnostic_charger(
        experimentation=experimentation, animateur=roles.get(Role.FACILITATEUR), agent=roles.get(Role.AGENT)
    )
    return {"experimentation": experimentation, "comptes": comptes, "diagnostic": diagnostic}
