"""``python -m incidentmap`` runs the command line."""

from incidentmap.cli import main

main()
