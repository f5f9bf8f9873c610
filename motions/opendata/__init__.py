"""The Tweede Kamer open-data mirror on the SyncFeed.

``feed`` reads Atom pages (pure HTTP + lxml), ``mirror`` keeps every entity as the source gives it
(``FeedEntity``, ``FeedReference``), ``projection`` builds the domain from the mirror with the rules of
``mapping`` and ``toezeggingen``, ``sync`` ties them together a page per transaction, ``placeholders``
fills papers that letters cited before the register knew them. See docs/SYNC.md.
"""
