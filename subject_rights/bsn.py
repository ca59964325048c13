"""Spotting a Dutch citizen service number (BSN) in free text (R-CON-6).

A BSN is nine digits that pass the "elfproef" (11-test): 9·d1 + 8·d2 + … + 2·d8 − 1·d9
is a multiple of 11. It is often written with dots or spaces (1234.56.782). The words
"BSN" / "burgerservicenummer" naming the number as data to be passed on count as well:
the rule forbids *using* the number, not only typing it.
"""

import re

_CANDIDATE = re.compile(r"(?<!\d)(\d{4})[ .-]?(\d{2})[ .-]?(\d{3})(?!\d)")
_NAMED = re.compile(r"\b(bsn|burgerservicenummer|sofinummer|citizen service number)\b", re.IGNORECASE)
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    return sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


def contains_bsn_number(text: str) -> bool:
    return any(passes_elfproef("".join(match.groups())) for match in _CANDIDATE.finditer(text or ""))


def names_bsn(text: str) -> bool:
    return bool(_NAMED.search(text or ""))
