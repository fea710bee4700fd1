from django.core.management.base import BaseCommand, CommandError

from demo.services import DemoImpossible, demo_charger


class Command(BaseCommand):
    help = (
        "Charge l'expérimentation de démonstration de Cahors (idempotent). Comptes de démo hors production seulement."
    )

    def handle(self, *args, **options):
        try:
            resultat = demo_charger()
        except DemoImpossible as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Expérimentation prête : {resultat['experimentation']}"))
        chiffres = resultat["diagnostic"]
        self.stdout.write(
            f"Diagnostic de terrain (contenu illustratif) : {chiffres['entretiens']} entretiens, "
            f"{chiffres['immersions']} immersions, {chiffres['acteurs']} acteurs, {chiffres['observations']} "
            f"observations, {chiffres['verbatims']} verbatims, {chiffres['irritants']} irritants."
        )
        personas = resultat["personas"]
        self.stdout.write(
            f"Personas (reconstitutions illustratives) : {personas['personas']} personas dont {personas['publies']} "
            f"publiés, {personas['lettres']} lettres d'interpellation."
        )
        seminaire = resultat["seminaire"]
        if seminaire["cree"]:
            self.stdout.write(
                "Séminaire du 7 février 2018 (reconstitution illustrative) : "
                f"{seminaire['participants']} participants, {seminaire['engagements']} engagements, "
                f"{seminaire['voix']} voix, {seminaire['equipes']} équipes, "
                f"{seminaire['sessions']} sessions du laboratoire."
            )
        if (suivi := resultat.get("suivi")) and suivi["points"]:
            self.stdout.write(
                f"Suivi des promesses (reconstitution illustrative) : {suivi['promesses']} promesses, "
                f"{suivi['points']} points d'avancement, {suivi['instantanes']} instantanés quotidiens."
            )
        if resultat["comptes"]:
            self.stdout.write(f"Comptes de démonstration (mot de passe : {resultat['mot_de_passe']}) :")
            for user in resultat["comptes"]:
                roles = ", ".join(g.name for g in user.groups.all())
                self.stdout.write(f"  - {user.username} ({roles})")
        else:
            self.stdout.write("Aucun compte de démonstration : ils sont désactivés avec ces réglages.")
