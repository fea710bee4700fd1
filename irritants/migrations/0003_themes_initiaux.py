from django.db import migrations

# Les trois axes du diagnostic de Cahors (document DITP, février 2018) ; modifiables ensuite.
THEMES = [
    (
        "accessibilite-mobilite",
        "Accessibilité des services publics et mobilité",
        "L'accessibilité des services publics et les déplacements dans un bassin de vie où la mobilité "
        "constitue une problématique majeure.",
    ),
    (
        "adaptation-reponse",
        "Adaptation de la réponse des services aux besoins des usagers",
        "La réponse apportée par les services et son adaptation aux besoins spécifiques des usagers.",
    ),
    (
        "accompagnement-eloignes",
        "Accompagnement des usagers les plus éloignés",
        "La prise en charge des usagers les plus éloignés des services publics : les informer et les guider "
        "dans la connaissance et l'accès à leurs droits.",
    ),
]


def creer_themes(apps, schema_editor):
    Theme = apps.get_model("irritants", "Theme")
    for ordre, (slug, nom, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"nom": nom, "description": description, "ordre": ordre})


class Migration(migrations.Migration):
    dependencies = [("irritants", "0002_initial")]

    operations = [migrations.RunPython(creer_themes, migrations.RunPython.noop)]
