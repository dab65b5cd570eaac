"""Letters as PDF/A-2b: the rendering engine (no Qt; renders bytes and stores nothing)."""
