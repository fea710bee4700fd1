"""L'administration de Django : personne d'autre qu'un membre de l'équipe (facilitateur) n'y entre.

Les lignes sont produites pour chaque modèle enregistré (liste, ajout, fiche, historique, suppression) :
un anonyme, un participant et un agent sont renvoyés vers la connexion de l'administration ; un
facilitateur voit la liste et le formulaire d'ajout selon les permissions de son rôle
(`comptes.roles.ROLE_PERMISSIONS`, la déclaration que ce test confronte aux réponses), sauf les
modèles en lecture seule listés dans `SANS_AJOUT`. Une adresse d'objet est demandée avec un
identifiant inexistant : renvoi vers l'accueil de l'administration (302) si le rôle en a le droit,
refus (403) sinon, jamais 500.
"""

from django.contrib import admin

from comptes.enums import Role
from comptes.roles import ROLE_PERMISSIONS
from tests.securite.table import ADMIN_CONNEXION, Ligne

HORS_EQUIPE = {"anonyme": ADMIN_CONNEXION, "participant": ADMIN_CONNEXION, "agent": ADMIN_CONNEXION}
HORS_EQUIPE["autre_agent"] = ADMIN_CONNEXION
# Journaux en ajout seul et modèles gérés par les services : l'administration n'y ajoute rien.
SANS_AJOUT = {
    "terrain.changementstatutverbatim",
    "irritants.evenementcodage",
    "personas.versionlettre",
    "personas.journalpersona",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "documents.document",
}
OBJET_INCONNU = {"object_id": "999999999"}
# Un irritant ne se supprime pas : l'administration renvoie sa suppression vers sa fiche (retrait).
SUPPRESSION_DETOURNEE = {"irritants.irritant": 302}


def _peut(action: str, cle: str) -> bool:
    return f"{cle.split('.')[0]}.{action}_{cle.split('.')[1]}" in ROLE_PERMISSIONS[Role.FACILITATEUR]


def _lignes() -> dict:
    lignes = {
        "admin/": Ligne(**HORS_EQUIPE, facilitateur=200),
        "admin/login/": Ligne(anonyme=200, participant=200, agent=200, autre_agent=200, facilitateur=302),
        # Déconnexion en POST : un GET renvoie hors de l'équipe vers l'administration (302), refusé sinon (405).
        "admin/logout/": Ligne(**dict.fromkeys(HORS_EQUIPE, 302), facilitateur=405),
        "admin/password_change/": Ligne(**HORS_EQUIPE, facilitateur=200),
        "admin/password_change/done/": Ligne(**HORS_EQUIPE, facilitateur=200),
        # Sans paramètres, l'autocomplétion refuse la requête (403) même au facilitateur.
        "admin/autocomplete/": Ligne(**HORS_EQUIPE, facilitateur=403),
        "admin/jsi18n/": Ligne(**HORS_EQUIPE, facilitateur=200),
        "admin/r/<path:content_type_id>/<path:object_id>/": Ligne(
            params=lambda monde: {"content_type_id": "999999", "object_id": "1"},
            **HORS_EQUIPE,
            facilitateur=404,
        ),
        "admin/(?P<url>.*)$": Ligne(params=lambda monde: {"url": "inconnue/"}, **HORS_EQUIPE, facilitateur=404),
    }
    etiquettes = list(dict.fromkeys(modele._meta.app_label for modele in admin.site._registry))
    lignes[f"admin/^(?P<app_label>{'|'.join(etiquettes)})/$"] = Ligne(
        params=lambda monde: {"app_label": "terrain"}, **HORS_EQUIPE, facilitateur=200
    )
    # Le changement du mot de passe d'un utilisateur par l'administration.
    lignes["admin/comptes/user/<id>/password/"] = Ligne(
        params=lambda monde: {"id": monde.utilisateurs["agent"].pk}, **HORS_EQUIPE, facilitateur=403
    )
    for modele in admin.site._registry:
        cle = f"{modele._meta.app_label}.{modele._meta.model_name}"
        racine = f"admin/{modele._meta.app_label}/{modele._meta.model_name}/"
        voit = _peut("view", cle) or _peut("change", cle)
        ajoute = _peut("add", cle) and cle not in SANS_AJOUT
        lignes[racine] = Ligne(**HORS_EQUIPE, facilitateur=200 if voit else 403)
        lignes[f"{racine}add/"] = Ligne(**HORS_EQUIPE, facilitateur=200 if ajoute else 403)
        # Objet inexistant : renvoi vers l'accueil de l'administration (302) si le rôle a le droit, 403 sinon.
        # (L'historique cherche l'objet avant les droits : 302 pour tout membre de l'équipe.)
        for suffixe, droit in (("history/", True), ("change/", voit), ("delete/", _peut("delete", cle))):
            attendu = (
                SUPPRESSION_DETOURNEE.get(cle, 302) if suffixe == "delete/" and cle in SUPPRESSION_DETOURNEE else None
            )
            lignes[f"{racine}<path:object_id>/{suffixe}"] = Ligne(
                params=lambda monde: OBJET_INCONNU, **HORS_EQUIPE, facilitateur=attendu or (302 if droit else 403)
            )
        # L'ancienne adresse d'une fiche renvoie vers `…/change/`.
        lignes[f"{racine}<path:object_id>/"] = Ligne(
            params=lambda monde: OBJET_INCONNU, **HORS_EQUIPE, facilitateur=302
        )
    return lignes


LIGNES = _lignes()
