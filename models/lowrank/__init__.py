"""The Low-rank lab's models: the decomposition and its rank-k approximations, the facts a
spectrum gives (energy, both errors, storage), the matrices the lab makes, the files it
reads, and the lab's state and model."""
