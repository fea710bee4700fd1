"""Pages publiques : la liste des personas publiés, la page d'un persona, sa lettre et sa vue d'impression.

Un persona en brouillon répond 404 au public (comme un persona qui n'existe pas) ; un facilitateur le voit.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from commun.fil_ariane import fil_ariane
from documents import selectors as documents_selectors
from documents import services as documents_services
from documents.enums import EtatDocument
from documents.markdown import markdown_sur
from experimentations.navigation import experimentation_demandee
from personas import selectors
from personas.documents import SOURCE_DOSSIER, SOURCE_LETTRE

PERSONA_INTROUVABLE = "Ce persona n'existe pas, ou il n'est pas publié."


def fil(*parents: tuple[str, str], courant: str, persona=None) -> dict:
    """Le fil d'Ariane d'une page des personas : Accueil › Personas [› le persona] [› …] › page courante."""
    racine = [("Personas", reverse("personas:liste"))]
    if persona is not None:
        racine.append((persona.prenom, persona.get_absolute_url()))
    return fil_ariane(*racine, *parents, courant=courant)


def voir_tout(request) -> bool:
    return request.user.has_perm("personas.voir_tout")


@require_safe
def liste(request):
    experimentations, experimentation = experimentation_demandee(request)
    tout = voir_tout(request)
    personas = selectors.personas_liste(experimentation, voir_tout=tout) if experimentation else []
    context = {
        "experimentations": experimentations,
        "experimentation": experimentation,
        "voir_tout": tout,
        "personas": personas,
        "breadcrumb_data": fil_ariane(courant="Personas"),
        "fil_rouge": [persona for persona in personas if persona.fil_rouge],
        "autres": [persona for persona in personas if not persona.fil_rouge],
        "nb_publies": sum(1 for persona in personas if persona.est_publie),
        "parametre": f"?experimentation={experimentation.slug}"
        if experimentation and experimentations and experimentation != experimentations[0]
        else "",
    }
    return render(request, "personas/liste.html", context)


@require_safe
def detail(request, slug):
    tout = voir_tout(request)
    vue = selectors.persona_vue(slug, voir_tout=tout)
    if vue is None:
        raise Http404(PERSONA_INTROUVABLE)
    context = {
        "vue": vue,
        "persona": vue.persona,
        "voir_tout": tout,
        "breadcrumb_data": fil(courant=vue.persona.prenom),
    }
    if tout:
        context["journal"] = selectors.journal_persona(vue.persona, limite=8)
    return render(request, "personas/detail.html", context)


def _lettre(request, slug):
    tout = voir_tout(request)
    vue = selectors.lettre_vue(slug, voir_tout=tout)
    if vue is None:
        raise Http404("Ce persona n'a pas de lettre publiée, ou il n'est pas publié.")
    corps = markdown_sur(vue.lettre.corps, notes=selectors.notes_web(vue.cites))
    return {"vue": vue, "persona": vue.persona, "lettre": vue.lettre, "corps": corps, "voir_tout": tout}


@require_safe
def lettre(request, slug):
    tout = voir_tout(request)
    if tout and (persona := selectors.persona_lire(slug, voir_tout=True)) and not selectors.a_une_lettre(persona):
        return redirect("personas:lettre_modifier", slug=slug)
    context = _lettre(request, slug)
    # Le public ne voit le bloc du PDF que lorsqu'un PDF existe ; un facilitateur peut le générer.
    context["document"] = documents_selectors.document_pour(source=SOURCE_LETTRE, objet_id=context["lettre"].pk)
    context["source_pdf"] = SOURCE_LETTRE
    context["breadcrumb_data"] = fil(courant="Sa lettre", persona=context["persona"])
    return render(request, "personas/lettre.html", context)


@require_safe
def lettre_imprimer(request, slug):
    return render(request, "personas/lettre_impression.html", _lettre(request, slug))


@require_safe
def dossier(request):
    """Le dossier PDF des personas publiés (adresse stable `/personas/dossier.pdf`).

    Prêt et à jour : redirection vers le fichier. Sinon, la demande est mise en file (rien n'est refait si le
    contenu n'a pas changé) et la page d'attente montre l'état, mis à jour par htmx jusqu'à « prêt ».
    """
    experimentations, experimentation = experimentation_demandee(request)
    if experimentation is None:
        raise Http404("Aucune expérimentation n'est encore ouverte.")
    document = documents_services.document_demander(
        source=SOURCE_DOSSIER, objet_id=experimentation.pk, acteur=request.user
    )
    document.refresh_from_db()
    if document.etat == EtatDocument.PRET and document.disponible:
        return redirect(document.url_fichier)
    context = {
        "experimentation": experimentation,
        "document": document,
        "source_pdf": SOURCE_DOSSIER,
        "breadcrumb_data": fil(courant="Dossier PDF"),
    }
    return render(request, "personas/dossier.html", context)
