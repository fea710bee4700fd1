"""Les liens personnels sans compte : retrouver le participant d'un jeton, ou dire en français pourquoi le lien
ne marche pas (inconnu, révoqué, expiré, d'un autre séminaire). La vue répond alors 404 avec ce message."""

import secrets

from django.utils import timezone

from ateliers.models import Participant, Seminaire
from commun.validateurs import jour

JETON_INCONNU = (
    "Ce lien d'invitation n'existe pas. Vérifiez qu'il est complet (copiez-le en entier) ou demandez un nouveau "
    "lien à l'équipe d'animation."
)
JETON_REVOQUE = "Ce lien d'invitation a été désactivé par l'équipe d'animation. Demandez-lui un nouveau lien."
JETON_AUTRE_SEMINAIRE = "Ce lien d'invitation est celui d'un autre séminaire : il n'ouvre pas celui-ci."
ECRAN_INCONNU = "Ce lien d'écran de salle n'est pas valable pour ce séminaire. Demandez-le à l'équipe d'animation."


class JetonRefuse(Exception):
    """Le lien ne mène à rien ; `message` dit pourquoi, en français."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


RELATIONS_PAGE = ("seminaire__experimentation", "structure")


def participant_par_jeton(
    jeton: str, *, seminaire: Seminaire | None = None, maintenant=None, relations=RELATIONS_PAGE, lecture=None
) -> Participant:
    """Le participant du jeton, avec `relations` chargées (une requête) ; `JetonRefuse` sinon. `lecture` remplace
    la requête de départ : `services.choix_enregistrer` y lit le participant verrouillé, en une seule requête."""
    if not jeton or len(jeton) > 64:
        raise JetonRefuse(JETON_INCONNU)
    lecture = Participant.objects.select_related(*relations) if lecture is None else lecture
    participant = lecture.filter(jeton=jeton).first()
    if participant is None:
        raise JetonRefuse(JETON_INCONNU)
    if seminaire is not None and participant.seminaire_id != seminaire.pk:
        raise JetonRefuse(JETON_AUTRE_SEMINAIRE)
    maintenant = maintenant or timezone.now()
    if participant.jeton_revoque_le is not None:
        raise JetonRefuse(JETON_REVOQUE)
    if participant.jeton_expire_le is not None and maintenant >= participant.jeton_expire_le:
        raise JetonRefuse(
            f"Ce lien d'invitation a expiré le {jour(timezone.localtime(participant.jeton_expire_le))}. "
            "Demandez un nouveau lien à l'équipe d'animation."
        )
    return participant


def ecran_verifier(seminaire: Seminaire, jeton: str) -> None:
    """L'écran de salle s'ouvre avec le lien d'un facilitateur : le jeton de ce séminaire, comparé à temps
    constant."""
    if not jeton or not secrets.compare_digest(jeton.encode(), seminaire.jeton_ecran.encode()):
        raise JetonRefuse(ECRAN_INCONNU)
