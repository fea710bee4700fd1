"""Les listes déroulantes des filtres ne montrent que ce que l'utilisateur peut voir.

Un agent sans observation ne découvre, dans les options des filtres de /terrain/observations/, ni les
communes, ni les entretiens (date et commune), ni les immersions, ni les lieux, ni les auteurs que
d'autres agents ont notés ; un facilitateur les voit tous.
"""

import datetime
import re

from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.terrain.factories import EntretienFactory, ImmersionFactory, ObservationFactory
from tests.territoire.factories import CommuneFactory, LieuAccueilFactory


def _options(html: str, nom: str) -> list[str]:
    bloc = re.search(rf'<select[^>]*name="{nom}"[^>]*>(.*?)</select>', html, re.S)
    if bloc is None:
        return []
    return [valeur for valeur in re.findall(r'<option value="([^"]*)"', bloc[1]) if valeur]


def test_un_agent_ne_decouvre_pas_par_les_filtres_ce_que_d_autres_ont_note(client):
    experimentation = ExperimentationFactory(
        date_lancement=datetime.date(2017, 12, 15), date_echeance_promesses=datetime.date(2018, 12, 31)
    )
    autre = agent(username="autre", last_name="Secret")
    figeac = CommuneFactory(code_insee="46102", nom="Figeac")
    lieu = LieuAccueilFactory(commune=figeac, nom="Accueil confidentiel")
    entretien = EntretienFactory(experimentation=experimentation, commune=figeac)
    immersion = ImmersionFactory(experimentation=experimentation, lieu=lieu)
    for origine in ({"entretien": entretien}, {"immersion": immersion}):
        observation = ObservationFactory(experimentation=experimentation, auteur=autre, **origine)
        observation.communes.set([figeac])
        observation.lieux.set([lieu])

    client.force_login(agent(username="moi"))
    html = client.get("/terrain/observations/").content.decode()
    for nom in ("commune", "entretien", "immersion", "lieu", "auteur"):
        assert _options(html, nom) == [], nom
    assert "Figeac" not in html and "Accueil confidentiel" not in html and "Secret" not in html

    client.force_login(facilitateur())
    html = client.get("/terrain/observations/").content.decode()
    assert _options(html, "commune") == ["46102"]
    assert _options(html, "entretien") == [str(entretien.pk)]
    assert _options(html, "immersion") == [str(immersion.pk)]
    assert _options(html, "lieu") == [str(lieu.pk)]
    assert str(autre.pk) in _options(html, "auteur")
