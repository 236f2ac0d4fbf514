// Linear algebra.
export {};
