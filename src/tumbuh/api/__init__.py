"""Open interfaces: the REST API (``/api/v1/``), machine tokens, FHIR for SATUSEHAT, DHIS2
aggregates and the e-PPGBM-shaped export."""
