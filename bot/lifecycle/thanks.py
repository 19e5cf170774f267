"""Whether a message only says thanks ("Merci beaucoup !", "thanks a lot 👍"): on a closed ticket
it reopens nothing. Any word beyond politeness ("merci, mais ça ne marche toujours pas") makes
it a real message."""

from __future__ import annotations

from bot.text import fold

_GRATITUDE = frozenset("merci remercie remercions thanks thank thx ty cheers".split())
_POLITE = _GRATITUDE | frozenset(
    """
    beaucoup bcp mille fois infiniment encore tres bien vraiment bonne journee soiree fin de semaine week end weekend
    a bientot cordialement bien salutations pour votre ton aide reponse rapide je vous nous c'est bon parfait super top
    nickel genial impeccable ok okay d'accord daccord ca marche tout regle resolu
    you so much very a lot many all good great perfect cool have nice day evening regards best for your the help quick
    answer it works again solved
    """.split()
)
_THANKFUL_SIGNS = ("👍", "🙏", "😊", "🙂", "❤", "👌")


def is_thanks_only(text: str) -> bool:
    words = fold(text).split()
    if not words:
        return any(sign in text for sign in _THANKFUL_SIGNS)
    return all(word in _POLITE for word in words) and any(word in _GRATITUDE for word in words)
