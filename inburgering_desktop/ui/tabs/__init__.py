"""The tabs of the dossier editor, one module per tab."""
