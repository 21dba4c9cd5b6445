"""Pure domain logic of the ERDF monitoring dashboard: rates, thresholds, status, aggregation. Imports no Dash."""
