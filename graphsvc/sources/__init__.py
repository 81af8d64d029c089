"""Where articles come from beyond text handed in: web pages (fetch, HTML extraction) and the
normalisation every input path goes through before it is hashed and extracted."""
