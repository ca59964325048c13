"""The README documents every setting the settings modules read from the environment."""

import re

from django.conf import settings

ENV_READ = re.compile(r"env_(?:str|bool|int|list)\(\s*\"(?P<name>[A-Z][A-Z0-9_]*)\"")


def test_it_documents_every_environment_variable_the_settings_read():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    names = {
        match["name"]
        for path in (settings.BASE_DIR / "config" / "settings").glob("*.py")
        for match in ENV_READ.finditer(path.read_text(encoding="utf-8"))
    }

    assert names, "no env_* calls found: has config/env.py been renamed?"
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_it_starts_with_the_two_commands():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]

    assert "make run" in first_block
    assert "make test" in first_block
