/**
 * Counter-based pseudo-random numbers with explicit keys. Import as a namespace:
 * `import { random } from '@stepwise/tensor'`.
 * @module
 */
export {};
