"""Domain operations (publish a need, import a bundle, express interest): no HTTP here."""
