"""Views of the Low-rank lab: a matrix, its rank-k approximation and the error, the
spectrum, the rank-one layers and the LoRA panel."""
