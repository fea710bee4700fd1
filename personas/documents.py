"""Les PDF des personas, déclarés auprès de l'app documents (importé au démarrage par `DocumentsConfig.ready`).

- `personas.lettre` (objet : la lettre) : la lettre d'interpellation en courrier administratif A4 — en-tête de
  l'expérimentation, lieu et date en français, objet, corps, signature du persona, irritants cités en notes de bas
  de page. Visible de tous quand le persona est publié (des facilitateurs sinon) ; seuls les facilitateurs la
  (re)génèrent.
- `personas.dossier` (objet : l'expérimentation) : les personas publiés et leurs lettres, en un seul PDF. Il ne
  contient que du public : tout le monde le voit, et le demander ne refait le PDF que si son contenu a changé.

Le contenu ne dépend que des objets (jamais de l'heure) et toujours de ce que le public peut voir : un irritant en
brouillon reste « en cours de consolidation », un verbatim qui n'est plus publiable disparaît. Le Markdown passe
par `documents.markdown.markdown_sur` : aucun HTML d'utilisateur n'atteint WeasyPrint.
"""

from django.core.exceptions import ObjectDoesNotExist

from documents.markdown import markdown_sur
from documents.registre import Contenu, source, tout_le_monde
from experimentations.models import Experimentation
from personas import selectors
from personas.models import LettreInterpellation, Persona

SOURCE_LETTRE = "personas.lettre"
SOURCE_DOSSIER = "personas.dossier"
PIED = [
    "Document produit par la plateforme Carte Blanche.",
    "Un persona est un personnage fictif qui représente des usagers aux difficultés semblables.",
]


def _identifiant(objet_id) -> int:
    if not str(objet_id).isdigit():
        raise ObjectDoesNotExist(objet_id)
    return int(objet_id)


def lettre_visible(user, objet_id) -> bool:
    """La lettre d'un persona publié se voit de tous ; celle d'un brouillon, des seuls facilitateurs."""
    if not str(objet_id).isdigit():
        return False
    persona = Persona.objects.filter(lettre__pk=int(objet_id)).only("pk", "statut").first()
    return persona is not None and user.has_perm("personas.voir_persona", persona)


def entete(experimentation: Experimentation) -> dict:
    return {
        "emetteur": experimentation.commanditaire,
        "service": "Expérimentation Carte Blanche",
        "experimentation": experimentation.nom,
        "adresse": PIED,
    }


def note(cite: selectors.IrritantCite) -> str:
    """Le texte d'une note : l'irritant et ce qui le fonde, ou rien de ce qu'un brouillon dirait."""
    irritant = cite.irritant
    if irritant is None:
        return "Irritant en cours de consolidation par l'équipe du diagnostic."
    nb_sources = irritant.nb_entretiens + irritant.nb_immersions + irritant.nb_observations_terrain
    return (
        f"« {irritant.titre} » — irritant du diagnostic de terrain, fondé sur {irritant.nb_observations} "
        f"observation{'s' if irritant.nb_observations > 1 else ''} issue{'s' if irritant.nb_observations > 1 else ''} "
        f"de {nb_sources} source{'s' if nb_sources > 1 else ''} distincte{'s' if nb_sources > 1 else ''}."
    )


def lettre_contexte(lettre: LettreInterpellation) -> dict:
    persona = lettre.persona
    cites = selectors.irritants_cites(lettre, voir_tout=False, annotes=True)
    return {
        "lettre": lettre,
        "persona": persona,
        "corps": markdown_sur(lettre.corps, notes={str(cite.rang): note(cite) for cite in cites}),
        "cites": cites,
    }


@source(SOURCE_LETTRE, voir=lettre_visible, demander="personas.gerer")
def lettre_pdf(objet_id: str) -> Contenu:
    lettre = LettreInterpellation.objects.select_related(
        "persona__experimentation__territoire", "persona__commune"
    ).get(pk=_identifiant(objet_id))
    persona = lettre.persona
    experimentation = persona.experimentation
    return Contenu(
        titre=f"Lettre d'interpellation de {persona.prenom}",
        nom_fichier=f"lettre-{persona.slug}.pdf",
        gabarit="personas/pdf/lettre.html",
        contexte={
            **lettre_contexte(lettre),
            "experimentation": experimentation,
            "entete": entete(experimentation),
            "lieu": persona.commune.nom,
            "date": lettre.date_lettre,
        },
    )


@source(SOURCE_DOSSIER, voir=tout_le_monde, demander=tout_le_monde)
def dossier_pdf(objet_id: str) -> Contenu:
    experimentation = Experimentation.objects.select_related("territoire").get(pk=_identifiant(objet_id))
    personas = selectors.personas_liste(experimentation, voir_tout=False)
    lettres = {
        lettre.persona_id: lettre
        for lettre in LettreInterpellation.objects.filter(persona__in=personas).select_related("persona__commune")
    }
    fiches = []
    for persona in personas:
        lettre = lettres.get(persona.pk)
        fiches.append({**(lettre_contexte(lettre) if lettre else {"lettre": None}), "persona": persona})
    return Contenu(
        titre=f"Les personas et leurs lettres — {experimentation.nom}",
        nom_fichier=f"personas-{experimentation.slug}.pdf",
        gabarit="personas/pdf/dossier.html",
        contexte={"experimentation": experimentation, "entete": entete(experimentation), "fiches": fiches},
    )
