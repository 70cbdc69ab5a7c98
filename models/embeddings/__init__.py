"""The Embeddings lab's models: word vectors (shipped GloVe subset, a person's own files,
generated sets), cosine/Euclidean/dot neighbours, query expressions and PCA. Pure NumPy
(CuPy through :mod:`models.core.backend`); no Qt."""
