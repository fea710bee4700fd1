"""Les variantes de la table adresses × rôles : un lien personnel faux ou révoqué (404 pour tous), un autre objet
(publié, non publié) pour un motif déjà décrit. Les lignes sont les `VARIANTES` des modules de
`tests/securite/table/` : (motif, Ligne), le motif étant une clé de `LIGNES`."""

from django.test import Client

from tests.securite import test_urls_roles
from tests.securite.table import ROLES

monde = test_urls_roles.monde


def variantes() -> list:
    return [variante for module in test_urls_roles.modules_de_table() for variante in getattr(module, "VARIANTES", [])]


def test_chaque_variante_est_celle_d_un_motif_de_la_table():
    lignes = test_urls_roles.table()
    inconnus = [motif for motif, _ in variantes() if motif not in lignes]
    assert not inconnus, f"Variantes sans ligne dans la table : {inconnus}"


def test_chaque_variante_sous_chaque_role(monde):  # noqa: F811 (la fixture du monde commun)
    ecarts = []
    demandes = [(m, v, methode, a) for m, v in variantes() for methode, a in (("get", v), ("post", v.post))]
    for motif, ligne, methode, attendus in demandes:
        url = test_urls_roles.adresse(motif, ligne.params(monde) if ligne.params else {})
        if attendus is None:
            continue
        for role in ROLES:
            client = Client()
            if monde.utilisateurs[role] is not None:
                client.force_login(monde.utilisateurs[role])
            reponse = getattr(client, methode)(url, **ligne.entetes)
            attendu = attendus.attendu(role)
            if reponse.status_code >= 500 or not test_urls_roles._conforme(reponse, attendu):
                ecarts.append(
                    f"{methode.upper()} {url} [{motif}] {role} : {reponse.status_code} "
                    f"{reponse.headers.get('Location', '')} (attendu {attendu})"
                )
    assert not ecarts, "\n".join(ecarts)
