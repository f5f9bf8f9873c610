"""Reading a letter's text: pure functions, no Django, no I/O (easy to fuzz).

``sentences`` is the one sentence splitter that every excerpt, answer and footnote uses.
"""
