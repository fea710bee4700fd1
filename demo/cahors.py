"""L'expérimentation de Cahors (2018), telle que la décrit la DITP.

Les dates et chiffres viennent du document source (« Réinventer le service public dans les
territoires », DITP, février 2018). Les lieux d'accueil marqués « démonstration » sont
illustratifs : ils situent les principaux services de Cahors sans prétendre à l'exactitude
de l'annuaire (importer la liste France Services pour des données réelles).
"""

import datetime

from experimentations.enums import TypePhase

EXPERIMENTATION = {
    "slug": "cahors-2018",
    "nom": "Carte Blanche — bassin de vie de Cahors",
    "commanditaire": "DITP (direction interministérielle de la transformation publique)",
    "question": (
        "Comment favoriser la rencontre entre les usagers et un service public adapté aux besoins "
        "du bassin de vie de Cahors ?"
    ),
    "description": (
        "Lancée le 15 décembre 2017 par le Premier ministre et les élus lotois, l'expérimentation Carte Blanche "
        "fait du bassin de vie de Cahors le premier terrain où repenser, à partir des besoins des usagers, le "
        "service public territorial : la zone urbaine du Grand Cahors et des communes rurales des communautés "
        "de Quercy Blanc, Lalbenque-Limogne et Causses de Labastide-Murat (63 communes). Allègement des "
        "contraintes, moyens humains, financiers et techniques : une carte blanche pour repartir de zéro sans "
        "être contraint par le découpage administratif existant."
    ),
    "date_lancement": datetime.date(2017, 12, 15),
    "date_echeance_promesses": datetime.date(2018, 12, 31),
    "phases": [
        {
            "type": TypePhase.DIAGNOSTIC,
            "nom": "Diagnostic de terrain",
            "date_debut": datetime.date(2018, 1, 2),
            "date_fin": datetime.date(2018, 1, 31),
            "description": (
                "30 entretiens collectifs avec une centaine d'acteurs locaux (agents publics, associations, "
                "entreprises) et 10 immersions dans des lieux d'accueil du public pour identifier les irritants "
                "des usagers."
            ),
        },
        {
            "type": TypePhase.SEMINAIRE,
            "nom": "Séminaire d'orientation",
            "date_debut": datetime.date(2018, 2, 7),
            "date_fin": datetime.date(2018, 2, 7),
            "description": (
                "Une cinquantaine de participants choisissent chacun un des 8 personas ; en ateliers, ils "
                "rédigent une lettre d'engagements en réponse à sa lettre d'interpellation."
            ),
        },
        {
            "type": TypePhase.CO_CONSTRUCTION,
            "nom": "Co-construction des solutions",
            "date_debut": datetime.date(2018, 2, 12),
            "date_fin": datetime.date(2018, 4, 13),
            "description": (
                "Deux mois, trois équipes (usagers, agents de terrain, responsables locaux) autour de Sarah, "
                "Sébastien et Roseline : maquetter, tester sur le terrain et ajuster en cycles d'une à deux semaines."
            ),
        },
        {
            "type": TypePhase.SUIVI,
            "nom": "Suivi des promesses",
            "date_debut": datetime.date(2018, 4, 16),
            "date_fin": datetime.date(2018, 12, 31),
            "description": "Les promesses sont suivies jusqu'au 31 décembre 2018 sur un tableau de bord public.",
        },
    ],
}

# Lieux d'accueil illustratifs (type, nom, code INSEE de la commune, latitude, longitude, canaux).
LIEUX_DEMO = [
    ("prefecture", "Préfecture du Lot", "46042", 44.4475, 1.4419, ["guichet", "rendez_vous", "en_ligne"]),
    ("caf", "CAF du Lot — accueil de Cahors", "46042", 44.4437, 1.4403, ["guichet", "rendez_vous", "telephone"]),
    ("cpam", "CPAM du Lot — accueil de Cahors", "46042", 44.4456, 1.4389, ["guichet", "telephone", "en_ligne"]),
    ("france_travail", "Pôle emploi Cahors", "46042", 44.4389, 1.4436, ["guichet", "rendez_vous", "en_ligne"]),
    ("msa", "MSA Midi-Pyrénées Nord — Cahors", "46042", 44.4502, 1.4412, ["rendez_vous", "telephone"]),
    ("carsat", "CARSAT — point d'accueil retraite de Cahors", "46042", 44.4468, 1.4445, ["rendez_vous"]),
    ("ccas", "CCAS de Cahors", "46042", 44.4481, 1.4398, ["guichet", "telephone"]),
    ("france_services", "Maison de services au public de Lalbenque", "46148", 44.3389, 1.5461, ["guichet"]),
    ("france_services", "Maison de services au public de Catus", "46064", 44.5569, 1.3344, ["guichet"]),
]

COMPTES_DEMO = [
    # (identifiant, rôle, prénom, nom, structure)
    ("animatrice", "facilitateur", "Claire", "Animatrice", "DITP"),
    ("agent", "agent", "Karim", "Agent", "CCAS de Cahors"),
    ("participante", "participant", "Julie", "Participante", "Association d'aide à domicile"),
]
MOT_DE_PASSE_DEMO = "carte-blanche-demo"
