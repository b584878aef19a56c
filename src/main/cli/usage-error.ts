/**
 * A mistake in how a command was called (bad flag or value): printed plainly, exit code 2.
 */
export class UsageError extends Error {}
