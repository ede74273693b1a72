"""Teams by decree (TPPS/TP3S, TKPK, TPK), their members, TPK family assignments and visits."""
