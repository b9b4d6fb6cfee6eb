"""``python -m model`` runs the ziya command line."""

from model.cli import main

main()
