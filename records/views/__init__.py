"""Server-rendered pages for dossiers and the records register (thin: parse, call, render)."""
