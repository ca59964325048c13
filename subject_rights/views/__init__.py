"""Server-rendered pages for subject requests and the consent register (thin: parse, call,
render)."""
