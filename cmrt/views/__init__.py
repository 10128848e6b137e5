"""Views of the cmrt app, one module per area; each view calls a service or a selector."""
