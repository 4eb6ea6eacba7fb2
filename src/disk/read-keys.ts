import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";

/**
 * Reads the public-key files of `ssh.authorized_keys` for planDiskEdits (which stays pure). A
 * missing file, or one that holds a private key, is a ConfigError naming it.
 */
export async function readAuthorizedKeys(
  machineName: string,
  paths: readonly string[],
): Promise<string[]> {
  return Promise.all(
    paths.map(async (path) => {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        throw new ConfigError(
          `machine ${machineName}: ssh.authorized_keys file ${path} cannot be read (${(error as { code?: string }).code ?? "error"})`,
          "list public-key files (e.g. ~/.ssh/id_ed25519.pub) that exist",
        );
      }
      if (/PRIVATE KEY/.test(text)) {
        throw new ConfigError(
          `machine ${machineName}: ${path} is a private key, not a public one`,
          "list the .pub file instead: a private key must never be copied into an image",
        );
      }
      return text;
    }),
  );
}
