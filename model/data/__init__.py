"""Data layer: read, check and convert the data package; scenarios; the stock model; sets."""
