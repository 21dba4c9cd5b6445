"""Page builders: one module per page, each a function (lang, as_of, ids) -> layout. Pages call these."""
