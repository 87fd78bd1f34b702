"""Judging crosswalk, apart from running it: evaluation against generated truth, the careful
plain-Splink baseline, FEBRL, blocking evidence and the benchmark (`crosswalk bench`,
`crosswalk evaluate`). Nothing on the nightly path imports this package."""
