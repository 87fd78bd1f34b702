"""crosswalk: match people across human-services programs, nightly."""
