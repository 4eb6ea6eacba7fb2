/** The config loader's public face: other parts import from here. */
export { loadProject, requireProject, formatDiagnostics } from "./load.js";
export type { LoadOptions, LoadResult } from "./load.js";
export type { ConfigDiagnostic } from "./diagnostic.js";
export { formatDiagnostic } from "./diagnostic.js";
