"""Stop words of the languages the search analyses besides English (``core.textsearch``).

Small, curated lists: the function words of each language (articles, prepositions,
conjunctions, pronouns, the commonest forms of "to be" and "to have"), as a person types them,
with and without accents (the search compares words folded too). Words that carry meaning in
this registry are left out on purpose: "paix", "paz", "femmes", negations ("ne", "pas", "no",
"لا") and the numbers.

Arabic words are written as ``core.textsearch.arabic`` normalises them (bare alef, haa for taa
marbuta, yaa for alef maqsura, no diacritics), and the common prefixed forms of the particles
are listed as typed ("وفي", "والى").
"""

FRENCH = frozenset(
    """
    a à au aux avec ce ces c ça cet cette d dans de des du elle elles en entre est et été
    étaient était être eu il ils j je l la le les leur leurs lui m ma mais me même mes moi mon
    n nos notre nous on ont ou où par pour qu que quel quelle quelles quels qui s sa sans se
    ses si son sont sous sur t ta te tes toi ton tu un une vos votre vous y
    """.split()
)

SPANISH = frozenset(
    """
    a al algo algunas algunos ante antes como con contra cual cuando de del desde donde
    durante e el él ella ellas ellos en entre era eran es esa esas ese eso esos esta está
    están estas este esto estos fue fueron ha han hasta hay la las le les lo los más me mi
    mis mucho muy nos nosotras nosotros o os otra otras otro otros para pero por porque que
    qué se sea ser si sí sin sobre su sus también te tiene tienen todo todos tu tus u un una
    unas uno unos y ya
    """.split()
)

PORTUGUESE = frozenset(
    """
    a à ao aos as às com como da das de dela delas dele deles do dos e é ela elas ele eles
    em entre era eram essa essas esse esses esta está estão estas este estes eu foi foram há
    isso isto já lhe lhes mais mas me mesmo meu minha na nas nem no nos nós nossa nosso num
    numa o os ou para pela pelas pelo pelos por quando que se sem ser seu seus sua suas
    também te tem têm um uma umas uns você vocês
    """.split()
)

ARABIC = frozenset(
    """
    في من الي علي عن مع ان او ثم بين هذا هذه ذلك تلك الذي التي الذين هو هي هم هن نحن انا
    انت كان كانت يكون تكون قد كل بعض عند حتي اذا لقد منذ حول خلال ضد لدي لها له لهم
    وفي ومن والي وعلي وعن ومع وان او وهو وهي بها به فيها فيه منها منه عليها عليه الي
    """.split()
)

STOPWORDS_BY_LANGUAGE = {
    "fr": FRENCH,
    "es": SPANISH,
    "pt": PORTUGUESE,
    "ar": ARABIC,
}
