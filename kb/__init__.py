"""Knowledge base: articles on disk, a search engine over them, and its evaluation.

Import the submodules you need (``kb.engine``, ``kb.library``...); nothing is loaded here.
"""
