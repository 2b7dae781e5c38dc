"""Article history: versions of each article across its captures (``dodarchive history``).

Modules, in data-flow order: :mod:`~dodarchive.history.versions` (fold captures into
versions, choose the current record, describe edits), :mod:`~dodarchive.history.html`
(readable diff pages).
"""
