"""Message catalogs: every text a user reads, in French and English."""

from bot.i18n.catalog import Catalog, Language, normalize_language

__all__ = ["Catalog", "Language", "normalize_language"]
