"""A self-contained demo: a replica of the proceedings with generated papers and known answers."""
