"""Documents PDF générés en arrière-plan, pour toutes les apps du domaine (qu'elle ne connaît pas).

Mode d'emploi pour une app (personas, ateliers, promesses) :

1. Déclarer une source dans `<app>/documents.py` (importé au démarrage, voir `documents.registre`) :

       from documents.registre import Contenu, source

       @source("personas.lettre", voir=lettre_visible, demander="personas.gerer_personas")
       def lettre(objet_id: str) -> Contenu:
           lettre = LettreInterpellation.objects.select_related("persona").get(pk=objet_id)
           return Contenu(titre=..., nom_fichier="lettre-sarah.pdf", gabarit="personas/pdf/lettre.html",
                          contexte={"lettre": lettre, "entete": {...}, "lieu": "Cahors", "date": lettre.modifiee_le,
                                    "corps": markdown_sur(lettre.corps, notes={str(i.pk): i.titre for i in ...})})

   Le gabarit étend `documents/pdf/lettre.html` (blocs expediteur, destinataire, objet, corps,
   signature…) ou `documents/pdf/base.html` (livret, dossier, fiche).

2. Demander le PDF depuis une vue (ou laisser le bouton « Générer le PDF » du bloc d'état le faire) :

       from documents.services import document_demander
       document = document_demander(source="personas.lettre", objet_id=lettre.pk, acteur=request.user)

   La requête revient tout de suite ; rien n'est refait si le contenu n'a pas changé.

3. Montrer l'état dans la page (se met à jour seul avec htmx, annoncé aux lecteurs d'écran) :

       {% load documents %}{% document_etat "personas.lettre" lettre.pk %}

4. Faire un lien vers le fichier : `document.url_fichier` (/documents/<uuid>/<nom>.pdf), adresse
   stable qui sert toujours le dernier PDF complet publié.

Outils : `documents.markdown.markdown_sur` (Markdown d'utilisateur → HTML sûr, notes `[^clé]`), filtre
`date_longue` (« 1er mars 2018 »), `documents.selectors.documents_pour` (listes en une requête),
`documents.services.document_supprimer` (effacement avec l'objet).
"""
