/**
 * Vite client types for the renderer: side-effect CSS imports and `import.meta.env`.
 */
/// <reference types="vite/client" />
