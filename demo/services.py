from django.conf import settings
from django.db import transaction

from commun.cache import invalider
from comptes.enums import Role
from comptes.services import utilisateur_creer
from demo.chargeur import DonneesInvalides
from demo.contenu import contenu_lire
from demo.personas import personas_charger, personas_lire
from demo.seminaire import seminaire_charger, seminaire_lire
from demo.suivi import suivi_charger, suivi_lire
from demo.terrain import diagnostic_charger
from experimentations.services import experimentation_enregistrer
from territoire.enums import SourceLieu
from territoire.models import Commune, LieuAccueil, Territoire


class DemoImpossible(Exception):
    pass


# Les sujets du cache des pages publiques (commun.cache) que la démo remplit.
SUJETS_DES_PAGES_PUBLIQUES = (
    "experimentations",
    "territoire",
    "terrain",
    "irritants",
    "personas",
    "ateliers",
    "promesses",
)


@transaction.atomic
def demo_charger() -> dict:
    """Charge l'expérimentation de démonstration de Cahors et son diagnostic de terrain illustratif (idempotent).

    Le contenu vient de `demo/donnees/cahors-2018/` ; un fichier invalide arrête tout avant la moindre écriture.
    """
    try:
        contenu = contenu_lire()
        personas = personas_lire(contenu.dossier, contenu)
        seminaire = seminaire_lire(contenu.dossier, contenu)
        suivi = suivi_lire(contenu.dossier)
    except DonneesInvalides as exc:
        raise DemoImpossible(str(exc)) from exc
    territoire = Territoire.objects.filter(slug=settings.TERRITOIRE_PRINCIPAL).first()
    if territoire is None:
        raise DemoImpossible(
            f"Le territoire « {settings.TERRITOIRE_PRINCIPAL} » n'est pas importé : "
            "lancez d'abord `python manage.py importer_territoire`."
        )
    experimentation = experimentation_enregistrer(
        territoire=territoire, est_demo=True, **contenu.experimentation.champs()
    )

    communes = {
        c.code_insee: c
        for c in Commune.objects.actuelles().filter(code_insee__in={lieu.code_insee for lieu in contenu.lieux})
    }
    for lieu in contenu.lieux:
        LieuAccueil.objects.update_or_create(
            source=SourceLieu.DEMO,
            identifiant_source=lieu.identifiant_source,
            defaults={
                "type": lieu.type,
                "nom": lieu.nom,
                "commune": communes[lieu.code_insee],
                "latitude": lieu.latitude,
                "longitude": lieu.longitude,
                "canaux": list(lieu.canaux),
            },
        )

    comptes = []
    if settings.DEMO_ACCOUNTS_ENABLED:
        for compte in contenu.comptes:
            comptes.append(
                utilisateur_creer(
                    username=compte.identifiant,
                    email=f"{compte.identifiant}@demo.carte-blanche.example",
                    password=contenu.mot_de_passe,
                    role=Role(compte.role),
                    first_name=compte.prenom,
                    last_name=compte.nom,
                    structure=compte.structure,
                )
            )
    roles = {compte.role: user for compte, user in zip(contenu.comptes, comptes, strict=False)}
    diagnostic = diagnostic_charger(
        experimentation=experimentation,
        animateur=roles.get(Role.FACILITATEUR),
        agent=roles.get(Role.AGENT),
        contenu=contenu,
    )
    try:
        chiffres_personas = personas_charger(
            experimentation=experimentation,
            animateur=roles.get(Role.FACILITATEUR),
            contenu=contenu,
            prevus=personas,
        )
        chiffres_seminaire = seminaire_charger(
            experimentation=experimentation,
            animateur=roles.get(Role.FACILITATEUR),
            contenu=contenu,
            prevu=seminaire,
        )
        chiffres_suivi = suivi_charger(experimentation=experimentation, prevu=suivi)
    except DonneesInvalides as exc:
        raise DemoImpossible(str(exc)) from exc
    # Les écritures en masse (bulk_create) n'envoient pas de signal : les pages publiques gardées sont
    # invalidées ici, d'un coup, pour que la démo chargée se voie tout de suite.
    invalider(*SUJETS_DES_PAGES_PUBLIQUES)
    return {
        "experimentation": experimentation,
        "comptes": comptes,
        "mot_de_passe": contenu.mot_de_passe,
        "diagnostic": diagnostic,
        "personas": chiffres_personas,
        "seminaire": chiffres_seminaire,
        "suivi": chiffres_suivi,
    }
