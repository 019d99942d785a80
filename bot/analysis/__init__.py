"""Analysis: text in, search keys out — the same chain for passages and questions.

``chars`` (folding and tokenizing) ← ``dictionary`` (hazm's data, read once) ← ``stemmer`` (the
rules) ← ``cache`` (the lexicon kept between processes) ← ``analyzer`` (the chain).
"""
