/**
 * Size limits of the protocol, shared by the engine (which enforces them) and the clients (which
 * stay under them, so a user's paste never becomes a connection error).
 */

/** Largest `/rpc` message the engine accepts; bigger ones close the connection (code 1009). */
export const MAX_RPC_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Largest `/data` message the engine accepts. Clients split input into frames well below it. */
export const MAX_DATA_MESSAGE_BYTES = 1024 * 1024;

/** Clients send keystrokes and pastes in INPUT frames of at most this many payload bytes. */
export const MAX_INPUT_FRAME_BYTES = 64 * 1024;

/** Session ids are short ASCII (see `newSessionId`); a frame naming anything else is malformed. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest prompt accepted (a handoff prompt with a big diff stat stays far below). */
export const MAX_PROMPT_CHARS = 100_000;
