"""Pages of the records unit (namespace ``retention``): thin views that parse, call one
service or selector, and render."""
