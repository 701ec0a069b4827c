"""fsqca."""
