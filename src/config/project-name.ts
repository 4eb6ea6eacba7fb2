import { basename } from "node:path";

/** Valid project names: they prefix container names and name the Docker network. */
export const PROJECT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** A folder name made into a project name: lowercase, runs of other characters → "-", trimmed. */
export function sanitiseProjectName(folder: string): string {
  const name = basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "rpi";
}
