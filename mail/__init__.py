"""Mail from Tryg: the queue every app sends through (mail.queue). The bottom layer: it imports no app."""
