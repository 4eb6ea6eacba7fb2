import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node } from "yaml";

/** A 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** Finds where a value (or its key) is written, so every error can name a line and column. */
export type Locator = (path: readonly (string | number)[], at?: "key" | "value") => Position;

export type ParseResult =
  { data: unknown; locate: Locator } | { errors: { position: Position; message: string }[] };

/** Parses rpi.yml text keeping node ranges; YAML syntax errors (and tabs) come back with their positions. */
export function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  // merge: true lets machines share settings through YAML anchors and `<<:` merge keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const position = (offset: number): Position => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((error) => ({
        position: position(error.pos[0]),
        message:
          error.code === "TAB_AS_INDENT"
            ? "tab character used for indentation: indent with spaces"
            : `YAML syntax error: ${error.message}`,
      })),
    };
  }
  return { data: doc.toJS({ maxAliasCount: 1000 }), locate: locator(doc, position) };
}

function locator(doc: Document, position: (offset: number) => Position): Locator {
  return (path, at = "value") => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    let found: Node | undefined = isNode(node) ? node : undefined;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) =>
            isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair) {
          keyNode = isNode(pair.key) ? pair.key : undefined;
          next = pair.value;
          // A key with no value (`memory:`) has no value node, or an empty one: point at the key.
          const empty = !isNode(next) || (isScalar(next) && next.range?.[0] === next.range?.[1]);
          found = empty ? keyNode : (next as Node);
        }
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
        keyNode = undefined;
        if (isNode(next)) found = next;
      }
      if (next === undefined) {
        // The path goes further than the file (a missing key): point at the deepest part written.
        keyNode = undefined;
        break;
      }
      node = next;
    }
    const target = at === "key" && keyNode ? keyNode : found;
    return target?.range ? position(target.range[0]) : { line: 1, col: 1 };
  };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value);
}
