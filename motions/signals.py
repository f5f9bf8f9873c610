"""Signals the motions app sends; other apps (letters) listen. motions never imports them."""

from django.dispatch import Signal

# Sent (sender=Kamerstuk, kamerstuk=…) after the registry showed that a paper a letter called a
# motion is something else (e.g. a government letter): the placeholder Motion is gone.
kamerstuk_is_not_a_motion = Signal()

# Sent (sender=FeedEntity, entities=[MirroredEntity, …]) inside the transaction of each committed
# SyncFeed page, with the entities the page created or changed; the letters app queues the letters
# they make new or different (letters.harvest.note_mirror_changes).
mirror_page_stored = Signal()
