"""Signals the motions app sends; other apps (letters) listen. motions never imports them."""

from django.dispatch import Signal

# Sent (sender=Kamerstuk, kamerstuk=…) after the registry showed that a paper a letter called a
# motion is something else (e.g. a government letter): the placeholder Motion is gone.
kamerstuk_is_not_a_motion = Signal()
