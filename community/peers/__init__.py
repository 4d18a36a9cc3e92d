"""Peers further along: rules (`access`), writes (`services`), reads (`selectors`), the
weekly sweep (`sweep`) and the words for the matcher's reasons (`wording`). The pure
matcher is `community.matching`; the models are `community.models.peers`."""
