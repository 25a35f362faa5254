"""Registry of demo-data seeders, one per app (`<app>/demo.py`), run by `seed_demo`.

Each seeder is idempotent and takes `stdout`; they run in INSTALLED_APPS order.
"""

from collections.abc import Callable

_SEEDERS: list[tuple[str, Callable]] = []


def demo_seeder(func):
    name = f"{func.__module__}.{func.__qualname__}"
    if name not in [n for n, _ in _SEEDERS]:
        _SEEDERS.append((name, func))
    return func


def seeders() -> list[Callable]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return [func for _name, func in _SEEDERS]
