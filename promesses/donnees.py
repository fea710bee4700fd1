"""Les données ouvertes des promesses : colonnes documentées une fois, lues par l'export CSV, l'export JSON et
la page qui les explique (`/promesses/donnees/`). Identifiants stables : ceux de la base, jamais réutilisés."""

from django.db.models import Prefetch

from irritants.models import Irritant

LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

COLONNES_PROMESSES = [
    ("id", "Identifiant stable de la promesse (celui de l'adresse /promesses/<id>/)."),
    ("experimentation", "Identifiant de l'expérimentation (par exemple cahors-2018)."),
    ("persona", "Identifiant du persona auquel répond la lettre d'engagement."),
    ("numero", "Numéro de la promesse dans sa lettre d'engagement."),
    ("titre", "Ce qui est promis."),
    ("porteur", "L'organisation responsable."),
    ("echeance", "Date d'échéance (AAAA-MM-JJ)."),
    ("retenue", "« oui » si la promesse fait partie des trois retenues au séminaire."),
    ("statut", "Code du statut : a_lancer, en_cours, tenue, partiellement_tenue, en_retard, abandonnee."),
    ("statut_libelle", "Le statut en toutes lettres."),
    ("avancement", "Avancement en pourcentage (0 à 100), celui du dernier point d'avancement."),
    ("derniere_mise_a_jour", "Date du dernier point d'avancement (vide s'il n'y en a pas)."),
    ("irritants", "Identifiants des irritants publiés auxquels elle répond, séparés par « | »."),
    ("url", "Adresse de la page publique de la promesse."),
]
COLONNES_POINTS = [
    ("id", "Identifiant stable du point d'avancement."),
    ("promesse_id", "Identifiant de la promesse."),
    ("date", "Date du point (AAAA-MM-JJ)."),
    ("avancement", "Avancement déclaré (0 à 100)."),
    ("statut", "Code du statut déclaré."),
    ("statut_libelle", "Le statut déclaré en toutes lettres."),
    ("commentaire", "Ce qui a changé, en quelques mots."),
    ("lien_preuve", "Lien vers une preuve publique (facultatif)."),
    ("auteur", "Qui a fait le point (organisation ou personne)."),
    ("enregistre_le", "Date et heure d'enregistrement (ISO 8601)."),
]


def avec_irritants(queryset):
    return queryset.prefetch_related(
        Prefetch("engagement__irritants", queryset=Irritant.objects.publies().only("pk"), to_attr="irritants_publies")
    )


def ligne_promesse(promesse, base_url: str = "") -> dict:
    engagement = promesse.engagement
    return {
        "id": promesse.pk,
        "experimentation": engagement.lettre.atelier.seminaire.experimentation.slug,
        "persona": engagement.lettre.atelier.persona.slug,
        "numero": engagement.numero,
        "titre": engagement.titre,
        "porteur": engagement.porteur,
        "echeance": engagement.echeance.isoformat(),
        "retenue": "oui" if engagement.retenu else "non",
        "statut": promesse.statut,
        "statut_libelle": promesse.get_statut_display(),
        "avancement": promesse.avancement,
        "derniere_mise_a_jour": promesse.derniere_mise_a_jour.isoformat() if promesse.derniere_mise_a_jour else "",
        "irritants": "|".join(str(i.pk) for i in getattr(engagement, "irritants_publies", [])),
        "url": base_url + promesse.get_absolute_url(),
    }


def ligne_point(point) -> dict:
    return {
        "id": point.pk,
        "promesse_id": point.promesse_id,
        "date": point.date.isoformat(),
        "avancement": point.avancement,
        "statut": point.statut,
        "statut_libelle": point.get_statut_display(),
        "commentaire": point.commentaire,
        "lien_preuve": point.lien_preuve,
        "auteur": point.auteur_nom,
        "enregistre_le": point.cree_le.isoformat(),
    }
