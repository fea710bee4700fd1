"""Ce que l'app des ateliers annonce aux apps du dessus (contrat pour `promesses`).

Les services des ateliers envoient ces signaux dans leur transaction, avec l'engagement concerné ; une app
du dessus (`promesses`) les écoute pour tenir sa propre ligne (`Promesse`, en OneToOne vers `Engagement`).
Les ateliers n'importent jamais l'app du dessus.

- `engagement_enregistre(sender=Engagement, engagement, cree)` : un engagement vient d'être créé ou modifié
  (titre, description, porteur, échéance, irritants, ou son statut de promesse retenue au séminaire).
- `engagement_retire(sender=Engagement, engagement)` : un engagement est retiré de sa lettre ; la ligne
  reste (elle n'est jamais supprimée), `engagement.retire_le` est renseigné.
"""

from django.dispatch import Signal

engagement_enregistre = Signal()
engagement_retire = Signal()
