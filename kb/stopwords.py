"""Stop words for French and English, already case- and accent-folded.

They are function words and chat filler ("hello", "merci", "please"): words that say nothing
about which article a user needs. They are matched after folding, so a user who types
"tres" or "très" is treated the same way.
"""

from __future__ import annotations

ENGLISH = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each few for from further had hadn has hasn have haven having he her here hers herself
    him himself his how i if in into is isn it its itself just let ll me more most my myself no nor
    not now of off on once only or other ought our ours ourselves out over own re same shan she
    should shouldn so some such than that the their theirs them themselves then there these they
    this those through to too under until up ve very was wasn we were weren what when where which
    while who whom why will with won would wouldn you your yours yourself yourselves
    also am anyone anything anyway around yet still really get got getting gets go going gone
    want wanted wants need needs needed like please pls plz thanks thank thx hi hello hey
    dear good morning afternoon evening regards cheers ok okay yes yeah hmm um guys sir madam
    help helps helping know tell someone somebody something im ive id youre dont cant wont
    could possible possibly maybe just kind sort lot lots one way ask asking wondering wonder
    able unable happen happened happens does
    """.split()
)

FRENCH = frozenset(
    """
    a ai aie aient aies ait alors as au aucun aucune aupres aura aurai auraient aurais aurait
    auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec
    avez aviez avions avoir avons ayant ayez ayons bon ca car ce ceci cela celle celles celui cependant
    ces cet cette ceux chaque chez ci comme comment dans de des deja depuis doit donc dont du elle elles
    en encore entre es est et etaient etais etait etant etc ete etes etiez etions etre eu eue eues
    eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux fait faites faut fois
    fumes furent fus fusse fussent fusses fussiez fussions fut futes ici il ils j je jusqu la le
    les leur leurs lorsqu lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas
    peu peut peuvent peux plus pour pourquoi pourrais pourrait pouvez puis qu quand que quel quelle
    quelles quels qui quoi s sa sans se sera serai seraient serais serait seras serez seriez serions
    serons seront ses si sien soi soient sois soit sommes son sont sous soyez soyons suis sur t ta
    te tes toi ton tous tout toute toutes tres tu un une vos votre vous vu y c d l
    bonjour bonsoir salut coucou merci svp stp sil plait madame monsieur cordialement bien ok oui
    non voila alors bref aide aider besoin voudrais veux voulais souhaite souhaiterais aimerais
    quelqu quelque chose savoir sais dire
    """.split()
)


def stop_words(lang: str | None) -> frozenset[str]:
    """Stop words of one language, or of both when the language is unknown."""
    if lang == "fr":
        return FRENCH
    if lang == "en":
        return ENGLISH
    return FRENCH | ENGLISH
