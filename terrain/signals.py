"""Ce que le terrain annonce aux apps qui dépendent de lui, sans les connaître.

`observation_retiree` part dans la transaction du retrait : l'app des irritants y détache l'observation
de ses irritants en l'écrivant à son journal.
"""

from django.dispatch import Signal

# Arguments : observation, acteur, motif.
observation_retiree = Signal()
