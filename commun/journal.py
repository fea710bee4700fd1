"""Les journaux sont en ajout seul : une ligne écrite n'est jamais modifiée ni supprimée.

Base abstraite des journaux de toutes les apps (codage des irritants, publication des verbatims,
versions des lettres, avancement des promesses…). `save()` sur une ligne existante, `delete()`, et
`update()` ou `delete()` sur un QuerySet lèvent `JournalInalterable` ; les clés étrangères d'un
journal pointent en `PROTECT`, si bien que ce qu'il raconte ne peut pas disparaître non plus : on le
retire, on ne le supprime pas. (Comme le `Journal` d'Aidants Connect.)
"""

from django.db import models


class JournalInalterable(Exception):
    """Tentative de modifier ou de supprimer une ligne de journal."""


MESSAGE = "Une ligne de journal ne se modifie pas et ne se supprime pas."


class JournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalInalterable(MESSAGE)

    def delete(self):
        raise JournalInalterable(MESSAGE)

    def bulk_update(self, objs, fields, batch_size=None):
        raise JournalInalterable(MESSAGE)


class LigneJournal(models.Model):
    objects = JournalQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalInalterable(MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalInalterable(MESSAGE)
