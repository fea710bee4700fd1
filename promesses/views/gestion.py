"""Les écritures du suivi : le porteur met à jour sa promesse (compte ou lien personnel), les facilitateurs
importent un CSV. Vues minces : les règles sont dans les services et `promesses/rules.py`."""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from commun.fil_ariane import fil_ariane
from commun.permissions import connexion_requise, permission_requise, refus
from promesses import selectors, services
from promesses.forms import ImportCsvForm, PointAvancementForm
from promesses.models import Promesse
from promesses.temps import date_reference

LIEN_INCONNU = (
    "Ce lien de mise à jour n'existe pas ou n'est plus valable : demandez-en un nouveau à l'équipe d'animation."
)


def _erreurs_vers_formulaire(form, exc: ValidationError) -> None:
    for champ, messages_champ in exc.message_dict.items():
        for message in messages_champ:
            form.add_error(champ if champ in form.fields else None, message)


def _mise_a_jour(request, promesse: Promesse, *, jeton: str | None, action: str):
    form = PointAvancementForm(
        request.POST or None,
        request.FILES or None,
        initial={"avancement": promesse.avancement, "statut": promesse.statut_declare, "date": date_reference()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.point_avancement_ajouter(
                acteur=request.user if jeton is None else AnonymousUser(),
                promesse=promesse,
                jeton=jeton,
                **{cle: valeur for cle, valeur in form.cleaned_data.items() if valeur not in (None, "")},
            )
        except ValidationError as exc:
            _erreurs_vers_formulaire(form, exc)
        else:
            messages.success(request, "Point d'avancement enregistré : il est publié sur le tableau de bord.")
            return redirect(action)
    par_lien = jeton is not None
    context = {
        "form": form,
        "promesse": promesse,
        "action": action,
        "par_lien": par_lien,
        "points": list(promesse.points.all()[:5]),
        # Par le lien : les autres promesses publiques de la même structure, sans leur lien personnel (voir le
        # sélecteur) ; le compte éventuellement connecté n'y change rien (le lien ne vaut que pour sa promesse).
        "autres_promesses": selectors.autres_promesses_publiques(promesse) if par_lien else [],
        # Connecté en ouvrant un lien personnel : le point sera signé du porteur, pas du compte ; on le dit.
        "compte_peut_mettre_a_jour": par_lien
        and request.user.is_authenticated
        and request.user.has_perm("promesses.mettre_a_jour", promesse),
        "breadcrumb_data": fil_ariane(
            ("Promesses", reverse("promesses:tableau")),
            (promesse.titre, promesse.get_absolute_url()),
            courant="Mettre à jour",
        ),
    }
    return render(request, "promesses/mise_a_jour.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def mettre_a_jour(request, pk):
    if not request.user.is_authenticated:
        return connexion_requise(request)
    publique = selectors.promesses_publiques().filter(pk=pk).first()
    promesse = publique or Promesse.objects.suivies().filter(pk=pk).first()
    if promesse is None:
        raise Http404("Cette promesse n'existe pas.")
    if not request.user.has_perm("promesses.mettre_a_jour", promesse):
        if publique is None:
            # Une promesse que le public ne voit pas n'existe pas pour qui ne peut pas la mettre à jour (404).
            raise Http404("Cette promesse n'existe pas.")
        raise PermissionDenied(refus("promesses.mettre_a_jour"))
    return _mise_a_jour(request, promesse, jeton=None, action=reverse("promesses:mettre_a_jour", args=[pk]))


@never_cache
@require_http_methods(["GET", "POST"])
def lien(request, jeton):
    promesse = Promesse.objects.suivies().select_related("engagement").filter(jeton=jeton).first()
    if promesse is None or not promesse.jeton_valide():
        raise Http404(LIEN_INCONNU)
    reponse = _mise_a_jour(request, promesse, jeton=jeton, action=reverse("promesses:lien", args=[jeton]))
    reponse["Referrer-Policy"] = "same-origin"  # le jeton (dans l’adresse) ne part pas vers un site tiers
    return reponse


@never_cache
@require_http_methods(["GET"])
def mes_promesses(request):
    """Les promesses dont le compte connecté est porteur (`Promesse.comptes_porteurs`) ; un facilitateur y voit
    les siennes, et un lien vers toutes (il peut toutes les mettre à jour)."""
    if not request.user.is_authenticated:
        return connexion_requise(request)
    jour = date_reference()
    context = {
        "lignes": selectors.mes_promesses(request.user, jour),
        "jour": jour,
        "facilitateur": request.user.has_perm("promesses.gerer"),
        "breadcrumb_data": fil_ariane(("Promesses", reverse("promesses:tableau")), courant="Mes promesses"),
    }
    return render(request, "promesses/mes_promesses.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@permission_requise("promesses.gerer")
def importer(request):
    form = ImportCsvForm(request.POST or None, request.FILES or None)
    rapport = None
    if request.method == "POST" and form.is_valid():
        rapport = services.points_importer_csv(acteur=request.user, contenu=form.cleaned_data["fichier"].read())
        if rapport.applique:
            messages.success(request, f"{len(rapport.lignes)} point(s) d'avancement importé(s).")
    context = {
        "form": form,
        "rapport": rapport,
        "breadcrumb_data": fil_ariane(("Promesses", reverse("promesses:tableau")), courant="Importer un CSV"),
    }
    return render(request, "promesses/import.html", context)
