"""``python -m assessment_rules.locale``: extract, merge into the ``.po``, compile the ``.mo``."""

from __future__ import annotations

from ._catalog import MO_FILE, PO_FILE, compile_catalog, update_catalog


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if string is None:
        return ("",)
    return (string,) if isinstance(string, str) else tuple(string)


def main() -> None:
    """Update the Chinese catalog from the source and compile it; list what is untranslated."""
    catalog = update_catalog()
    compile_catalog()
    # A plural message's string is a tuple of forms, truthy even when every form is empty.
    untranslated = [
        message.id
        for message in catalog
        if message.id and (message.fuzzy or not all(_forms(message.string)))
    ]
    print(f"{PO_FILE}\n{MO_FILE}\n{len(untranslated)} message(s) to translate")
    for message_id in untranslated:
        print(f"  {message_id!r}")


if __name__ == "__main__":
    main()
