"""The offline field app (``/lapangan/``): kader measure and TPK visit without a signal."""
