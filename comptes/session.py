"""Les rôles de l'utilisateur connecté, gardés dans sa session.

L'en-tête affiche des liens selon le rôle sur chaque page : les relire en base à chaque requête
coûterait une requête par page. La session, elle, est déjà chargée pour authentifier l'utilisateur ;
on y range les rôles à la connexion. Ce n'est qu'un affichage : chaque vue vérifie les droits.
"""

from comptes.enums import Role

CLE = "carteblanche_roles"


def roles_memoriser(request, user) -> list[str]:
    roles = [role.value for role in Role if user.has_role(role)]
    request.session[CLE] = roles
    return roles


def roles_de_session(request) -> frozenset[str]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return frozenset()
    roles = request.session.get(CLE)
    if roles is None:  # session ouverte avant cette fonctionnalité : on calcule une fois
        roles = roles_memoriser(request, user)
    return frozenset(roles)
