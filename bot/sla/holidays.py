"""Public holidays of one country, importing that country's module alone.

``holidays.country_holidays("FR")`` goes through the package ``holidays.countries``, whose
``__init__`` imports every country the library knows (about 280 modules, 16 MB of a running bot)
when a desk needs one. The library's registry (``holidays.registry.COUNTRIES``, plain data) names
the module of each code; that module's file is loaded on its own, under its usual name, so that
a later ``import holidays.countries`` finds it already there. A country whose module imports
another country's (a territory of the United States, say) still works: Python then imports the
whole package, as the library alone would.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays.holiday_base import HolidayBase


class UnknownCountry(LookupError):
    """A country code the holidays library has no calendar for."""


def country_class(country: str) -> type[HolidayBase]:
    """The holidays class of ``country`` (an ISO code: ``FR``, ``FRA``); :class:`UnknownCountry`
    for a code the library does not know."""
    import holidays
    from holidays.registry import COUNTRIES

    found = next(((module, names[0]) for module, names in COUNTRIES.items() if country in names[1:]), None)
    if found is None:
        raise UnknownCountry(f"Country {country} not available")
    module_name, class_name = found
    full_name = f"holidays.countries.{module_name}"
    module = sys.modules.get(full_name)
    if module is None:
        path = Path(holidays.__file__).parent / "countries" / f"{module_name}.py"
        spec = importlib.util.spec_from_file_location(full_name, path)
        if spec is None or spec.loader is None:
            raise UnknownCountry(f"Country {country} not available: no module at {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[full_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[full_name]
            raise
    entity: type[HolidayBase] = getattr(module, class_name)
    return entity
