"""What every app's pages share and no app owns: the bottom layer, importing no app (like formatting and mail)."""
