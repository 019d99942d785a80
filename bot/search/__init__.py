"""Search: the index (``schema``, ``build`` with its ``workers``, ``index`` to read it), the
question (``query``), ``scoring`` as pure functions, and the ``searcher`` that runs them."""
