"""Click sub-commands, one module each; ``dodarchive.cli`` wires them together."""
