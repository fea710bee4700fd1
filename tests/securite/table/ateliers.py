"""Séminaire, ateliers, lettres d'engagement, vote, co-construction et laboratoire.

Le monde : un séminaire publié (choix ouvert) de l'expérimentation, l'atelier du persona animé par l'agent (sa
lettre d'engagement, deux engagements), un participant et son lien, une équipe NON publiée dont l'agent est
membre (avec un cycle non publié), une session du laboratoire NON publiée, une session publiée et une inscription
(son lien), un séminaire NON publié (un atelier animé par l'agent, un participant).
Ce qui n'est pas publié répond 404 à qui ne le gère pas. Les variantes (lien faux, révoqué, expiré ; séminaire
non publié ; session et équipe publiées ; engagement d'un autre atelier) sont dans `VARIANTES`, vérifiées par
`tests/securite/test_liens_personnels.py` (la table n'a qu'une ligne par motif).

Les liens personnels (participant, inscription, écran de salle) : le jeton est le droit d'entrer, la réponse ne
dépend pas du compte ; un jeton faux répond 404.
"""

import datetime

from django.utils import timezone

from tests.securite.table import CONNEXION, ROLES, Ligne, partout

FAUX = "jeton-faux-0000000000000000000000"

GERER = {"anonyme": CONNEXION, "participant": 403, "agent": 403, "autre_agent": 403, "facilitateur": 200}
# L'animateur de l'atelier (l'agent) et les facilitateurs écrivent la lettre ; la page de l'atelier est publique.
ECRIRE = {"anonyme": CONNEXION, "participant": 403, "agent": 200, "autre_agent": 403, "facilitateur": 200}
# L'équipe non publiée : ses membres (l'agent) et les facilitateurs la voient, les autres reçoivent 404 (IDOR).
EQUIPE = {"anonyme": 404, "participant": 404, "agent": 200, "autre_agent": 404, "facilitateur": 200}
# Les vues en POST seul vérifient la méthode avant les droits : GET répond 405 à tous (rien n'est révélé).
POST_SEUL = dict.fromkeys(ROLES, 405)
# Une session, un séminaire non publiés : les facilitateurs seulement.
NON_PUBLIEE = {"anonyme": 404, "participant": 404, "agent": 404, "autre_agent": 404, "facilitateur": 200}


def _avec(base: dict, **changes) -> dict:
    return {**base, **changes}


def preparer(monde):
    from ateliers import services
    from ateliers.models import Cycle, LettreEngagement, MembreEquipe
    from tests.ateliers.factories import (
        AtelierFactory,
        EquipeFactory,
        InscriptionLaboFactory,
        ParticipantFactory,
        SeminaireFactory,
        SessionLaboFactory,
    )

    if hasattr(monde, "seminaire"):
        return
    moi = monde.utilisateurs["agent"]
    seminaire = SeminaireFactory(experimentation=monde.experimentation, slug="seminaire-cahors", publie=True)
    atelier = AtelierFactory(seminaire=seminaire, persona=monde.persona, animateur=moi)
    services.lettre_engagement_enregistrer(acteur=moi, atelier=atelier, introduction="Chère Roseline, …")
    champs = {"description": "Sur rendez-vous.", "porteur_libre": "Mairie de Cahors"}
    engagement, _ = services.engagement_enregistrer(acteur=moi, atelier=atelier, titre="Un agent vient", **champs)
    # Un second engagement, retiré par la ligne « retirer » (la promesse du premier reste suivie).
    a_retirer, _ = services.engagement_enregistrer(acteur=moi, atelier=atelier, titre="À retirer", **champs)
    engagement.retenu, engagement.ordre_retenu = True, 1
    engagement.save()
    equipe = EquipeFactory(engagement=engagement, slug="equipe-roseline", publiee=False)
    MembreEquipe.objects.create(equipe=equipe, nom="L'agent", origine="agent", compte=moi)
    # Un membre relié à un autre compte : seul un facilitateur le retire (l'agent, membre, reçoit 403).
    from tests.comptes.factories import UserFactory

    monde.membre_a_retirer = MembreEquipe.objects.create(
        equipe=equipe, nom="Membre à retirer", origine="encadrant", compte=UserFactory()
    )
    cycle = Cycle.objects.create(
        equipe=equipe,
        numero=1,
        date_debut=seminaire.date,
        date_fin=seminaire.date,
        objectif="Tester une permanence itinérante.",
        publie=False,
    )
    equipe_publiee = EquipeFactory(engagement__lettre__atelier__seminaire=seminaire, publiee=True)
    session = SessionLaboFactory(experimentation=monde.experimentation, publiee=False)
    session_publiee = SessionLaboFactory(experimentation=monde.experimentation, publiee=True)
    brouillon = SeminaireFactory(experimentation=monde.experimentation, slug="seminaire-brouillon", publie=False)
    atelier_brouillon = AtelierFactory(seminaire=brouillon, animateur=moi)
    LettreEngagement.objects.create(atelier=atelier_brouillon, introduction="Brouillon.")
    monde.seminaire_brouillon = brouillon
    monde.atelier_brouillon = atelier_brouillon
    monde.participant_brouillon = ParticipantFactory(seminaire=brouillon)
    monde.seminaire = seminaire
    monde.atelier = atelier
    monde.lettre_engagement = LettreEngagement.objects.get(atelier=atelier)
    monde.engagement = engagement
    monde.engagement_a_retirer = a_retirer
    monde.participant = ParticipantFactory(seminaire=seminaire)
    hier = timezone.now() - datetime.timedelta(days=1)
    monde.participant_revoque = ParticipantFactory(seminaire=seminaire, jeton_revoque_le=hier)
    monde.participant_expire = ParticipantFactory(seminaire=seminaire, jeton_expire_le=hier)
    monde.equipe = equipe
    monde.cycle = cycle
    monde.equipe_publiee = equipe_publiee
    monde.session = session
    monde.session_publiee = session_publiee
    monde.inscription = InscriptionLaboFactory(session=session_publiee)


def _seminaire(monde):
    return {"slug": monde.seminaire.slug}


def _atelier(monde):
    return {"slug": monde.seminaire.slug, "pk": monde.atelier.pk}


def _engagement(monde, engagement=None):
    engagement = engagement or monde.engagement
    return {"slug": monde.seminaire.slug, "pk": monde.atelier.pk, "engagement_pk": engagement.pk}


def _participant(monde):
    return {"jeton": monde.participant.jeton}


def _equipe(monde):
    return {"slug": monde.equipe.slug}


# Les POST du test sont vides : un formulaire `Form(request.POST or None)` reste non lié et la page revient (200).
LIGNES = {
    # Le séminaire publié : public.
    "seminaire/": partout(200, post=partout(405)),
    "seminaire/<slug:slug>/": partout(200, params=_seminaire, post=partout(405)),
    "seminaire/<slug:slug>/places/": partout(200, params=_seminaire),
    # Le lien du participant : le jeton ouvre la page à tous ; un POST sans atelier revient sur la page.
    "seminaire/invitation/<str:jeton>/": partout(200, params=_participant, post=partout(302)),
    "seminaire/invitation/<str:jeton>/places/": partout(200, params=_participant, post=partout(405)),
    # Le vote n'est pas ouvert : la page s'affiche ; un POST vide laisse le formulaire non lié (la page, 200).
    "seminaire/invitation/<str:jeton>/vote/": partout(200, params=_participant, post=partout(200)),
    # L'écran de salle : le jeton du séminaire (donné par les facilitateurs) ouvre la page.
    "seminaire/<slug:slug>/ecran/<str:jeton>/": partout(
        200, params=lambda monde: {"slug": monde.seminaire.slug, "jeton": monde.seminaire.jeton_ecran}
    ),
    # La gestion : facilitateurs.
    "seminaire/<slug:slug>/participants/": Ligne(params=_seminaire, **GERER, post=partout(405)),
    # Import sans fichier : 400 (la vue répond 400 à tout POST dont le formulaire n'est pas valide).
    "seminaire/<slug:slug>/participants/importer/": Ligne(
        params=_seminaire, **GERER, post=Ligne(**_avec(GERER, facilitateur=400))
    ),
    # Sans action, rien ne change : retour à la liste (302).
    "seminaire/<slug:slug>/participants/<int:pk>/": Ligne(
        params=lambda monde: {"slug": monde.seminaire.slug, "pk": monde.participant.pk},
        **POST_SEUL,
        post=Ligne(**_avec(GERER, facilitateur=302)),
    ),
    # Ouvrir ou fermer le choix et le vote (POST seul) : sans action, rien ne change ; retour aux participants.
    "seminaire/<slug:slug>/ouverture/": Ligne(
        params=_seminaire, **POST_SEUL, post=Ligne(**_avec(GERER, facilitateur=302))
    ),
    "seminaire/<slug:slug>/participants/courriels/": Ligne(
        params=_seminaire, **POST_SEUL, post=Ligne(**_avec(GERER, facilitateur=302))
    ),
    "seminaire/<slug:slug>/invitations.pdf": Ligne(params=_seminaire, **_avec(GERER, facilitateur=(200, 302))),
    # Le livret d'un séminaire publié : public (page d'attente, ou le fichier s'il est prêt).
    "seminaire/<slug:slug>/livret.pdf": partout((200, 302), params=_seminaire),
    "seminaire/<slug:slug>/resultats/": Ligne(params=_seminaire, **GERER, post=Ligne(**GERER)),
    # L'atelier et sa lettre d'engagement : publics pour un séminaire publié.
    "seminaire/<slug:slug>/ateliers/<int:pk>/": partout(200, params=_atelier, post=partout(405)),
    # À VÉRIFIER: la vue dit « le public ne déclenche pas la mise en page », mais la source `lettre_pdf` laisse
    # tout visiteur la demander (`demander=lettre_engagement_visible`) : un anonyme met le PDF en préparation (200).
    "seminaire/<slug:slug>/ateliers/<int:pk>/lettre.pdf": partout((200, 302), params=_atelier),
    # Écrire la lettre : son animateur (l'agent) et les facilitateurs.
    "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/": Ligne(params=_atelier, **ECRIRE, post=Ligne(**ECRIRE)),
    "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/versions/": Ligne(params=_atelier, **ECRIRE),
    "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/versions/<int:numero>/restaurer/": Ligne(
        params=lambda monde: {"slug": monde.seminaire.slug, "pk": monde.atelier.pk, "numero": 1},
        **POST_SEUL,
        post=Ligne(**_avec(ECRIRE, agent=302, facilitateur=302)),
    ),
    # Engagements (POST seul) : un formulaire vide revient à la lettre avec le message d'erreur (302).
    "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/nouveau/": Ligne(
        params=_atelier,
        **POST_SEUL,
        post=Ligne(**_avec(ECRIRE, agent=302, facilitateur=302)),
    ),
    "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/<int:engagement_pk>/": Ligne(
        params=_engagement,
        **POST_SEUL,
        post=Ligne(**_avec(ECRIRE, agent=302, facilitateur=302)),
    ),
    "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/<int:engagement_pk>/retirer/": Ligne(
        params=lambda monde: _engagement(monde, monde.engagement_a_retirer),
        **POST_SEUL,
        post=Ligne(**_avec(ECRIRE, agent=302, facilitateur=302)),
    ),
    # La co-construction : la liste est publique (les équipes non publiées n'y sont que pour les facilitateurs).
    "equipes/": partout(200, post=partout(405)),
    "equipes/<slug:slug>/": Ligne(params=_equipe, **EQUIPE),
    # Ajouter un cycle (POST seul) : un formulaire vide revient à la page de l'équipe (302).
    "equipes/<slug:slug>/cycles/": Ligne(
        params=_equipe,
        **POST_SEUL,
        post=Ligne(**_avec(EQUIPE, agent=302, facilitateur=302)),
    ),
    # Composer l'équipe (POST seul) : ses membres et les facilitateurs ; un formulaire vide revient à la page (302).
    "equipes/<slug:slug>/membres/": Ligne(
        params=_equipe,
        **POST_SEUL,
        post=Ligne(**_avec(EQUIPE, agent=302, facilitateur=302)),
    ),
    # Retirer un membre relié à un compte : les facilitateurs seulement (l'agent, membre, reçoit 403).
    "equipes/<slug:slug>/membres/<int:pk>/retirer/": Ligne(
        params=lambda monde: {"slug": monde.equipe.slug, "pk": monde.membre_a_retirer.pk},
        **POST_SEUL,
        post=Ligne(**_avec(EQUIPE, agent=403, facilitateur=302)),
    ),
    # La page du cycle : un POST sans « quoi » est un formulaire inconnu (404).
    "equipes/<slug:slug>/cycles/<int:numero>/": Ligne(
        params=lambda monde: {"slug": monde.equipe.slug, "numero": monde.cycle.numero},
        **EQUIPE,
        post=Ligne(**_avec(EQUIPE, agent=404, facilitateur=404)),
    ),
    # Publier (POST seul, facilitateurs) : l'équipe déjà non publiée le reste ; retour à la liste.
    "co-construction/publier/<str:quoi>/<int:pk>/": Ligne(
        params=lambda monde: {"quoi": "equipe", "pk": monde.equipe.pk},
        **POST_SEUL,
        post=Ligne(**_avec(GERER, facilitateur=302)),
    ),
    # Le laboratoire : la liste est publique ; une session non publiée n'existe que pour les facilitateurs.
    "laboratoire/": partout(200, post=partout(405)),
    "laboratoire/<int:pk>/": Ligne(
        params=lambda monde: {"pk": monde.session.pk},
        **NON_PUBLIEE,
        post=Ligne(**NON_PUBLIEE),
    ),
    # Programmer et modifier une séance, voir ses inscrits : les facilitateurs (un POST vide laisse le formulaire
    # non lié : la page revient, 200).
    "laboratoire/nouvelle/": Ligne(**GERER, post=Ligne(**GERER)),
    "laboratoire/<int:pk>/modifier/": Ligne(
        params=lambda monde: {"pk": monde.session.pk}, **GERER, post=Ligne(**GERER)
    ),
    # Le calendrier ne sert que les sessions publiées, même aux facilitateurs.
    "laboratoire/<int:pk>/calendrier.ics": partout(404, params=lambda monde: {"pk": monde.session.pk}),
    # Le lien d'inscription : le jeton ouvre la page ; POST annule (idempotent) et revient sur la page.
    "laboratoire/inscription/<str:jeton>/": partout(
        200, params=lambda monde: {"jeton": monde.inscription.jeton_annulation}, post=partout(302)
    ),
}


def _brouillon(monde):
    return {"slug": monde.seminaire_brouillon.slug}


def _atelier_brouillon(monde):
    return {"slug": monde.seminaire_brouillon.slug, "pk": monde.atelier_brouillon.pk}


# Variantes d'un motif déjà décrit (même clé que LIGNES) : un autre objet ou un lien faux.
VARIANTES = [
    # Un séminaire non publié : les facilitateurs seulement ; pour les autres il n'existe pas (404).
    ("seminaire/<slug:slug>/", Ligne(params=_brouillon, **NON_PUBLIEE)),
    ("seminaire/<slug:slug>/places/", Ligne(params=_brouillon, **NON_PUBLIEE)),
    ("seminaire/<slug:slug>/livret.pdf", Ligne(params=_brouillon, **_avec(NON_PUBLIEE, facilitateur=(200, 302)))),
    ("seminaire/<slug:slug>/ateliers/<int:pk>/", Ligne(params=_atelier_brouillon, **NON_PUBLIEE)),
    (
        "seminaire/<slug:slug>/ateliers/<int:pk>/lettre.pdf",
        Ligne(params=_atelier_brouillon, **_avec(NON_PUBLIEE, facilitateur=(200, 302))),
    ),
    # À VÉRIFIER: l'animateur (l'agent) ne peut pas écrire la lettre de son atelier tant que le séminaire n'est pas
    # publié (404, `seminaire_lire`) ; sans doute voulu (le séminaire est publié avant les ateliers).
    ("seminaire/<slug:slug>/ateliers/<int:pk>/lettre/", Ligne(params=_atelier_brouillon, **NON_PUBLIEE)),
    # Le lien d'un participant ouvre sa page même avant la publication (le jeton est le droit d'entrer).
    (
        "seminaire/invitation/<str:jeton>/",
        partout(200, params=lambda monde: {"jeton": monde.participant_brouillon.jeton}),
    ),
    # L'écran de salle d'un séminaire non publié : son jeton suffit.
    (
        "seminaire/<slug:slug>/ecran/<str:jeton>/",
        partout(200, params=lambda monde: {**_brouillon(monde), "jeton": monde.seminaire_brouillon.jeton_ecran}),
    ),
    ("seminaire/invitation/<str:jeton>/", partout(404, params=lambda monde: {"jeton": FAUX}, post=partout(404))),
    ("seminaire/invitation/<str:jeton>/places/", partout(404, params=lambda monde: {"jeton": FAUX})),
    ("seminaire/invitation/<str:jeton>/vote/", partout(404, params=lambda monde: {"jeton": FAUX}, post=partout(404))),
    (
        "seminaire/<slug:slug>/ecran/<str:jeton>/",
        partout(404, params=lambda monde: {"slug": monde.seminaire.slug, "jeton": FAUX}),
    ),
    # Le jeton d'un participant n'ouvre pas l'écran de salle.
    (
        "seminaire/<slug:slug>/ecran/<str:jeton>/",
        partout(404, params=lambda monde: {"slug": monde.seminaire.slug, "jeton": monde.participant.jeton}),
    ),
    # Un lien révoqué ou expiré ne mène à rien non plus.
    (
        "seminaire/invitation/<str:jeton>/",
        partout(404, params=lambda monde: {"jeton": monde.participant_revoque.jeton}, post=partout(404)),
    ),
    (
        "seminaire/invitation/<str:jeton>/vote/",
        partout(404, params=lambda monde: {"jeton": monde.participant_expire.jeton}, post=partout(404)),
    ),
    # IDOR : l'engagement d'un autre atelier, par l'adresse de l'atelier de l'agent, n'existe pas (404).
    (
        "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/<int:engagement_pk>/",
        Ligne(
            params=lambda monde: _engagement(monde, monde.equipe_publiee.engagement),
            **POST_SEUL,
            post=Ligne(**_avec(ECRIRE, agent=404, facilitateur=404)),
        ),
    ),
    # L'atelier d'un autre animateur : l'agent n'y écrit pas (403, la page de l'atelier est publique).
    (
        "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/",
        Ligne(
            params=lambda monde: {
                "slug": monde.seminaire.slug,
                "pk": monde.equipe_publiee.engagement.lettre.atelier_id,
            },
            **_avec(ECRIRE, agent=403),
            post=Ligne(**_avec(ECRIRE, agent=403)),
        ),
    ),
    ("laboratoire/inscription/<str:jeton>/", partout(404, params=lambda monde: {"jeton": FAUX}, post=partout(404))),
    # Publiées : tout le monde les voit ; seuls les membres (aucun ici) et les facilitateurs modifient.
    ("equipes/<slug:slug>/", partout(200, params=lambda monde: {"slug": monde.equipe_publiee.slug})),
    (
        "equipes/<slug:slug>/cycles/",
        Ligne(
            params=lambda monde: {"slug": monde.equipe_publiee.slug},
            post=Ligne(anonyme=CONNEXION, participant=403, agent=403, autre_agent=403, facilitateur=302),
            **POST_SEUL,
        ),
    ),
    (
        "laboratoire/<int:pk>/",
        partout(200, params=lambda monde: {"pk": monde.session_publiee.pk}, post=partout(200)),
    ),
    ("laboratoire/<int:pk>/calendrier.ics", partout(200, params=lambda monde: {"pk": monde.session_publiee.pk})),
]
