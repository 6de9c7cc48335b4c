// Whole-number range checks for values a user types or a module reports (ports, keepalives, ids).

/** True when `n` is an integer from `min` to `max`, both included. */
export const isIntIn = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;
