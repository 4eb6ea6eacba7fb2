/** A problem found in the file, before it gets a line and column: the data path, and key or value. */
export interface Problem {
  path: (string | number)[];
  at: "key" | "value";
  message: string;
}
