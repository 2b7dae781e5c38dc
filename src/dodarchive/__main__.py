"""``python -m dodarchive`` runs the command-line interface."""

from dodarchive.cli import main

if __name__ == "__main__":
    main()
