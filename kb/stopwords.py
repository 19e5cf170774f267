"""Stop words for French and English, already case- and accent-folded.

They are function words and chat filler ("hello", "merci", "please"): words that say nothing
about which article a user needs. They are matched after folding, so a user who types
"tres" or "très" is treated the same way.
"""

from __future__ import annotations

# Articles, prepositions, conjunctions, pronouns, forms of "be"/"have"/"do", then greetings
# and politeness. Negations, question words and modals stay: "why can't I" and "how do I"
# ask different things, and idf already makes them cheap where they are common.
ENGLISH = frozenset(
    """
    a an the of to at by for from in into on onto with about as than and or but nor so if then
    i me my mine myself we us our ours you your yours he him his she her hers it its they them
    their theirs this that these those am is are was were be been being have has had having do
    does did doing there here very just also too really
    please pls plz thanks thank thx hi hello hey dear regards cheers ok okay yes yeah hmm um
    """.split()
)

FRENCH = frozenset(
    """
    a au aux avec ce ces cet cette d de des du en et il ils elle elles j je l la le les leur
    leurs lui m me ma mes moi mon n ne nos notre nous on ou par pour qu que qui s sa se ses son sur t
    ta te tes toi ton tu un une vos votre vous y c ca ceci cela ai as avons avez ont suis es est
    sommes etes sont etais etait ete etre avoir eu dans chez tres aussi alors donc puis deja
    jusqu lorsqu puisqu
    bonjour bonsoir salut coucou merci svp stp sil plait madame monsieur cordialement ok oui
    voila bref
    """.split()
)


def stop_words(lang: str | None) -> frozenset[str]:
    """Stop words of one language, or of both when the language is unknown."""
    if lang == "fr":
        return FRENCH
    if lang == "en":
        return ENGLISH
    return FRENCH | ENGLISH
