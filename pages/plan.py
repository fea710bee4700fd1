"""Le plan du site, construit à partir des adresses réelles plutôt que tenu à la main.

- Les pages sans paramètre sont lues dans le résolveur d'URL (`get_resolver`) : une page publique
  ajoutée dans un `urls.py` apparaît ici dès qu'elle a un libellé dans `LIBELLES` ; un test
  (tests/pages/test_plan.py) échoue si une page publique n'a ni libellé ni place dans `EXCLUES`.
- Les pages à paramètre (communes, irritants publiés, personas publiés) sont lues en base,
  une requête par liste.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pages.contenus import PAGES

# Nom d'URL → (section, libellé). L'ordre des sections est celui de SECTIONS.
LIBELLES = {
    "accueil": ("site", "Accueil"),
    "territoire:index": ("site", "Le territoire et ses communes"),
    "irritants:synthese": ("site", "Les irritants du diagnostic"),
    "personas:liste": ("site", "Les personas"),
    "personas:dossier": ("site", "Le dossier des personas (PDF)"),
    "ateliers:seminaire_courant": ("site", "Le séminaire du 7 février 2018 et ses ateliers"),
    "ateliers:equipes": ("site", "La co-construction : les trois équipes et leurs cycles"),
    "ateliers:laboratoire": ("site", "Les séances du laboratoire, ouvertes au public"),
    "promesses:tableau": ("site", "Le tableau de bord des promesses"),
    "promesses:donnees": ("site", "Les données ouvertes des promesses (colonnes, licence)"),
    "promesses:export_csv": ("site", "Les promesses en CSV"),
    "promesses:export_points_csv": ("site", "Les points d'avancement en CSV"),
    "promesses:export_json": ("site", "Les promesses en JSON"),
    "promesses:flux": ("site", "Le fil d'actualité des promesses (Atom)"),
    "api-docs": ("site", "Documentation de l'API"),
    "api-schema": ("site", "Schéma OpenAPI de l'API (fichier YAML)"),
    "login": ("espace", "Se connecter"),
    "password_reset": ("espace", "Mot de passe oublié"),
    "pages:espace_participant": ("espace", "Espace des participants (après connexion)"),
    "terrain:accueil": ("espace", "Saisie de terrain, pour les agents (après connexion)"),
    "observations:liste": ("espace", "Observations, pour les facilitateurs (après connexion)"),
    "terrain:observation_nouvelle": ("espace", "Noter une observation, pour les agents (après connexion)"),
    "terrain:entretiens": ("espace", "Entretiens collectifs, pour l'équipe (après connexion)"),
    "terrain:immersions": ("espace", "Immersions, pour l'équipe (après connexion)"),
    "irritants:codage": ("espace", "Codage des observations, pour les facilitateurs (après connexion)"),
    "irritants:journal": ("espace", "Journal du codage, pour les facilitateurs (après connexion)"),
    "promesses:mes_promesses": ("espace", "Mes promesses, pour les porteurs (après connexion)"),
    "ateliers:session_nouvelle": ("espace", "Programmer une séance du laboratoire (facilitateurs)"),
    "pages:plan": ("informations", "Plan du site"),
    **{page.url_name: ("informations", page.titre) for page in PAGES},
}

# Pages sans paramètre qui n'ont pas leur place dans un plan : étapes d'un parcours, actions, services
# techniques, points d'accès de l'API (« -list », décrits par la documentation de l'API).
EXCLUES_PREFIXES = ("admin:", "api-root", "documents:")
EXCLUES_SUFFIXES = ("-list",)
EXCLUES = {
    "observations:export",
    "terrain:communes_recherche",
    "terrain:service_worker",
    "irritants:fusion",
    "personas:creer",
    "promesses:importer",
    "sante",
    "apres_connexion",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "terrain:hors_ligne",
}

SECTIONS = (
    ("site", "Le site"),
    ("espace", "Les espaces de travail"),
    ("informations", "Informations"),
)


@dataclass
class Entree:
    libelle: str
    url: str
    enfants: list["Entree"] = field(default_factory=list)
    titre_enfants: str = ""


def noms_sans_parametre(resolver=None, prefixe: str = "", espace: str = "") -> list[str]:
    """Les noms d'URL (avec leur espace de noms) des adresses sans paramètre."""
    resolver = resolver or get_resolver()
    noms = []
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            if motif.pattern.regex.groups:
                continue
            sous_espace = espace
            if motif.namespace:
                sous_espace = f"{espace}{motif.namespace}:"
            noms.extend(noms_sans_parametre(motif, prefixe + str(motif.pattern), sous_espace))
        elif isinstance(motif, URLPattern) and motif.name and not motif.pattern.regex.groups:
            if "<" in str(motif.pattern) or "(?P" in str(motif.pattern):
                continue
            noms.append(espace + motif.name)
    return list(dict.fromkeys(noms))


def noms_a_classer() -> list[str]:
    """Les pages sans paramètre qui ne sont ni dans le plan ni exclues (le test veut une liste vide)."""
    return [
        nom
        for nom in noms_sans_parametre()
        if nom not in LIBELLES
        and nom not in EXCLUES
        and not nom.startswith(EXCLUES_PREFIXES)
        and not nom.endswith(EXCLUES_SUFFIXES)
    ]


def _enfants_dynamiques() -> dict[str, tuple[str, list[Entree]]]:
    """Les pages à paramètre, lues en base : une requête par liste (trois en tout)."""
    # Imports locaux : `pages` est au sommet de la chaîne, mais le plan se calcule à la demande.
    from irritants.models import Irritant
    from personas.models import Persona
    from territoire.models import Commune
    from territoire.selectors import territoire_principal

    enfants = {}
    territoire = territoire_principal()
    if territoire is not None:
        communes = (
            Commune.objects.filter(appartenances__territoire=territoire)
            .distinct()
            .only("code_insee", "nom")
            .order_by("nom")
        )
        enfants["territoire:index"] = (
            "Communes",
            [Entree(commune.nom, commune.get_absolute_url()) for commune in communes],
        )
    irritants = Irritant.objects.publies().only("pk", "titre").order_by("titre")
    enfants["irritants:synthese"] = ("Irritants publiés", [Entree(i.titre, i.get_absolute_url()) for i in irritants])
    personas = Persona.objects.publies().only("slug", "prenom").order_by("ordre", "prenom")
    enfants["personas:liste"] = ("Personas publiés", [Entree(p.prenom, p.get_absolute_url()) for p in personas])
    return enfants


def plan_du_site() -> list[tuple[str, list[Entree]]]:
    """[(titre de section, entrées)], chaque entrée avec ses pages filles quand elle en a."""
    presentes = set(noms_sans_parametre())
    enfants = _enfants_dynamiques()
    par_section: dict[str, list[Entree]] = {cle: [] for cle, _titre in SECTIONS}
    for nom, (section, libelle) in LIBELLES.items():
        if nom not in presentes:
            continue  # une app pas encore installée (ou retirée) : pas de lien mort
        titre_enfants, liste = enfants.get(nom, ("", []))
        par_section[section].append(Entree(libelle, reverse(nom), liste, titre_enfants))
    return [(titre, par_section[cle]) for cle, titre in SECTIONS if par_section[cle]]
