from django.db import migrations

PUBLICS = [
    ("personnes-agees", "Personnes âgées"),
    ("demandeurs-emploi", "Demandeurs d'emploi"),
    ("familles-monoparentales", "Familles monoparentales"),
    ("jeunes", "Jeunes"),
    ("sans-vehicule", "Personnes sans véhicule"),
    ("eloignes-numerique", "Personnes éloignées du numérique"),
    ("handicap", "Personnes en situation de handicap"),
    ("actifs", "Actifs aux horaires contraints"),
]


def creer_publics(apps, schema_editor):
    Public = apps.get_model("terrain", "Public")
    for ordre, (slug, nom) in enumerate(PUBLICS, start=1):
        Public.objects.get_or_create(slug=slug, defaults={"nom": nom, "ordre": ordre})


class Migration(migrations.Migration):
    dependencies = [("terrain", "0001_initial")]

    operations = [migrations.RunPython(creer_publics, migrations.RunPython.noop)]
